/**
 * Server-sent events from a byte stream: reassembles whole events across network chunks
 * (an event may arrive in many pieces, or many events in one), decodes UTF-8 with a streaming
 * decoder (a multi-byte character split across chunks is never corrupted), and accepts
 * \n, \r\n and \r line endings.
 */
export interface SseEvent {
  event?: string;
  data: string;
}

/** Longest event accepted before giving up on a stream (protects memory). */
const MAX_EVENT_CHARS = 8 * 1024 * 1024;

export class SseParser {
  readonly #decoder = new TextDecoder('utf-8');
  #buffer = '';

  /** Whole events completed by this chunk. */
  push(chunk: Uint8Array): SseEvent[] {
    this.#buffer += this.#decoder.decode(chunk, { stream: true });
    return this.#drain(false);
  }

  /** Events left when the stream ends (a last event without its blank line counts). */
  end(): SseEvent[] {
    this.#buffer += this.#decoder.decode();
    return this.#drain(true);
  }

  /** Characters received but not yet part of a whole event. */
  get pending(): number {
    return this.#buffer.length;
  }

  #drain(final: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    // A \r at the very end may be the first half of \r\n: keep it raw until the next chunk.
    const heldCarriageReturn = !final && this.#buffer.endsWith('\r');
    if (heldCarriageReturn) this.#buffer = this.#buffer.slice(0, -1);
    if (this.#buffer.includes('\r')) this.#buffer = this.#buffer.replace(/\r\n?/g, '\n');
    let start = 0;
    for (;;) {
      const end = this.#buffer.indexOf('\n\n', start);
      if (end === -1) break;
      const event = parseEvent(this.#buffer.slice(start, end));
      if (event) events.push(event);
      start = end + 2;
    }
    this.#buffer = start === 0 ? this.#buffer : this.#buffer.slice(start);
    if (final && this.#buffer.trim() !== '') {
      const event = parseEvent(this.#buffer);
      if (event) events.push(event);
      this.#buffer = '';
    }
    if (heldCarriageReturn) this.#buffer += '\r';
    if (this.#buffer.length > MAX_EVENT_CHARS) throw new Error('server-sent event too large');
    return events;
  }
}

function parseEvent(block: string): SseEvent | undefined {
  let eventName: string | undefined;
  let data: string | undefined;
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
    else if (field === 'event') eventName = value;
  }
  if (data === undefined) return undefined;
  return eventName !== undefined ? { event: eventName, data } : { data };
}
