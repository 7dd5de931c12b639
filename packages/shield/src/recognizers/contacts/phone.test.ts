import { describe, expect, it } from 'vitest';
import type { RecognizerInput } from '../../types.ts';
import { classifyPhone, phoneRecognizer } from './phone.ts';

const input = (text: string): RecognizerInput => ({ text, lowerText: text.toLowerCase(), language: 'fr' });
const spans = (text: string) => phoneRecognizer.find(input(text)).map((e) => e.text);

describe('PHONE recognizer, French numbers', () => {
  it('finds spaced, dotted, dashed and compact national numbers', () => {
    expect(spans('06 12 34 56 78, 01.42.68.53.00, 09-87-65-43-21 ou 0612345678')).toEqual([
      '06 12 34 56 78', '01.42.68.53.00', '09-87-65-43-21', '0612345678',
    ]);
  });

  it('finds +33, 0033 and +33 (0) forms, validated with the +33 subtype', () => {
    const found = phoneRecognizer.find(input('+33 6 12 34 56 78 / 0033 1 42 68 53 00 / +33 (0)6 12 34 56 78 / +33612345678'));
    expect(found.map((e) => e.text)).toEqual(['+33 6 12 34 56 78', '0033 1 42 68 53 00', '+33 (0)6 12 34 56 78', '+33612345678']);
    expect(found.every((e) => e.subtype === '+33' && e.validated)).toBe(true);
  });

  it('accepts no-break spaces and the "(+33)" decoration', () => {
    expect(spans('tél. 06\u00a012\u00a034\u00a056\u00a078 ou (+33) 6 12 34 56 78 ou 01\u202f42\u202f68\u202f53\u202f00')).toEqual([
      '06\u00a012\u00a034\u00a056\u00a078', '(+33) 6 12 34 56 78', '01\u202f42\u202f68\u202f53\u202f00',
    ]);
  });

  it('keeps the number and drops trailing digits that are not part of it', () => {
    expect(spans('appelez le 06 12 34 56 78 12 fois')).toEqual(['06 12 34 56 78']);
  });

  it('rejects wrong lengths for the French plan, keeping a valid leading number', () => {
    expect(spans('+33 6 12 34 56 7')).toEqual([]);
    expect(spans('+33 6 12 34 56 78 90')).toEqual(['+33 6 12 34 56 78']);
  });
});

describe('PHONE recognizer, international and context', () => {
  it('checks the national number length of known country codes', () => {
    expect(spans('+44 20 7123 4567, +49 30 1234567, +1 415 555 0132, +41 (0)96 471 07 95')).toEqual([
      '+44 20 7123 4567', '+49 30 1234567', '+1 415 555 0132', '+41 (0)96 471 07 95',
    ]);
    expect(spans('+1 415 555 01')).toEqual([]);
  });

  it('finds North American layouts with extensions', () => {
    expect(spans('call (415) 555-0132 or 415.555.0132 or 345-899-3560x4587')).toEqual([
      '(415) 555-0132', '415.555.0132', '345-899-3560x4587',
    ]);
  });

  it('keeps the 3-3-4 layout with impossible area codes, unvalidated and lower', () => {
    const [layout] = phoneRecognizer.find(input('fax 123-456-7890'));
    expect(layout?.validated).toBeUndefined();
    expect(layout?.subtype).toBe('nanp-layout');
  });

  it('does not tag bare digit runs without a plan or context', () => {
    expect(spans('Commande 4155550132 livrée')).toEqual([]);
    expect(spans('ref 123 4567')).toEqual([]);
  });

  it('accepts other layouts next to a phone word', () => {
    expect(spans('Mobile: 723 813 266')).toEqual(['723 813 266']);
    expect(spans('Tél. : 4155550132')).toEqual(['4155550132']);
  });

  it('never reads dates, dotted quads or SSN layouts as phone numbers', () => {
    expect(classifyPhone('2015-12-22')).toBeUndefined();
    expect(classifyPhone('22.12.2015')).toBeUndefined();
    expect(classifyPhone('192.168.10.1')).toBeUndefined();
    expect(spans('Phone: 054-28-6917')).toEqual([]);
  });
});
