/**
 * Accent folding in the application stands in for `unaccent` (absent from PGlite unless loaded
 * at start-up): it must agree with PostgreSQL's unaccent on French text, and the French
 * tsvector built from the folded text must be the same on both back-ends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldForSearch } from '../../src/documents/text-folding.ts';
import { createTestDatabase, postgresEnabled, type TestDatabase } from '../support/databases.ts';

const SAMPLES = [
  'Élève à l’école, déjà reçu à Noël',
  'cœur, œuvre, Œdipe, ex æquo, Straße',
  'Ça coûte très cher : où est la crème brûlée ?',
  'naïve Zoë, façade, garçon, Hélène, Àlex, Ôté, ÉTÉ',
  'Łódź, Søren, Ðakovo, Þór',
];

describe('accent folding', () => {
  let pglite: TestDatabase;
  let postgres: TestDatabase | undefined;
  beforeAll(async () => {
    pglite = await createTestDatabase('pglite', { migrate: false });
    if (postgresEnabled) {
      postgres = await createTestDatabase('postgres', { migrate: false });
      const schema = postgres.location.schema!;
      await postgres.db.query(`CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA "${schema}"`);
    }
  }, 60_000);
  afterAll(async () => {
    await pglite?.dispose();
    await postgres?.dispose();
  });

  it('folds French diacritics and ligatures', () => {
    expect(foldForSearch('Élève déjà reçu, cœur et Straße')).toBe("Eleve deja recu, coeur et Strasse");
    expect(foldForSearch('l’État')).toBe("l'Etat");
  });

  it.skipIf(!postgresEnabled)('agrees with PostgreSQL unaccent on French text', async () => {
    for (const sample of SAMPLES) {
      const result = await postgres!.db.query<{ folded: string }>('SELECT unaccent($1) AS folded', [sample.replace(/’/g, "'")]);
      expect(foldForSearch(sample), sample).toBe(result.rows[0]!.folded);
    }
  });

  it.skipIf(!postgresEnabled)('gives the same French tsvector on PGlite and PostgreSQL', async () => {
    for (const sample of SAMPLES) {
      const sql = "SELECT to_tsvector('french', $1)::text AS vector";
      const [left, right] = await Promise.all([pglite.db.query<{ vector: string }>(sql, [foldForSearch(sample)]), postgres!.db.query<{ vector: string }>(sql, [foldForSearch(sample)])]);
      expect(left.rows[0]!.vector, sample).toBe(right.rows[0]!.vector);
    }
  });
});
