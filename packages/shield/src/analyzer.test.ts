import { describe, expect, it } from 'vitest';
import { createAnalyzer, resolveOverlaps } from './analyzer.ts';
import { patternRecognizer } from './pattern-recognizer.ts';
import { defaultRecognizers } from './recognizers/index.ts';
import type { DetectedEntity, Recognizer } from './types.ts';

function entity(partial: Partial<DetectedEntity> & Pick<DetectedEntity, 'type' | 'start' | 'end'>): DetectedEntity {
  return { score: 0.8, text: 'x'.repeat(partial.end - partial.start), recognizer: 'test', ...partial };
}

describe('resolveOverlaps', () => {
  it('keeps a validated identifier over an unvalidated guess on the same span', () => {
    const kept = resolveOverlaps([
      entity({ type: 'PHONE', start: 0, end: 15, score: 0.9 }),
      entity({ type: 'FR_NIR', start: 0, end: 15, score: 0.9, validated: true }),
    ]);
    expect(kept.map((e) => e.type)).toEqual(['FR_NIR']);
  });

  it('prefers the higher score, then the more specific type, then the longer span', () => {
    expect(
      resolveOverlaps([
        entity({ type: 'PERSON', start: 0, end: 5, score: 0.6 }),
        entity({ type: 'CUSTOM', start: 0, end: 5, score: 0.9 }),
      ]).map((e) => e.type),
    ).toEqual(['CUSTOM']);
    expect(
      resolveOverlaps([
        entity({ type: 'PERSON', start: 0, end: 5, score: 0.85 }),
        entity({ type: 'EMAIL', start: 2, end: 9, score: 0.85 }),
      ]).map((e) => e.type),
    ).toEqual(['EMAIL']);
    expect(
      resolveOverlaps([
        entity({ type: 'PERSON', start: 0, end: 5 }),
        entity({ type: 'PERSON', start: 0, end: 12 }),
      ]).map((e) => e.end),
    ).toEqual([12]);
  });

  it('is deterministic whatever the input order', () => {
    const findings = [
      entity({ type: 'PERSON', start: 0, end: 5, recognizer: 'b' }),
      entity({ type: 'PERSON', start: 0, end: 5, recognizer: 'a' }),
      entity({ type: 'ADDRESS', start: 3, end: 20 }),
      entity({ type: 'EMAIL', start: 30, end: 40 }),
    ];
    const once = resolveOverlaps([...findings]);
    const reversed = resolveOverlaps([...findings].reverse());
    expect(reversed).toEqual(once);
    expect(once.map((e) => [e.type, e.recognizer])).toEqual([
      ['ADDRESS', 'test'],
      ['EMAIL', 'test'],
    ]);
  });

  it('keeps findings inside a source-code block next to the block', () => {
    const kept = resolveOverlaps([
      entity({ type: 'SOURCE_CODE', start: 0, end: 100, score: 0.9 }),
      entity({ type: 'SECRET', start: 20, end: 40, score: 0.99 }),
    ]);
    expect(kept.map((e) => e.type)).toEqual(['SOURCE_CODE', 'SECRET']);
  });
});

