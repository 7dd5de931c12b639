import { describe, expect, it } from 'vitest';
import { createShield, DEFAULT_MAX_TEXT_LENGTH } from './shield.ts';
import { parsePolicy } from './policy.ts';
import { restore } from './restore.ts';
import { Vault } from './vault.ts';
import { ShieldError } from './errors.ts';
import { fakeRecognizers } from '../test/fake-recognizers.ts';

const recognizers = fakeRecognizers();

function shieldError(run: () => unknown): ShieldError {
  try {
    run();
  } catch (error) {
    if (error instanceof ShieldError) return error;
    throw error;
  }
  throw new Error('expected a ShieldError');
}

describe('createShield().protect', () => {
  it('pseudonymises and restores, consistently across messages of one conversation', () => {
    const shield = createShield({ recognizers });
    const vault = new Vault();
    const first = shield.protect('Bonjour, je suis Jean Dupont (jean@exemple.fr).', { vault });
    expect(first.text).toBe('Bonjour, je suis <PERSONNE_1> (<EMAIL_1>).');
    expect(first.actions).toEqual(['pseudonymize', 'pseudonymize']);
    expect(first.counts).toEqual({ PERSON: 1, EMAIL: 1 });
    expect(first.blocked).toBe(false);
    expect(first.replacements.map((r) => [r.start, r.end, r.replacement])).toEqual([
      [17, 28, '<PERSONNE_1>'],
      [30, 45, '<EMAIL_1>'],
    ]);
    const second = shield.protect('Transférez à Marie Curie, en copie jean dupont.', { vault });
    expect(second.text).toBe('Transférez à <PERSONNE_2>, en copie <PERSONNE_1>.');
    expect(restore('<PERSONNE_2> a répondu à <PERSONNE_1>.', vault)).toBe('Marie Curie a répondu à Jean Dupont.');
  });

  it('another conversation starts its own numbering', () => {
    const shield = createShield({ recognizers });
    const a = new Vault();
    const b = new Vault();
    shield.protect('Jean Dupont', { vault: a });
    expect(shield.protect('Marie Curie et Jean Dupont', { vault: a }).text).toBe('<PERSONNE_2> et <PERSONNE_1>');
    expect(shield.protect('Marie Curie et Jean Dupont', { vault: b }).text).toBe('<PERSONNE_1> et <PERSONNE_2>');
  });

  it('applies the destination: Art. 9 data blocked for a non-EU provider only', () => {
    const shield = createShield({ recognizers });
    const text = 'Jean Dupont a du diabète.';
    const nonEu = shield.protect(text, { vault: new Vault(), destination: 'non-eu' });
    expect(nonEu.blocked).toBe(true);
    expect(nonEu.blockedTypes).toEqual(['SPECIAL_CATEGORY:health']);
    expect(nonEu.text).toBe('<PERSONNE_1> a du [BLOQUÉ:SPECIAL_CATEGORY].');
    const eu = shield.protect(text, { vault: new Vault(), destination: 'eu' });
    expect(eu.blocked).toBe(false);
    expect(eu.text).toBe('<PERSONNE_1> a du <DONNEE_SENSIBLE_1>.');
  });

  it('code blocks: allowed to the EU with secrets inside pseudonymised, blocked to non-EU', () => {
    const shield = createShield({ recognizers });
    const text = 'Corrige:\n```\nconst k = "AKIAIOSFODNN7EXAMPLE";\n```';
    const eu = shield.protect(text, { vault: new Vault(), destination: 'eu' });
    expect(eu.text).toBe('Corrige:\n```\nconst k = "<SECRET_1>";\n```');
    expect(eu.counts).toEqual({ SECRET: 1 });
    const nonEu = shield.protect(text, { vault: new Vault(), destination: 'non-eu' });
    expect(nonEu.text).toBe('Corrige:\n[BLOQUÉ:SOURCE_CODE]');
    expect(nonEu.blocked).toBe(true);
    expect(nonEu.blockedTypes).toEqual(['SOURCE_CODE']);
    expect(nonEu.text).not.toContain('AKIA');
  });

  it('policy minScore drops weak findings in analyze and protect', () => {
    const text = 'Appelez le 06 12 34 56 78.';
    expect(createShield({ recognizers }).analyze(text).map((e) => e.type)).toEqual(['PHONE']);
    const strict = createShield({ recognizers, policy: parsePolicy({ minScore: 0.6 }) });
    expect(strict.analyze(text)).toEqual([]);
    expect(strict.protect(text, { vault: new Vault() }).text).toBe(text);
  });

  it('placeholder language: the policy decides unless the vault chose', () => {
    const english = createShield({ recognizers, policy: parsePolicy({ placeholderLanguage: 'en' }) });
    expect(english.protect('Jean Dupont', { vault: new Vault() }).text).toBe('<PERSON_1>');
    expect(english.protect('Jean Dupont', { vault: new Vault({ placeholderLanguage: 'fr' }) }).text).toBe('<PERSONNE_1>');
  });

  it('mask, redact and hash per rules; hash needs a key', () => {
    const policy = parsePolicy({ rules: { EMAIL: 'hash', PERSON: 'redact', PHONE: 'mask' } });
    expect(shieldError(() => createShield({ recognizers, policy })).code).toBe('HASH_KEY_MISSING');
    const shield = createShield({ recognizers, policy, hashKey: 'k' });
    const result = shield.protect('Jean Dupont, jean@exemple.fr, 06 12 34 56 78', { vault: new Vault() });
    expect(result.text).toMatch(/^\[PERSONNE\], <EMAIL_#[0-9a-f]{10}>, \*\* \*\* \*\* 56 78$/);
  });

  it('allowed entities are reported but not counted', () => {
    const shield = createShield({ recognizers, policy: parsePolicy({ rules: { EMAIL: 'allow' } }) });
    const result = shield.protect('jean@exemple.fr et Jean Dupont', { vault: new Vault() });
    expect(result.entities).toHaveLength(2);
    expect(result.actions).toEqual(['allow', 'pseudonymize']);
    expect(result.counts).toEqual({ PERSON: 1 });
  });

  it('rejects oversized and non-string input and a missing vault', () => {
    const shield = createShield({ recognizers, maxTextLength: 10 });
    expect(shieldError(() => shield.protect('x'.repeat(11), { vault: new Vault() })).code).toBe('INPUT_TOO_LARGE');
    expect(shieldError(() => shield.analyze('x'.repeat(11))).code).toBe('INPUT_TOO_LARGE');
    // @ts-expect-error: checking the run-time guard for untyped callers
    expect(shieldError(() => shield.analyze(42)).code).toBe('INVALID_INPUT');
    // @ts-expect-error: checking the run-time guard for untyped callers
    expect(shieldError(() => shield.protect('x', {})).code).toBe('INVALID_INPUT');
    expect(DEFAULT_MAX_TEXT_LENGTH).toBe(1_000_000);
  });

  it('validates the policy it is given', () => {
    // @ts-expect-error: a typed object may still be wrong at run time (read from a file)
    expect(shieldError(() => createShield({ policy: { default: 'drop' } })).code).toBe('POLICY_INVALID');
  });

  it('builds with the default recognizers', () => {
    const shield = createShield();
    expect(shield.policy.default).toBe('pseudonymize');
    expect(shield.protect('', { vault: new Vault() }).text).toBe('');
  });
});
