import { describe, expect, it } from 'vitest';
import { parseEventBlock, readServerSentEvents, type ServerSentEvent } from './sse.ts';

function streamOf(pieces: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(typeof piece === 'string' ? encoder.encode(piece) : piece);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readServerSentEvents(stream)) events.push(event);
  return events;
}

describe('readServerSentEvents', () => {
  it('reassembles events split anywhere across network chunks', async () => {
    const wire = 'event: message\ndata: {"a":1}\n\nevent: delta\ndata: {"content":"Bon"}\n\nevent: done\ndata: {}\n\n';
    for (const size of [1, 3, 7, wire.length]) {
      const pieces: string[] = [];
      for (let at = 0; at < wire.length; at += size) pieces.push(wire.slice(at, at + size));
      expect(await collect(streamOf(pieces)), `chunks of ${size}`).toEqual([
        { event: 'message', data: '{"a":1}' },
        { event: 'delta', data: '{"content":"Bon"}' },
        { event: 'done', data: '{}' },
      ]);
    }
  });

  it('keeps a multi-byte character split between two chunks whole', async () => {
    const bytes = new TextEncoder().encode('event: delta\ndata: {"content":"é€😀"}\n\n');
    const events = await collect(streamOf(Array.from(bytes, (byte) => new Uint8Array([byte]))));
    expect(JSON.parse(events[0]!.data)).toEqual({ content: 'é€😀' });
  });

  it('accepts CRLF line ends, comments, multi-line data and a last event without a blank line', async () => {
    const events = await collect(streamOf([': keep-alive\r\n\r\nevent: delta\r\ndata: line one\r\ndata: line two\r\n\r\ndata: tail']));
    expect(events).toEqual([
      { event: 'delta', data: 'line one\nline two' },
      { event: 'message', data: 'tail' },
    ]);
  });
});

describe('parseEventBlock', () => {
  it('ignores blocks without data', () => {
    expect(parseEventBlock('event: ping')).toBeUndefined();
    expect(parseEventBlock(': comment')).toBeUndefined();
  });
});
