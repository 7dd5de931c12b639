import { describe, expect, it } from 'vitest';
import { createShield, Vault } from '@rempart/shield';
import { PLANTED } from './planted.ts';

describe('planted identifiers', () => {
  const shield = createShield();
  it.each(PLANTED)('the shield alone detects the planted $type', ({ type, value, sentence }) => {
    const result = shield.protect(sentence, { vault: new Vault(), destination: 'eu' });
    expect(result.text).not.toContain(value);
    expect(Object.keys(result.counts)).toContain(type);
  });
});
