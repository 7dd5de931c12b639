import { describe, expect, it } from 'vitest';
import type { RecognizerInput } from '../../types.ts';
import { frIdCardRecognizer } from './fr-id-card.ts';

const input = (text: string): RecognizerInput => ({ text, lowerText: text.toLowerCase(), language: 'fr' });
const find = (text: string) => frIdCardRecognizer.find(input(text));

describe('FR_ID_CARD recognizer', () => {
  it('finds the old 12-character and the new 9-character numbers in context', () => {
    expect(find("Carte d'identité n° 880692310285").map((e) => [e.text, e.subtype])).toEqual([['880692310285', 'cni-1988']]);
    expect(find('CNI : X4RTBPFW4').map((e) => [e.text, e.subtype])).toEqual([['X4RTBPFW4', 'cni-2021']]);
    expect(find('ID card number D2H6862M2')[0]?.text).toBe('D2H6862M2');
    expect(find('pièce d’identité 880692310285')).toHaveLength(1);
  });

  it('needs context and never claims a checksum', () => {
    expect(find('880692310285')).toEqual([]);
    expect(find('CNI 880692310285')[0]?.validated).toBeUndefined();
  });

  it('rejects near misses: month 13, plain words, plain numbers', () => {
    expect(find('CNI 881392310285')).toEqual([]);
    expect(find('CNI CONFIRMEE')).toEqual([]);
    expect(find('CNI 123456789')).toEqual([]);
  });
});
