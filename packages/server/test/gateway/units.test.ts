/** Unit tests of the gateway's pure parts: SSE parsing, retry delays, routing plans, retry-after. */
import { describe, expect, it } from 'vitest';
import { SseParser } from '../../src/providers/sse-parser.ts';
import { parseRetryAfter, ProviderError } from '../../src/providers/provider-error.ts';
import { retriesSchema } from '../../src/providers/config-schema.ts';
import { createModelRegistry, GatewayConfigError } from '../../src/providers/registry.ts';
import { modelsSchema, providersSchema } from '../../src/providers/config-schema.ts';
import { retryDelayMs, withRetries } from '../../src/gateway/resilience.ts';
import { planRoute } from '../../src/gateway/routing.ts';
import { protectedSummary } from '../../src/gateway/outbound-shield.ts';

describe('SseParser', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('reassembles events split anywhere, including \\r\\n across chunks and inside multi-byte characters', () => {
    const stream = bytes('event: a\r\ndata: {"t":"é✓"}\r\n\r\n: comment\n\ndata: line1\ndata: line2\n\n');
    for (let size = 1; size <= stream.length; size++) {
      const parser = new SseParser();
      const events = [];
      for (let at = 0; at < stream.length; at += size) events.push(...parser.push(stream.subarray(at, at + size)));
      events.push(...parser.end());
      expect(events).toEqual([
        { event: 'a', data: '{"t":"é✓"}' },
        { data: 'line1\nline2' },
      ]);
    }
  });

  it('a last event without its blank line is still delivered at the end', () => {
    const parser = new SseParser();
    expect(parser.push(bytes('data: [DONE]'))).toEqual([]);
    expect(parser.end()).toEqual([{ data: '[DONE]' }]);
  });
});

describe('retries', () => {
  const settings = retriesSchema.parse({ max: 3, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 });

  it('exponential backoff with full jitter, capped; retry-after is a floor', () => {
    expect(retryDelayMs(settings, 1, undefined, () => 0.999)).toBe(99);
    expect(retryDelayMs(settings, 3, undefined, () => 0.999)).toBe(399);
    expect(retryDelayMs(settings, 10, undefined, () => 0.999)).toBe(999);
    expect(retryDelayMs(settings, 1, 2_500, () => 0.5)).toBe(2_500);
    expect(retryDelayMs(settings, 1, undefined, () => 0)).toBe(0);
  });

  it('retries only transient errors, at most max times', async () => {
    let calls = 0;
    const fast = retriesSchema.parse({ max: 2, baseDelayMs: 1, maxDelayMs: 2 });
    await expect(
      withRetries(fast, new AbortController().signal, async () => {
        calls++;
        throw new ProviderError('p', 'http_5xx', 'boom');
      }),
    ).rejects.toThrow('boom');
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      withRetries(fast, new AbortController().signal, async () => {
        calls++;
        throw new ProviderError('p', 'http_4xx', 'bad request');
      }),
    ).rejects.toThrow('bad request');
    expect(calls).toBe(1);
  });

  it('parses retry-after as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3_000);
    expect(parseRetryAfter('0.25', 0)).toBe(250);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
});

describe('routing plans', () => {
  const registry = createModelRegistry(
    {
      providers: providersSchema.parse({
        cloud: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', location: 'non-eu' },
        eu: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', location: 'eu' },
        local: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', location: 'on-premise' },
      }),
      models: modelsSchema.parse({
        big: { provider: 'cloud', fallbacks: ['mid', 'small'] },
        mid: { provider: 'eu' },
        small: { provider: 'local' },
      }),
      routing: [],
    },
    Date.now,
  );
  const rules = [
    { when: { types: ['FR_NIR' as const] }, allowLocations: ['on-premise' as const, 'eu' as const] },
    { when: { types: ['SPECIAL_CATEGORY' as const] }, allowLocations: ['on-premise' as const], fallbackModel: 'small' },
  ];
  const names = (plan: ReturnType<typeof planRoute>) => (plan.ok ? plan.candidates.map((route) => route.name) : plan);

  it('no sensitive type: the model then its fallbacks', () => {
    expect(names(planRoute(registry.get('big')!, new Set(), rules, registry, () => true))).toEqual(['big', 'mid', 'small']);
  });
  it('a restricted type: only allowed locations, in order', () => {
    expect(names(planRoute(registry.get('big')!, new Set(['FR_NIR']), rules, registry, () => true))).toEqual(['mid', 'small']);
    expect(names(planRoute(registry.get('big')!, new Set(['SPECIAL_CATEGORY', 'FR_NIR']), rules, registry, () => true))).toEqual(['small']);
  });
  it("models the caller may not use are skipped; nothing left is a refusal naming types and locations", () => {
    expect(planRoute(registry.get('big')!, new Set(['SPECIAL_CATEGORY']), rules, registry, (model) => model !== 'small')).toEqual({
      ok: false,
      matchedTypes: ['SPECIAL_CATEGORY'],
      allowedLocations: ['on-premise'],
    });
  });
  it('configuration errors name the field', () => {
    expect(() =>
      createModelRegistry({ providers: {}, models: modelsSchema.parse({ x: { provider: 'nope', fallbacks: ['y'] } }), routing: [] }, Date.now),
    ).toThrow(GatewayConfigError);
  });
});

describe('x-rempart-protected summary', () => {
  it('types and counts, sorted, never values', () => {
    expect(protectedSummary(new Map([['PERSON', 2], ['IBAN', 1]]))).toBe('IBAN=1,PERSON=2');
    expect(protectedSummary(new Map())).toBe('');
  });
});
