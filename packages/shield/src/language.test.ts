import { describe, expect, it } from 'vitest';
import { detectLanguage } from './language.ts';

/** The original definition (split on non-letters), kept as the reference the fast scanner must agree with. */
function referenceDetectLanguage(text: string): 'fr' | 'en' {
  const french = new Set(
    'le la les un une des du de et est en au aux pour pas que qui dans sur avec par ce cette ces il elle nous vous ils sont mais ou où son sa ses leur je tu ne plus été être avoir fait monsieur madame'.split(' '),
  );
  const english = new Set(
    'the a an and is are was were of to in on for with by that this these it he she we you they not but or his her their be been have has do does at from mr mrs ms please'.split(' '),
  );
  const sample = text.length > 2000 ? text.slice(0, 2000) : text;
  let fr = 0;
  let en = 0;
  for (const word of sample.toLowerCase().split(/[^\p{L}']+/u)) {
    if (word.length === 0) continue;
    if (french.has(word)) fr++;
    if (english.has(word)) en++;
  }
  if (/[éèêàçùôîœ]/.test(sample)) fr += 2;
  return en > fr ? 'en' : 'fr';
}

/** Deterministic pseudo-random generator (tests must not depend on Math.random). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('detectLanguage', () => {
  it('tells French from English prose', () => {
    expect(detectLanguage('Bonjour, je vous transmets le dossier de la société pour signature.')).toBe('fr');
    expect(detectLanguage('Please find attached the file for the client, it has been signed.')).toBe('en');
    expect(detectLanguage('THE REPORT IS IN THE FOLDER AND IT WAS SENT TO THEM')).toBe('en');
  });

  it('counts French accents once, as written (a capital É alone is not French evidence)', () => {
    expect(detectLanguage('the file, café')).toBe('fr');
    expect(detectLanguage('the file, ÉCOLE')).toBe('en');
    expect(detectLanguage('the report, the file, the list and the plan: é è ê à')).toBe('en');
  });

  it('reads words with apostrophes and non-Latin letters as the split definition does', () => {
    expect(detectLanguage("l'été c'est le moment")).toBe(referenceDetectLanguage("l'été c'est le moment"));
    // "the𝐀" is one word (𝐀 is an astral letter), not "the".
    expect(detectLanguage('the𝐀')).toBe('fr');
    expect(detectLanguage('the\ud835')).toBe('en');
  });

  it('agrees with the reference definition on random mixtures of words, letters and separators', () => {
    const pieces = [
      'the', 'The', 'THE', 'le', 'Le', 'et', 'and', 'où', 'été', 'Être', 'monsieur', 'Madame', 'mr', 'a', 'é', 'É',
      "'", '’', ' ', '  ', '\n', ',', '.', '-', 'İ', 'ß', 'Σ', '𝐀', '\ud835', '\udc00', '0', '12', 'thereof', 'lea',
      'œuvre', 'Œ', 'ç', 'you', 'vous', 'de', 'of', "d'", "l'été",
    ];
    const random = seeded(20261123);
    for (let run = 0; run < 3000; run++) {
      const count = 1 + Math.floor(random() * 40);
      let text = '';
      for (let k = 0; k < count; k++) text += pieces[Math.floor(random() * pieces.length)]!;
      expect(detectLanguage(text), JSON.stringify(text)).toBe(referenceDetectLanguage(text));
    }
  });

  it('looks at the first 2,000 characters only', () => {
    const english = 'the file and the plan '.repeat(100);
    expect(detectLanguage('x'.repeat(2000) + english)).toBe('fr');
    expect(detectLanguage('x'.repeat(2000) + english)).toBe(referenceDetectLanguage('x'.repeat(2000) + english));
  });
});
