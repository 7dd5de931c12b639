import { describe, expect, it } from 'vitest';
import { createKeyedHasher, HASH_HEX_LENGTH } from './hash.ts';

describe('createKeyedHasher', () => {
  it('is HMAC-SHA256 truncated to 10 hex digits (RFC 4231 test case 2)', () => {
    const hash = createKeyedHasher('Jefe');
    expect(hash('what do ya want for nothing?')).toBe('5bdcc146bf');
    expect(HASH_HEX_LENGTH).toBe(10);
  });

  it('is stable across calls and keys as bytes equal keys as text', () => {
    const fromText = createKeyedHasher('k');
    const fromBytes = createKeyedHasher(new TextEncoder().encode('k'));
    expect(fromText('EMAIL:a@b.fr')).toBe(fromText('EMAIL:a@b.fr'));
    expect(fromBytes('EMAIL:a@b.fr')).toBe(fromText('EMAIL:a@b.fr'));
  });

  it('depends on the key and the message', () => {
    expect(createKeyedHasher('k1')('x')).not.toBe(createKeyedHasher('k2')('x'));
    expect(createKeyedHasher('k1')('x')).not.toBe(createKeyedHasher('k1')('y'));
  });
});
