import { describe, expect, it } from 'vitest';
import { maskValue, transform } from './operators.ts';
import { Vault } from './vault.ts';
import { restore } from './restore.ts';
import { ShieldError } from './errors.ts';
import type { Action, DetectedEntity, EntityType } from './types.ts';

/** Finds `value` in `text` (the n-th occurrence) and makes it an entity. */
function found(text: string, value: string, type: EntityType, subtype?: string, occurrence = 0): DetectedEntity {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = text.indexOf(value, start + 1);
  if (start === -1) throw new Error(`'${value}' not in text`);
  const entity: DetectedEntity = { type, start, end: start + value.length, score: 0.9, text: value, recognizer: 'test' };
  if (subtype !== undefined) entity.subtype = subtype;
  return entity;
}

describe('transform: one action each', () => {
  const text = 'Jean Dupont (jean.dupont@exemple.fr) paie avec FR76 3000 6000 0112 3456 7890 189.';
  const entities = [
    found(text, 'Jean Dupont', 'PERSON'),
    found(text, 'jean.dupont@exemple.fr', 'EMAIL'),
    found(text, 'FR76 3000 6000 0112 3456 7890 189', 'IBAN'),
  ];
  const run = (actions: Action[], options = {}) => transform(text, entities, actions, new Vault(), options);

  it('pseudonymize', () => {
    const result = run(['pseudonymize', 'pseudonymize', 'pseudonymize']);
    expect(result.text).toBe('<PERSONNE_1> (<EMAIL_1>) paie avec <IBAN_1>.');
    expect(result.replacements.map((r) => [r.start, r.end, r.type, r.action, r.replacement])).toEqual([
      [0, 11, 'PERSON', 'pseudonymize', '<PERSONNE_1>'],
      [13, 35, 'EMAIL', 'pseudonymize', '<EMAIL_1>'],
      [47, 80, 'IBAN', 'pseudonymize', '<IBAN_1>'],
    ]);
    expect(result.blocked).toBe(false);
  });

  it('mask', () => {
    expect(run(['mask', 'mask', 'mask']).text).toBe('J*** D***** (j***@e*****.fr) paie avec FR76 **** **** **** **** **90 189.');
  });

  it('redact, in French and in English', () => {
    expect(run(['redact', 'redact', 'allow']).text).toBe(
      '[PERSONNE] ([EMAIL]) paie avec FR76 3000 6000 0112 3456 7890 189.',
    );
    expect(run(['redact', 'allow', 'allow'], { language: 'en' }).text).toMatch(/^\[PERSON\] \(/);
  });

  it('hash: keyed, 10 hex digits, same value same token whatever its spelling', () => {
    const result = run(['allow', 'hash', 'hash'], { hashKey: 'clé de test' });
    expect(result.text).toMatch(/^Jean Dupont \(<EMAIL_#[0-9a-f]{10}>\) paie avec <IBAN_#[0-9a-f]{10}>\.$/);
    const again = transform('JEAN.DUPONT@EXEMPLE.FR', [found('JEAN.DUPONT@EXEMPLE.FR', 'JEAN.DUPONT@EXEMPLE.FR', 'EMAIL')], ['hash'], new Vault(), {
      hashKey: 'clé de test',
    });
    expect(result.text).toContain(again.text);
    const otherKey = run(['allow', 'hash', 'allow'], { hashKey: 'autre clé' });
    expect(otherKey.text).not.toBe(run(['allow', 'hash', 'allow'], { hashKey: 'clé de test' }).text);
  });

  it('hash without a key fails closed', () => {
    expect(() => run(['hash', 'allow', 'allow'])).toThrow(ShieldError);
  });

  it('block: label in the text, blocked reported with the type and subtype', () => {
    const secretText = 'key=AKIAIOSFODNN7EXAMPLE ok';
    const result = transform(secretText, [found(secretText, 'AKIAIOSFODNN7EXAMPLE', 'SECRET', 'aws-access-key')], ['block'], new Vault());
    expect(result.text).toBe('key=[BLOQUÉ:SECRET] ok');
    expect(result.blocked).toBe(true);
    expect(result.blockedTypes).toEqual(['SECRET:aws-access-key']);
    expect(result.replacements[0]?.action).toBe('block');
  });

  it('allow leaves the text as is', () => {
    const result = run(['allow', 'allow', 'allow']);
    expect(result.text).toBe(text);
    expect(result.replacements).toEqual([]);
  });

  it('accepts entities in any order and checks their offsets', () => {
    const reversed = [...entities].reverse();
    expect(transform(text, reversed, ['pseudonymize', 'redact', 'allow'], new Vault()).text).toBe(
      'Jean Dupont ([EMAIL]) paie avec <IBAN_1>.',
    );
    const outside = { ...entities[0]!, end: text.length + 1 };
    expect(() => transform(text, [outside], ['redact'], new Vault())).toThrow(/offsets/);
    expect(() => transform(text, entities, ['redact'], new Vault())).toThrow(/3 entities but 1 actions/);
  });
});

describe('transform: placeholders the user wrote', () => {
  it('generated placeholders never take the number of a literal one', () => {
    const text = 'Remplace <EMAIL_1> par jean@x.fr';
    const vault = new Vault();
    const result = transform(text, [found(text, 'jean@x.fr', 'EMAIL')], ['pseudonymize'], vault);
    expect(result.text).toBe('Remplace <EMAIL_1> par <EMAIL_2>');
    expect(restore(result.text, vault)).toBe(text);
  });

  it('reserves nothing when nothing is pseudonymised', () => {
    const text = 'Remplace <EMAIL_1> par jean@x.fr';
    const vault = new Vault();
    transform(text, [found(text, 'jean@x.fr', 'EMAIL')], ['redact'], vault);
    expect(vault.toJSON()).toEqual({ version: 1, entries: [] });
  });
});

describe('transform: nested spans (code blocks)', () => {
  const text = 'Voici:\nconst key = "AKIAIOSFODNN7EXAMPLE"; // jean@ex.fr\nmerci';
  const code = found(text, 'const key = "AKIAIOSFODNN7EXAMPLE"; // jean@ex.fr', 'SOURCE_CODE');
  const secret = found(text, 'AKIAIOSFODNN7EXAMPLE', 'SECRET', 'aws-access-key');
  const email = found(text, 'jean@ex.fr', 'EMAIL');
  const entities = [code, secret, email];

  it('an allowed container has its inner entities transformed', () => {
    const result = transform(text, entities, ['allow', 'pseudonymize', 'pseudonymize'], new Vault());
    expect(result.text).toBe('Voici:\nconst key = "<SECRET_1>"; // <EMAIL_1>\nmerci');
  });

  it('a replaced container consumes its inner entities', () => {
    const vault = new Vault();
    const result = transform(text, entities, ['pseudonymize', 'pseudonymize', 'mask'], vault);
    expect(result.text).toBe('Voici:\n<CODE_SOURCE_1>\nmerci');
    expect(result.replacements).toHaveLength(1);
    expect(vault.size).toBe(1);
  });

  it('a block inside a replaced container still blocks', () => {
    const result = transform(text, entities, ['pseudonymize', 'block', 'pseudonymize'], new Vault());
    expect(result.text).toBe('Voici:\n<CODE_SOURCE_1>\nmerci');
    expect(result.blocked).toBe(true);
    expect(result.blockedTypes).toEqual(['SECRET:aws-access-key']);
  });

  it('an entity straddling the end of a replaced span has its remainder replaced', () => {
    const straddling = 'abc SECRETVALUE123 def';
    const first = { ...found(straddling, 'abc SECRET', 'SOURCE_CODE') };
    const second = found(straddling, 'SECRETVALUE123', 'SECRET');
    const vault = new Vault();
    const result = transform(straddling, [first, second], ['pseudonymize', 'pseudonymize'], vault);
    expect(result.text).toBe('<CODE_SOURCE_1><SECRET_1> def');
    expect(result.text).not.toContain('VALUE123');
  });
});

describe('maskValue formats', () => {
  it('keeps the last 4 alphanumerics of long identifiers, separators kept', () => {
    expect(maskValue('CREDIT_CARD', '4970 1012 3456 7890', 'fr')).toBe('**** **** **** 7890');
    expect(maskValue('PHONE', '+33 6 12 34 56 78', 'fr')).toBe('+** * ** ** 56 78');
    expect(maskValue('FR_NIR', '1 85 05 78 006 084 36', 'fr')).toBe('* ** ** ** *** *84 36');
  });

  it('IBAN keeps the country and check digits and the last 5', () => {
    expect(maskValue('IBAN', 'FR76 3000 6000 0112 3456 7889 123', 'fr')).toBe('FR76 **** **** **** **** **89 123');
    expect(maskValue('IBAN', 'FR7630006000011234567889123', 'fr')).toBe('FR76******************89123');
  });

  it('masks short values entirely', () => {
    expect(maskValue('LICENSE_PLATE', 'AB-123-C', 'fr')).toBe('**-***-*');
    expect(maskValue('SECRET', 'hunter2', 'fr')).toBe('*******');
  });

  it('e-mail: first letters and TLD, fixed widths', () => {
    expect(maskValue('EMAIL', 'jean.dupont@exemple.fr', 'fr')).toBe('j***@e*****.fr');
    expect(maskValue('EMAIL', 'a@mail.exemple.co.uk', 'fr')).toBe('a***@m*****.uk');
    // Not an address after all: masked like an identifier.
    expect(maskValue('EMAIL', 'pas-une-adresse', 'fr')).toBe('***-***-***esse');
  });

  it('names and free text keep initials; code becomes a label', () => {
    expect(maskValue('PERSON', 'Jean-Éric Dupont', 'fr')).toBe('J***-É*** D*****');
    expect(maskValue('ADDRESS', "12 rue de l'Église", 'fr')).toBe("1* r** d* l'É*****");
    expect(maskValue('SOURCE_CODE', 'int main() {}', 'fr')).toBe('[CODE_SOURCE]');
  });
});
