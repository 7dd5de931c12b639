import { describe, expect, it } from 'vitest';
import { Vault } from './vault.ts';
import { ShieldError } from './errors.ts';

function vaultError(snapshot: unknown): ShieldError {
  try {
    Vault.fromJSON(snapshot);
  } catch (error) {
    if (error instanceof ShieldError) return error;
    throw error;
  }
  throw new Error('fromJSON accepted an invalid snapshot');
}

describe('Vault.placeholderFor', () => {
  it('numbers per type and reuses the placeholder of a known value', () => {
    const vault = new Vault();
    expect(vault.placeholderFor('PERSON', 'Jean Dupont')).toBe('<PERSONNE_1>');
    expect(vault.placeholderFor('EMAIL', 'a@b.fr')).toBe('<EMAIL_1>');
    expect(vault.placeholderFor('PERSON', 'Marie Curie')).toBe('<PERSONNE_2>');
    expect(vault.placeholderFor('PERSON', 'jean  dupont')).toBe('<PERSONNE_1>');
    expect(vault.placeholderFor('IBAN', 'FR76 3000 6000 0112 3456 7890 189')).toBe('<IBAN_1>');
    expect(vault.placeholderFor('IBAN', 'FR7630006000011234567890189')).toBe('<IBAN_1>');
    expect(vault.size).toBe(4);
  });

  it('keeps the first spelling as the value to restore', () => {
    const vault = new Vault();
    vault.placeholderFor('PERSON', 'Jean Dupont');
    vault.placeholderFor('PERSON', 'JEAN DUPONT');
    expect(vault.lookup('<PERSONNE_1>')).toEqual({ type: 'PERSON', value: 'Jean Dupont' });
  });

  it('the same value under two types gets two placeholders', () => {
    const vault = new Vault();
    expect(vault.placeholderFor('CUSTOM', 'Orion')).toBe('<TERME_INTERNE_1>');
    expect(vault.placeholderFor('PERSON', 'Orion')).toBe('<PERSONNE_1>');
  });

  it('is consistent across messages of one conversation and isolated between vaults', () => {
    const conversationA = new Vault();
    const conversationB = new Vault();
    conversationA.placeholderFor('PERSON', 'Alice Martin');
    expect(conversationA.placeholderFor('PERSON', 'Bob Durand')).toBe('<PERSONNE_2>');
    expect(conversationB.placeholderFor('PERSON', 'Bob Durand')).toBe('<PERSONNE_1>');
    expect(conversationA.placeholderFor('PERSON', 'Bob Durand')).toBe('<PERSONNE_2>');
    expect(conversationB.lookup('<PERSONNE_2>')).toBeUndefined();
    expect(conversationA.lookup('<PERSONNE_1>')?.value).toBe('Alice Martin');
  });

  it('uses English labels when asked', () => {
    const vault = new Vault({ placeholderLanguage: 'en' });
    expect(vault.placeholderFor('PHONE', '0612345678')).toBe('<PHONE_1>');
    expect(vault.placeholderFor('PHONE', '0712345678', 'fr')).toBe('<TELEPHONE_2>');
  });
});

