import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../analyzer.ts';
import type { DetectedEntity, RecognizerInput } from '../../types.ts';
import type { CustomTerm } from '../index.ts';
import { defaultRecognizers } from '../index.ts';
import { customTermsRecognizer } from './index.ts';

function input(text: string): RecognizerInput {
  return { text, lowerText: text.toLowerCase(), language: 'fr' };
}

function found(terms: CustomTerm[], text: string): Pick<DetectedEntity, 'text' | 'subtype' | 'score'>[] {
  return customTermsRecognizer(terms)
    .find(input(text))
    .map(({ text: value, subtype, score }) => ({ text: value, subtype, score }));
}

describe('CUSTOM dictionary recognizer', () => {
  it('finds terms case-folded by default, reporting the original spelling and category', () => {
    const terms = [
      { term: 'Projet Orion', category: 'project' },
      { term: 'Acme Industries', category: 'client' },
    ];
    const text = 'Le PROJET ORION avance ; acme industries a validé le budget.';
    const entities = customTermsRecognizer(terms).find(input(text));
    expect(entities.map((e) => [e.text, e.subtype, e.type])).toEqual([
      ['PROJET ORION', 'project', 'CUSTOM'],
      ['acme industries', 'client', 'CUSTOM'],
    ]);
    for (const e of entities) expect(text.slice(e.start, e.end)).toBe(e.text);
  });

  it('matches whole words only: "Arès" never inside "Parèsse"', () => {
    const terms = [{ term: 'Arès', category: 'project' }];
    expect(found(terms, 'La parèsse et la Parèsse ne comptent pas.')).toEqual([]);
    expect(found(terms, 'Aresco et Arès2 non plus.')).toEqual([]);
    expect(found(terms, 'Le projet Arès, lancé hier.').map((e) => e.text)).toEqual(['Arès']);
  });

  it('ignores accents when case-folded, scoring the accent-exact form a little higher', () => {
    const terms = [{ term: 'Arès', category: 'project' }];
    const [exact] = found(terms, 'projet ARÈS');
    const [folded] = found(terms, 'projet Ares');
    expect(exact?.text).toBe('ARÈS');
    expect(folded?.text).toBe('Ares');
    expect(exact!.score).toBeGreaterThan(folded!.score);
    expect(folded!.score).toBeGreaterThanOrEqual(0.8);
  });

  it('honours caseSensitive terms exactly (case and accents)', () => {
    const terms = [{ term: 'MARS', category: 'codename', caseSensitive: true }];
    expect(found(terms, 'Réunion le 3 mars, puis Mars.')).toEqual([]);
    expect(found(terms, 'Le lot MARS est prêt.')).toEqual([{ text: 'MARS', subtype: 'codename', score: 0.95 }]);
  });

  it('prefers the longest term where entries overlap', () => {
    const terms = [
      { term: 'Orion', category: 'codename' },
      { term: 'Orion Data Platform', category: 'product' },
    ];
    expect(found(terms, 'Voir Orion Data Platform et Orion.').map((e) => [e.text, e.subtype])).toEqual([
      ['Orion Data Platform', 'product'],
      ['Orion', 'codename'],
    ]);
  });

  it('matches through typographic apostrophes and no-break spaces', () => {
    const terms = [{ term: "L'Oréal Luxe", category: 'client' }];
    expect(found(terms, 'Contrat L’Oréal\u00a0Luxe signé.').map((e) => e.text)).toEqual(['L’Oréal\u00a0Luxe']);
  });

  it('omits the subtype when the term has no category, and ignores blank terms', () => {
    expect(found([{ term: '  ' }, { term: 'Helios' }], 'helios')).toEqual([{ text: 'helios', subtype: undefined, score: 0.9 }]);
    expect(customTermsRecognizer([]).find(input('anything at all'))).toEqual([]);
  });

  it('handles a 10,000-entry dictionary correctly in one pass', () => {
    const syllables = ['ka', 'lo', 'mi', 'ra', 'tu', 'ven', 'dor', 'sel', 'pha', 'zu', 'qui', 'bré'];
    const terms: CustomTerm[] = [];
    for (let i = 0; i < 10_000; i++) {
      let name = '';
      let n = i;
      for (let s = 0; s < 4; s++) {
        name += syllables[n % syllables.length];
        n = Math.floor(n / syllables.length);
      }
      const capitalised = name[0]!.toUpperCase() + name.slice(1);
      terms.push({ term: i % 3 === 0 ? `${capitalised} Group` : capitalised, category: `cat${i % 7}` });
    }
    expect(new Set(terms.map((t) => t.term)).size).toBe(10_000);
    const recognizer = customTermsRecognizer(terms);
    // Every 97th term, written in upper case, separated by prose.
    const picked = terms.filter((_, i) => i % 97 === 0);
    const text = picked.map((t, k) => `Ligne ${k} : dossier ${t.term.toUpperCase()} transmis.`).join('\n');
    const entities = recognizer.find(input(text));
    expect(entities.map((e) => [e.text.toLowerCase(), e.subtype])).toEqual(
      picked.map((t) => [t.term.toLowerCase(), t.category]),
    );
    // Glued to other letters, nothing matches.
    const glued = picked.map((t) => `x${t.term}y`).join(' ');
    expect(recognizer.find(input(glued))).toEqual([]);
  });

  it('works through the analyzer with the default minimum score', () => {
    const analyzer = createAnalyzer({ recognizers: [customTermsRecognizer([{ term: 'Héphaïstos', category: 'project' }])] });
    const entities = analyzer.analyze('Point sur HEPHAISTOS demain.');
    expect(entities.map((e) => [e.type, e.text, e.subtype])).toEqual([['CUSTOM', 'HEPHAISTOS', 'project']]);
  });

  it('is wired into the default set from the options, next to organisation marker labels', () => {
    const analyzer = createAnalyzer({
      recognizers: defaultRecognizers({
        customTerms: [{ term: 'Projet Némésis', category: 'project' }],
        confidentialLabels: ['Acme Sensible'],
      }),
    });
    const entities = analyzer.analyze('Le projet Nemesis est classé Acme Sensible.');
    expect(entities.map((e) => [e.type, e.subtype, e.text])).toEqual([
      ['CUSTOM', 'project', 'projet Nemesis'],
      ['CONFIDENTIAL_MARKER', 'custom', 'Acme Sensible'],
    ]);
  });
});
