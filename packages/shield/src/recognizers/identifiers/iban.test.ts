import { describe, expect, it } from 'vitest';
import type { RecognizerInput } from '../../types.ts';
import { ibanRecognizer } from './iban.ts';
import { groupBy4, makeIban, seededDigits } from './test-values.ts';

const input = (text: string): RecognizerInput => ({ text, lowerText: text.toLowerCase(), language: 'fr' });
const spans = (text: string) => ibanRecognizer.find(input(text)).map((e) => text.slice(e.start, e.end));

describe('IBAN recognizer', () => {
  const french = 'FR7630006000011234567890189';

  it('finds compact, spaced and dashed IBANs, validated', () => {
    const text = `IBAN ${french} ou ${groupBy4(french)} ou ${groupBy4(french, '-')}.`;
    const found = ibanRecognizer.find(input(text));
    expect(found.map((e) => e.text)).toEqual([french, groupBy4(french), groupBy4(french, '-')]);
    expect(found.every((e) => e.validated && e.type === 'IBAN' && e.subtype === 'FR')).toBe(true);
  });

  it('accepts no-break spaces between groups but not mixed dashes and spaces', () => {
    const nbsp = groupBy4(french, '\u00a0');
    expect(spans(`IBAN ${nbsp}`)).toEqual([nbsp]);
    const mixed = groupBy4(french).replace(' ', '-');
    expect(spans(mixed)).toEqual([]);
  });

  it('stops at the country length even when text follows in groups', () => {
    const vg = 'VG96 VPVG 0000 0123 4567 8901';
    expect(spans(`this is an iban ${vg} X in a sentence`)).toEqual([vg]);
  });

  it('rejects a wrong check digit, a wrong length and an unknown country', () => {
    expect(spans('FR7630006000011234567890188')).toEqual([]);
    expect(spans('FR763000600001123456789018')).toEqual([]);
    expect(spans('AM47212110090000000235698740')).toEqual([]);
  });

  it('rejects mixed case and slashes but accepts an all lower-case IBAN', () => {
    expect(spans('LV80 bANK 0000 4351 9500 1')).toEqual([]);
    expect(spans('AL47/2121/1009/0000/0002/3569/8741')).toEqual([]);
    expect(spans(`virement sur ${french.toLowerCase()}`)).toEqual([french.toLowerCase()]);
  });

  it('rejects an IBAN glued to more characters', () => {
    expect(spans(`${french}7`)).toEqual([]);
    expect(spans(`X${french}`)).toEqual([]);
  });

  it('finds generated IBANs of many countries', () => {
    const next = seededDigits(11);
    const values = [
      makeIban('DE', next(18)),
      makeIban('BE', next(12)),
      makeIban('ES', next(20)),
      makeIban('IT', 'X' + next(22)),
      makeIban('NL', 'ABNA' + next(10)),
    ];
    expect(spans(values.map((v) => groupBy4(v)).join(', '))).toEqual(values.map((v) => groupBy4(v)));
  });

  it('scores higher next to banking words', () => {
    const [withContext] = ibanRecognizer.find(input(`Mon IBAN : ${french}`));
    const [bare] = ibanRecognizer.find(input(french));
    expect(withContext!.score).toBeGreaterThan(bare!.score);
  });
});