describe('Vault.lookup (tolerant)', () => {
  const vault = new Vault();
  vault.placeholderFor('PERSON', 'Jean Dupont');
  vault.placeholderFor('PHONE', '06 12 34 56 78');
  vault.placeholderFor('IP_ADDRESS', '10.0.0.1');
  vault.placeholderFor('ADDRESS', '1 rue de la Paix');

  it('resolves re-cased, spaced, accented, escaped and translated spellings', () => {
    for (const spelling of [
      '<PERSONNE_1>',
      '<Personne_1>',
      '< PERSONNE_1 >',
      '<personne 1>',
      '<PERSONNE1>',
      '<PERSONNE\\_1>',
      '<PERSON_1>',
      '<Person_1>',
      ' <NAME_1> ',
    ]) {
      expect(vault.lookup(spelling), spelling).toEqual({ type: 'PERSON', value: 'Jean Dupont' });
    }
    expect(vault.lookup('<TÉLÉPHONE_1>')?.value).toBe('06 12 34 56 78');
    expect(vault.lookup('<PHONE_1>')?.value).toBe('06 12 34 56 78');
    expect(vault.lookup('<IP_ADDRESS_1>')?.value).toBe('10.0.0.1');
    expect(vault.lookup('<Adresse IP 1>')?.value).toBe('10.0.0.1');
    expect(vault.lookup('<ADDRESS_1>')?.value).toBe('1 rue de la Paix');
  });

  it('leaves unknown numbers, unknown labels and malformed text alone', () => {
    expect(vault.lookup('<PERSONNE_2>')).toBeUndefined();
    expect(vault.lookup('<EMAIL_1>')).toBeUndefined();
    expect(vault.lookup('<PERSONNE>')).toBeUndefined();
    expect(vault.lookup('<PERSONNE_1')).toBeUndefined();
    expect(vault.lookup('PERSONNE_1')).toBeUndefined();
    expect(vault.lookup('<PERSONNE_1> et plus')).toBeUndefined();
    expect(vault.lookup('<PERSONNE_#a1b2c3d4e5>')).toBeUndefined();
  });

  it('leaves a spelling alone when it could denote two entries', () => {
    const cards = new Vault();
    cards.placeholderFor('CREDIT_CARD', '4970 1012 3456 7890');
    expect(cards.lookup('<CARD_1>')?.value).toBe('4970 1012 3456 7890');
    cards.placeholderFor('FR_ID_CARD', '880692310285');
    // A payment card or an identity card? Both are number 1.
    expect(cards.lookup('<CARD_1>')).toBeUndefined();
    expect(cards.lookup('<Carte 1>')).toBeUndefined();
    expect(cards.lookup('<CARTE_BANCAIRE_1>')?.value).toBe('4970 1012 3456 7890');
    expect(cards.lookup('<CNI_1>')?.value).toBe('880692310285');
  });

  it('prefers the same label when a mixed-language snapshot has two entries with one number', () => {
    const mixed = Vault.fromJSON({
      version: 1,
      placeholderLanguage: 'fr',
      entries: [
        { placeholder: '<PERSONNE_1>', type: 'PERSON', value: 'Jean' },
        { placeholder: '<PERSON_1>', type: 'PERSON', value: 'Paul' },
      ],
    });
    expect(mixed.lookup('<personne_1>')?.value).toBe('Jean');
    expect(mixed.lookup('<Person_1>')?.value).toBe('Paul');
    // Neither label: could be either.
    expect(mixed.lookup('<NOM_1>')).toBeUndefined();
  });
});

describe('Vault.reserveLiteralPlaceholders', () => {
  it('never mints a number written literally, whatever its spelling or language', () => {
    const vault = new Vault();
    vault.reserveLiteralPlaceholders('Remplace <EMAIL_1> par …, voir <Personne 1>, < PERSON_2 >, <TÉLÉPHONE\\_1> et <MAIL_3>');
    expect(vault.placeholderFor('EMAIL', 'jean@x.fr')).toBe('<EMAIL_2>');
    expect(vault.placeholderFor('EMAIL', 'paul@x.fr')).toBe('<EMAIL_4>');
    expect(vault.placeholderFor('PERSON', 'Jean Dupont')).toBe('<PERSONNE_3>');
    expect(vault.placeholderFor('PHONE', '0612345678')).toBe('<TELEPHONE_2>');
    expect(vault.lookup('<EMAIL_1>')).toBeUndefined();
    expect(vault.lookup('<EMAIL_3>')).toBeUndefined();
  });

  it('an ambiguous label reserves the number for every type it may denote', () => {
    const vault = new Vault();
    vault.reserveLiteralPlaceholders('<CARTE_1>');
    expect(vault.placeholderFor('CREDIT_CARD', '4970101122334455')).toBe('<CARTE_BANCAIRE_2>');
    expect(vault.placeholderFor('FR_ID_CARD', '880692310285')).toBe('<CNI_2>');
  });

  it('ignores what is not a placeholder', () => {
    const vault = new Vault();
    vault.reserveLiteralPlaceholders('<EMAIL> <EMAIL_#a1b2c3d4e5> [EMAIL_1] EMAIL_1 <FOO_1> <EMAIL_1234567> <EMAIL_0> <EMAIL_1');
    expect(vault.placeholderFor('EMAIL', 'jean@x.fr')).toBe('<EMAIL_1>');
  });

  it('a literal equal to a placeholder already minted keeps denoting its entry', () => {
    const vault = new Vault();
    vault.placeholderFor('EMAIL', 'jean@x.fr');
    vault.reserveLiteralPlaceholders('<EMAIL_1>');
    expect(vault.lookup('<EMAIL_1>')?.value).toBe('jean@x.fr');
    expect(vault.placeholderFor('EMAIL', 'paul@x.fr')).toBe('<EMAIL_2>');
  });

  it('reservations survive a snapshot and are validated', () => {
    const vault = new Vault();
    vault.reserveLiteralPlaceholders('<EMAIL_1> <EMAIL_2>');
    const snapshot = JSON.parse(JSON.stringify(vault));
    expect(snapshot.reserved).toEqual([{ type: 'EMAIL', indices: [1, 2] }]);
    expect(Vault.fromJSON(snapshot).placeholderFor('EMAIL', 'jean@x.fr')).toBe('<EMAIL_3>');
    expect(vaultError({ version: 1, entries: [], reserved: [{ type: 'EMAIL', indices: [0] }] }).message).toContain('reserved.0.indices.0');
    expect(vaultError({ version: 1, entries: [], reserved: [{ type: 'MAIL', indices: [1] }] }).message).toContain('reserved.0.type');
  });
});