describe('createAnalyzer', () => {
  const calls: string[] = [];
  const tracing = (name: string, inner: Recognizer): Recognizer => ({
    ...inner,
    name,
    find(input) {
      calls.push(name);
      return inner.find(input);
    },
  });
  const token = patternRecognizer({
    name: 'demo-token',
    type: 'SECRET',
    subtype: 'demo',
    keywords: ['dmo_'],
    patterns: [{ name: 'token', regex: /\bdmo_[a-z0-9]{8}\b/g, score: 0.9 }],
  });
  const email = patternRecognizer({
    name: 'demo-email',
    type: 'EMAIL',
    patterns: [{ name: 'email', regex: /\b[\w.]+@[\w.]+\.[a-z]{2,}\b/g, score: 0.9 }],
  });
  const englishOnly: Recognizer = { ...email, name: 'demo-en', languages: ['en'] };

  it('runs a keyword-gated recognizer only when its keyword occurs', () => {
    calls.length = 0;
    const analyzer = createAnalyzer({ recognizers: [tracing('token', token), tracing('email', email)] });
    expect(analyzer.analyze('écrire à jean@exemple.fr')).toHaveLength(1);
    expect(calls).toEqual(['email']);
    calls.length = 0;
    const found = analyzer.analyze('le jeton DMO_abcd1234 puis dmo_abcd1234');
    expect(calls.sort()).toEqual(['email', 'token']);
    expect(found).toEqual([
      { type: 'SECRET', subtype: 'demo', start: 27, end: 39, score: 0.9, text: 'dmo_abcd1234', recognizer: 'demo-token' },
    ]);
  });

  it('skips recognizers of other languages and filters by type and score', () => {
    calls.length = 0;
    const analyzer = createAnalyzer({ recognizers: [tracing('en', englishOnly)] });
    analyzer.analyze('Bonjour, écrivez à jean@exemple.fr', { language: 'fr' });
    expect(calls).toEqual([]);
    expect(analyzer.analyze('Please write to jean@example.com', { language: 'en' })).toHaveLength(1);
    expect(analyzer.analyze('Please write to jean@example.com', { language: 'en', minScore: 0.95 })).toHaveLength(0);
    expect(analyzer.analyze('Please write to jean@example.com', { language: 'en', entityTypes: ['PERSON'] })).toHaveLength(0);
  });

  it('keeps offsets aligned when lower-casing changes a character length', () => {
    const analyzer = createAnalyzer({ recognizers: [email] });
    const text = 'İİİ contact: a.b@exemple.fr';
    const [found] = analyzer.analyze(text);
    expect(found && text.slice(found.start, found.end)).toBe('a.b@exemple.fr');
  });

  it("passes a recognizer that asks for them its keywords' positions, during its find only", () => {
    const seen: (readonly { start: number; end: number; keyword: string }[] | undefined)[] = [];
    const spy = (name: string, wantsKeywordHits: boolean): Recognizer => ({
      name,
      entityTypes: ['CUSTOM'],
      keywords: ['né', 'nee'],
      wantsKeywordHits,
      find: (input) => {
        seen.push(input.keywordHits);
        return [];
      },
    });
    createAnalyzer({ recognizers: [spy('with', true), spy('without', false)] }).analyze('Née le 3 mai, née à Lyon');
    expect(seen[0]).toEqual([
      { start: 0, end: 2, keyword: 'né' },
      { start: 14, end: 16, keyword: 'né' },
    ]);
    expect(seen[1]).toBeUndefined();
  });

  it('finds with keyword positions what the recognizers find on their own', () => {
    const recognizers = defaultRecognizers().filter((r) => r.wantsKeywordHits);
    expect(recognizers.map((r) => r.name).sort()).toEqual(['date-of-birth', 'fr-id-card', 'secret/generic-api-key']);
    const analyzer = createAnalyzer({ recognizers });
    for (const text of [
      'M. Dupont, né le 12/03/1985 à Lyon ; date de naissance : 1985-03-12. Anniversaire : 3 mars 1990.',
      'api_key = "Q9w8E7r6T5y4U3i2O1p0", AuthToken => "zX9yW8vU7tS6rR5qP4oN", clé: Xk2LmQ8rT4wP0aB',
      'CNI n° 880692310285 ; carte nationale X4RTBPFW4 ; identity card AB12CD34E ; 1234A5678 sans contexte.',
      'PASSWORD=Zq8Wx7Ec6Rv5Tb4Yn3 et paſsword=Zq8Wx7Ec6Rv5Tb4Yn3, DOB: 04/12/1987, İstanbul.',
    ]) {
      const direct = recognizers
        .flatMap((r) => r.find({ text, lowerText: text.toLowerCase(), language: 'fr' }))
        .filter((e) => e.score >= 0.5);
      expect(analyzer.analyze(text, { language: 'fr' })).toEqual(resolveOverlaps(direct));
    }
  });

  it('returns nothing for an empty text', () => {
    expect(createAnalyzer({ recognizers: [email] }).analyze('')).toEqual([]);
  });
});
