import { afterEach, describe, expect, it, vi } from 'vitest';
import { streamAnswer } from './endpoints.ts';
import { setCsrfToken } from './http.ts';
import type { Citation } from './types.ts';

function sseResponse(text: string): Response {
  const bytes = new TextEncoder().encode(text);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // Split mid-event, as the network does.
      controller.enqueue(bytes.slice(0, 40));
      controller.enqueue(bytes.slice(40));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

afterEach(() => vi.unstubAllGlobals());

describe('streamAnswer', () => {
  it('hands the citations event to the chat before the deltas, and sends useDocuments as given', async () => {
    const citation: Citation = { index: 1, documentId: 'd1', chunkId: 'c1', title: 'Contrat', page: 3, link: '/api/documents/d1/passages/c1' };
    const stream = [
      `event: citations\ndata: ${JSON.stringify({ citations: [citation] })}\n\n`,
      `event: delta\ndata: ${JSON.stringify({ content: 'Selon [1]' })}\n\n`,
    ].join('');
    const fetchMock = vi.fn(async () => sseResponse(stream));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('token');
    const seen: string[] = [];
    let received: Citation[] | undefined;
    await streamAnswer(
      '/api/conversations/x/messages',
      { content: 'Quel IBAN ?', useDocuments: true },
      {
        onMessages: () => seen.push('messages'),
        onDelta: (content) => seen.push(`delta:${content}`),
        onCitations: (citations) => {
          seen.push('citations');
          received = citations;
        },
        onDone: () => seen.push('done'),
        onError: () => seen.push('error'),
      },
      new AbortController().signal,
    );
    expect(seen).toEqual(['citations', 'delta:Selon [1]']);
    expect(received).toEqual([citation]);
    const init = (fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect(JSON.parse(String(init.body))).toEqual({ content: 'Quel IBAN ?', useDocuments: true });
  });

  it('reads an empty or malformed citations payload as no citations', async () => {
    vi.stubGlobal('fetch', async () => sseResponse('event: citations\ndata: {"citations":[]}\n\nevent: citations\ndata: {}\n\n'));
    const received: Citation[][] = [];
    await streamAnswer(
      '/p',
      {},
      { onMessages() {}, onDelta() {}, onDone() {}, onError() {}, onCitations: (citations) => received.push(citations) },
      new AbortController().signal,
    );
    expect(received).toEqual([[], []]);
  });
});