describe('Vault serialisation', () => {
  it('round-trips through JSON and keeps numbering going', () => {
    const vault = new Vault({ placeholderLanguage: 'en' });
    vault.placeholderFor('PERSON', 'Jean Dupont');
    vault.placeholderFor('EMAIL', 'jean@exemple.fr');
    vault.placeholderFor('PERSON', 'Marie Curie');
    const copy = Vault.fromJSON(JSON.parse(JSON.stringify(vault)));
    expect([...copy.entries()]).toEqual([...vault.entries()]);
    expect(copy.placeholderLanguage).toBe('en');
    expect(copy.placeholderFor('PERSON', 'JEAN DUPONT')).toBe('<PERSON_1>');
    expect(copy.placeholderFor('PERSON', 'Ada Lovelace')).toBe('<PERSON_3>');
    expect(copy.lookup('<EMAIL_1>')?.value).toBe('jean@exemple.fr');
  });

  it('records the language only when the creator chose it', () => {
    expect(new Vault().toJSON()).toEqual({ version: 1, entries: [] });
    expect(Vault.fromJSON(new Vault().toJSON()).hasExplicitLanguage).toBe(false);
    expect(Vault.fromJSON(new Vault({ placeholderLanguage: 'fr' }).toJSON()).hasExplicitLanguage).toBe(true);
  });

  it('an empty vault round-trips', () => {
    expect(Vault.fromJSON(new Vault().toJSON()).size).toBe(0);
  });

  it('rejects malformed snapshots with VAULT_INVALID and a field name', () => {
    const good = { placeholder: '<PERSONNE_1>', type: 'PERSON', value: 'Jean' };
    const cases: [unknown, string][] = [
      [null, 'snapshot'],
      ['{}', 'snapshot'],
      [{ version: 2, placeholderLanguage: 'fr', entries: [] }, 'version'],
      [{ version: 1, placeholderLanguage: 'de', entries: [] }, 'placeholderLanguage'],
      [{ version: 1, placeholderLanguage: 'fr', entries: [{ ...good, type: 'NAME' }] }, 'entries.0.type'],
      [{ version: 1, placeholderLanguage: 'fr', entries: [{ ...good, value: 3 }] }, 'entries.0.value'],
      [{ version: 1, placeholderLanguage: 'fr', entries: [{ ...good, extra: 1 }] }, 'entries.0'],
      [{ version: 1, placeholderLanguage: 'fr', entries: [{ ...good, placeholder: '<EMAIL_1>' }] }, 'entries.0.placeholder'],
      [{ version: 1, placeholderLanguage: 'fr', entries: [{ ...good, placeholder: '<personne_1>' }] }, 'entries.0.placeholder'],
      [{ version: 1, placeholderLanguage: 'fr', entries: [{ ...good, placeholder: 'PERSONNE_1' }] }, 'entries.0.placeholder'],
      [{ version: 1, placeholderLanguage: 'fr', entries: [good, { ...good, value: 'Paul' }] }, 'entries.1.placeholder is duplicated'],
      [
        { version: 1, placeholderLanguage: 'fr', entries: [good, { ...good, placeholder: '<PERSONNE_2>', value: 'JEAN' }] },
        'entries.1.value',
      ],
    ];
    for (const [snapshot, field] of cases) {
      const error = vaultError(snapshot);
      expect(error.code).toBe('VAULT_INVALID');
      expect(error.message, JSON.stringify(snapshot)).toContain(field);
    }
  });

  it('error messages never carry the stored values', () => {
    const error = vaultError({
      version: 1,
      placeholderLanguage: 'fr',
      entries: [
        { placeholder: '<PERSONNE_1>', type: 'PERSON', value: 'Jean Secret' },
        { placeholder: '<PERSONNE_2>', type: 'PERSON', value: 'jean secret' },
      ],
    });
    expect(error.message).not.toMatch(/secret/i);
  });
});
