const WEI_PER_ETH = 10n ** 18n

/** A wei amount (decimal string) as ETH with up to `digits` decimals: `1.5 ETH`. */
export function formatEth(wei: string, digits = 6): string {
  const value = BigInt(wei)
  const whole = value / WEI_PER_ETH
  const fraction = (value % WEI_PER_ETH).toString().padStart(18, '0').slice(0, digits)
  const trimmed = fraction.replace(/0+$/, '')
  const shown = `${whole}${trimmed ? `.${trimmed}` : ''}`
  return value > 0n && shown === '0' ? `less than 0.${'0'.repeat(digits - 1)}1 ETH` : `${shown} ETH`
}
