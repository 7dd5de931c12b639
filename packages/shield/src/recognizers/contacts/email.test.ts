import { describe, expect, it } from 'vitest';
import type { RecognizerInput } from '../../types.ts';
import { emailRecognizer } from './email.ts';

const input = (text: string): RecognizerInput => ({ text, lowerText: text.toLowerCase(), language: 'fr' });
const spans = (text: string) => emailRecognizer.find(input(text)).map((e) => e.text);

describe('EMAIL recognizer', () => {
  it('finds addresses with dots, plus tags, sub-domains and punycode', () => {
    expect(spans('Écrivez à jean.dupont+rempart@mail.example.fr.')).toEqual(['jean.dupont+rempart@mail.example.fr']);
    expect(spans('user@xn--80ak6aa92e.com et a@xn--d1acufc.xn--p1ai')).toEqual(['user@xn--80ak6aa92e.com', 'a@xn--d1acufc.xn--p1ai']);
    expect(spans('<marie_o-brien@exemple.co.uk>, (x%y@test.io)')).toEqual(['marie_o-brien@exemple.co.uk', 'x%y@test.io']);
  });

  it('reports exact offsets and validated findings', () => {
    const [found] = emailRecognizer.find(input('my email address is info@presidio.site'));
    expect([found!.start, found!.end, found!.validated]).toEqual([20, 38, true]);
  });

  it('rejects near misses', () => {
    expect(spans('info@presidio.')).toEqual([]);
    expect(spans('hello-world here')).toEqual([]);
    expect(spans('@handle sur Twitter')).toEqual([]);
    expect(spans('a..b@example.com')).toEqual([]);
    expect(spans('user@-example.com')).toEqual([]);
    expect(spans('user@example.c0m')).toEqual([]);
  });

  it('finds internationalised addresses whole (accented local part, IDN domain, decomposed accents)', () => {
    expect(spans('Écrivez à jérôme.dupont@exemple.fr.')).toEqual(['jérôme.dupont@exemple.fr']);
    expect(spans('françois@société.fr')).toEqual(['françois@société.fr']);
    const decomposed = 'je\u0301ro\u0302me.dupont@soci\u0065\u0301te\u0301.fr';
    expect(spans(`mail : ${decomposed}, merci`)).toEqual([decomposed]);
    expect(spans('ivan@пример.рф')).toEqual(['ivan@пример.рф']);
    const [found] = emailRecognizer.find(input('«élodie@exemple.fr»'));
    expect([found!.start, found!.end]).toEqual([1, 18]);
  });

  it('keeps the boundaries of internationalised addresses', () => {
    expect(spans('l’adresse élodie@exemple.fr')).toEqual(['élodie@exemple.fr']);
    expect(spans('mail:élodie@exemple.fr')).toEqual(['élodie@exemple.fr']);
    expect(spans('élodie@société.fr-x')).toEqual([]);
    expect(spans('élodie@société.f')).toEqual([]);
    expect(spans('é@-société.fr')).toEqual([]);
    expect(spans(`${'é'.repeat(65)}@exemple.fr`)).toEqual([]);
  });

  it('strips sentence punctuation before the local part', () => {
    expect(spans('...alice@example.org')).toEqual(['alice@example.org']);
  });

  it('leaves user:password@host in URLs to the URL credentials recognizer', () => {
    expect(spans('https://admin:s3cret@db.example.com/x')).toEqual([]);
    expect(spans('https://example.com/contact?to=bob@example.com')).toEqual(['bob@example.com']);
  });
});
