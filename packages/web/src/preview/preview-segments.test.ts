import { describe, expect, it } from 'vitest';
import { createShield, DEFAULT_POLICY, parsePolicy, Vault } from '@rempart/shield';
import { previewFromResult } from './preview-segments.ts';
import { buildPreviewShield, withLearnedBlocks } from './preview-shield.ts';

const IBAN = 'FR76 3000 6000 0112 3456 7890 189';
const TEXT = `Bonjour, peux-tu préparer un courrier pour Jean Dupont ? Son IBAN est ${IBAN}.`;

describe('previewFromResult', () => {
  it('cuts the typed text into plain runs and findings that put the text back together', () => {
    const shield = createShield();
    const preview = previewFromResult(TEXT, shield.protect(TEXT, { vault: new Vault(), destination: 'non-eu' }));
    expect(preview.segments.map((segment) => segment.text).join('')).toBe(TEXT);
    const findings = preview.segments.filter((segment) => segment.finding);
    expect(findings.map((segment) => [segment.text, segment.finding?.type, segment.finding?.action, segment.finding?.replacement])).toEqual([
      ['Jean Dupont', 'PERSON', 'pseudonymize', '<PERSONNE_1>'],
      [IBAN, 'IBAN', 'pseudonymize', '<IBAN_1>'],
    ]);
    expect(preview.outboundText).toBe('Bonjour, peux-tu préparer un courrier pour <PERSONNE_1> ? Son IBAN est <IBAN_1>.');
    expect(preview.blocked).toBe(false);
  });

  it('counts per type and action, blocks first', () => {
    const shield = createShield({ policy: parsePolicy({ default: 'pseudonymize', rules: { IBAN: 'block' } }) });
    const text = `${TEXT} Et aussi pour Marie Curie.`;
    const preview = previewFromResult(text, shield.protect(text, { vault: new Vault() }));
    expect(preview.blocked).toBe(true);
    expect(preview.blockedTypes.map((type) => type.split(':')[0])).toEqual(['IBAN']);
    expect(preview.summary).toEqual([
      { type: 'IBAN', action: 'block', count: 1 },
      { type: 'PERSON', action: 'pseudonymize', count: 2 },
    ]);
  });

  it('shows an empty preview for text with nothing sensitive', () => {
    const preview = previewFromResult('Quel temps fait-il ?', createShield().protect('Quel temps fait-il ?', { vault: new Vault() }));
    expect(preview.segments).toEqual([{ text: 'Quel temps fait-il ?' }]);
    expect(preview.summary).toEqual([]);
  });
});

describe('learned blocks', () => {
  it('blocks a category the server refused, for that destination only', () => {
    const policy = withLearnedBlocks(DEFAULT_POLICY, [{ type: 'IBAN', destination: 'non-eu' }]);
    const shield = createShield({ policy });
    expect(shield.protect(TEXT, { vault: new Vault(), destination: 'non-eu' }).blocked).toBe(true);
    expect(shield.protect(TEXT, { vault: new Vault(), destination: 'on-premise' }).blocked).toBe(false);
    // The shared default policy is left untouched.
    expect(DEFAULT_POLICY.destinations?.['non-eu']?.IBAN).toBeUndefined();
  });

  it('falls back to the default policy, saying why, when the server sends one the shield rejects', () => {
    const build = buildPreviewShield({ default: 'explode' });
    expect(build.policyError).toMatch(/default/);
    expect(build.shield?.protect(TEXT, 'non-eu').text).toContain('<IBAN_1>');
  });
});
