import { describe, expect, it } from 'vitest';
import { StreamRestorer } from './stream-restorer.ts';
import { jsonStringContent, restore } from './restore.ts';
import { Vault } from './vault.ts';

function conversation(): Vault {
  const vault = new Vault();
  vault.placeholderFor('PERSON', 'Jean Dupont');
  vault.placeholderFor('EMAIL', 'jean@exemple.fr');
  return vault;
}

describe('StreamRestorer', () => {
  it('emits at once what cannot be a placeholder and holds back only a possible start', () => {
    const restorer = new StreamRestorer(conversation());
    expect(restorer.push('Bonjour ')).toBe('Bonjour ');
    expect(restorer.push('<PERS')).toBe('');
    expect(restorer.push('ONNE_')).toBe('');
    expect(restorer.push('1')).toBe('');
    expect(restorer.push('> et <')).toBe('Jean Dupont et ');
    expect(restorer.push('div> a < b')).toBe('<div> a < b');
    expect(restorer.end()).toEqual({ text: '' });
  });

  it('waits for more digits and for spaces before ">"', () => {
    const restorer = new StreamRestorer(conversation());
    expect(restorer.push('< EMAIL_1')).toBe('');
    expect(restorer.push(' ')).toBe('');
    expect(restorer.push('>!')).toBe('jean@exemple.fr!');
    expect(restorer.push('<EMAIL_1')).toBe('');
    expect(restorer.push('0>')).toBe('<EMAIL_10>');
  });

  it('does not hold back the start of a label the vault does not know', () => {
    const restorer = new StreamRestorer(conversation());
    expect(restorer.push('<IBAN_')).toBe('<IBAN_');
    expect(restorer.push('<CODE')).toBe('<CODE');
  });

  it('reports a dangling fragment at the end and still emits it', () => {
    const restorer = new StreamRestorer(conversation());
    expect(restorer.push('fin <PERSONNE_')).toBe('fin ');
    expect(restorer.end()).toEqual({ text: '<PERSONNE_', dangling: '<PERSONNE_' });
    expect(() => restorer.push('x')).toThrow();
  });

  it('decodes UTF-8 split inside multi-byte characters', () => {
    const vault = conversation();
    const text = 'Café € <PERSONNE_1> 🎉é';
    const bytes = new TextEncoder().encode(text);
    const restorer = new StreamRestorer(vault);
    let output = '';
    for (let i = 0; i < bytes.length; i++) output += restorer.push(bytes.subarray(i, i + 1));
    output += restorer.end().text;
    expect(output).toBe(restore(text, vault));
    expect(output).toBe('Café € Jean Dupont 🎉é');
  });

  it('an incomplete UTF-8 sequence followed by a string becomes U+FFFD', () => {
    const restorer = new StreamRestorer(conversation());
    const euro = new TextEncoder().encode('€');
    expect(restorer.push(euro.subarray(0, 2))).toBe('');
    expect(restorer.push('x')).toBe('\uFFFDx');
  });

  it('keeps a bounded tail on a long stream of "<" look-alikes', () => {
    const vault = conversation();
    const restorer = new StreamRestorer(vault);
    let output = '';
    const piece = '<PERSONNE_1> <PERSONNE_99999 <PERS x ';
    for (let i = 0; i < 2000; i++) {
      output += restorer.push(piece.slice(0, 7));
      output += restorer.push(piece.slice(7));
    }
    output += restorer.end().text;
    expect(output).toBe(restore(piece.repeat(2000), vault));
  });

  it('never emits half of a surrogate pair', () => {
    const restorer = new StreamRestorer(conversation());
    const emoji = '🎉';
    expect(restorer.push(`ok ${emoji[0]}`)).toBe('ok ');
    expect(restorer.push(`${emoji[1]}!`)).toBe(`${emoji}!`);
    expect(restorer.push(`x${emoji[0]}`)).toBe('x');
    expect(restorer.end()).toEqual({ text: emoji[0] });
  });

  it('can write values for a JSON string (streamed tool-call arguments)', () => {
    const vault = new Vault();
    vault.placeholderFor('SECRET', 'pa"ss\\word');
    const restorer = new StreamRestorer(vault, { encodeValue: jsonStringContent });
    const json = '{"password":"<SECRET_1>"}';
    const output = restorer.push(json.slice(0, 17)) + restorer.push(json.slice(17)) + restorer.end().text;
    expect(JSON.parse(output)).toEqual({ password: 'pa"ss\\word' });
    expect(restore(json, vault, { encodeValue: jsonStringContent })).toBe(output);
  });
});
