/** One server-sent event. */
export interface SseMessage {
  event: string
  data: string
}

/**
 * Incremental parser for `text/event-stream` (the subset the server sends:
 * `event:` and `data:` fields, comments, blank-line terminated frames).
 * Feed it text as it arrives; it returns the complete messages.
 */
export function createSseParser(): (chunk: string) => SseMessage[] {
  let buffer = ''
  return (chunk) => {
    buffer += chunk.replace(/\r\n?/g, '\n')
    const messages: SseMessage[] = []
    let end: number
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      let event = 'message'
      const data: string[] = []
      for (const line of frame.split('\n')) {
        if (line.startsWith(':')) continue
        const colon = line.indexOf(':')
        const field = colon < 0 ? line : line.slice(0, colon)
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
        if (field === 'event') event = value
        else if (field === 'data') data.push(value)
      }
      if (data.length) messages.push({ event, data: data.join('\n') })
    }
    return messages
  }
}
