import { getBytes, type BytesLike } from 'ethers'

/** Each ASCII code's hex digit value, -1 where it is none. */
const DIGIT = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) DIGIT[48 + i] = i
for (let i = 0; i < 6; i++) {
  DIGIT[65 + i] = 10 + i
  DIGIT[97 + i] = 10 + i
}

/**
 * The bytes of `value`, as ethers' `getBytes` answers them (a Uint8Array is
 * answered as it is), but reading hex through a table: ethers validates it
 * with a regular expression, then parses two digits at a time with
 * `substring` and `parseInt` (4.4 against 0.2 µs for 32 bytes here), which an
 * audit pays some thirty times a record (every field of every record, on the
 * chain side and on the row side). Anything that is not `0x` and an even
 * number of hex digits goes to `getBytes`, so it throws exactly as there.
 */
export function hexBytes(value: BytesLike, name?: string): Uint8Array {
  if (typeof value !== 'string') return getBytes(value, name)
  const n = value.length
  if (n % 2 !== 0 || value.charCodeAt(0) !== 48 || value.charCodeAt(1) !== 120) {
    return getBytes(value, name)
  }
  const bytes = new Uint8Array((n - 2) / 2)
  for (let i = 2, j = 0; i < n; i += 2, j++) {
    const high = DIGIT[value.charCodeAt(i)] ?? -1
    const low = DIGIT[value.charCodeAt(i + 1)] ?? -1
    if ((high | low) < 0) return getBytes(value, name)
    bytes[j] = (high << 4) | low
  }
  return bytes
}
