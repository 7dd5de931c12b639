/**
 * Deterministic French business corpus: a seeded Faker `fr` instance drives value generation,
 * templates are used round-robin so every kind of document is equally represented.
 */
import { Faker, fr, base } from '@faker-js/faker';
import { TEMPLATES, type CorpusSpan, type Template } from './templates.ts';
import { ValueFactory } from './values.ts';

export interface CorpusDocument {
  id: string;
  kind: Template['kind'];
  language: 'fr';
  text: string;
  spans: CorpusSpan[];
}

export interface CorpusOptions {
  seed: number;
  documents: number;
}

export const DEFAULT_CORPUS_OPTIONS: CorpusOptions = { seed: 20251123, documents: 600 };

export function generateCorpus(options: CorpusOptions = DEFAULT_CORPUS_OPTIONS): CorpusDocument[] {
  // A private Faker instance: seeding the shared `fakerFR` would leak state between callers.
  const faker = new Faker({ locale: [fr, base] });
  faker.seed(options.seed);
  const values = new ValueFactory(faker);
  const docs: CorpusDocument[] = [];
  for (let i = 0; i < options.documents; i++) {
    const template = TEMPLATES[i % TEMPLATES.length]!;
    const { text, spans } = template.build(values, faker).build();
    docs.push({ id: `fr-${String(i).padStart(4, '0')}`, kind: template.kind, language: 'fr', text, spans });
  }
  return docs;
}
