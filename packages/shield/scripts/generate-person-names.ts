/**
 * Generates `src/recognizers/person/data/names.ts`, the PERSON recognizer's name knowledge,
 * from npm packages installed as devDependencies of @rempart/shield (nothing is downloaded
 * at run time; the generated module is committed):
 *
 * - `@faker-js/faker` (MIT): first and last names of every Latin-script locale. The number of
 *   distinct languages listing a name is our frequency notion ("Marie" is listed by many, a
 *   rare regional name by one); it is stored as a digit after each name.
 * - `an-array-of-french-words`, `an-array-of-english-words` (MIT): names that are also common
 *   words ("rose", "pierre", "claire", "mark") are listed apart so the recognizer asks for more
 *   evidence before tagging them alone.
 * - faker's location data (countries, cities, states) and month/day names: capitalised words
 *   that are places or dates, never a person when alone.
 *
 * Run: `cd packages/shield && npx tsx scripts/generate-person-names.ts`
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allLocales, type LocaleDefinition } from '@faker-js/faker';

const require = createRequire(import.meta.url);
const frenchWords = require('an-array-of-french-words/index.json') as string[];
const englishWords = require('an-array-of-english-words/index.json') as string[];

const OUTPUT = fileURLToPath(new URL('../src/recognizers/person/data/names.ts', import.meta.url));
/** Letters (any Latin script), inner apostrophes and hyphens: one token of running text. */
const SINGLE_LATIN_TOKEN = /^\p{Script=Latin}+(?:['’-]\p{Script=Latin}+)*$/u;
/** Locales whose data is a variant of another (same names): counted once, by language. */
const languageOf = (locale: string) => locale.split('_')[0]!;
/** Faker joke locales, not real name usage. */
const SKIPPED_LOCALES = new Set(['en_BORK', 'en_AU_ocker']);

type FakerValues = string[] | Record<string, string[] | undefined> | undefined;

function flatten(values: FakerValues): string[] {
  if (!values) return [];
  if (Array.isArray(values)) return values;
  return Object.values(values).flatMap((v) => v ?? []);
}

/** name (lower-case) → set of languages listing it */
function collectNames(pick: (definition: LocaleDefinition) => FakerValues): Map<string, Set<string>> {
  const languagesByName = new Map<string, Set<string>>();
  for (const [locale, definition] of Object.entries(allLocales)) {
    if (SKIPPED_LOCALES.has(locale)) continue;
    for (const name of flatten(pick(definition))) {
      if (!SINGLE_LATIN_TOKEN.test(name) || name.length < 2) continue;
      const key = name.toLowerCase();
      let languages = languagesByName.get(key);
      if (!languages) languagesByName.set(key, (languages = new Set()));
      languages.add(languageOf(locale));
    }
  }
  return languagesByName;
}

function collectPlaces(): Set<string> {
  const places = new Set<string>();
  for (const [locale, definition] of Object.entries(allLocales)) {
    if (SKIPPED_LOCALES.has(locale)) continue;
    const location = definition.location;
    if (!location) continue;
    const fields: FakerValues[] = [location.country, location.city_name, location.state, location.continent];
    for (const value of fields.flatMap(flatten)) {
      // Multi-word places ("Nouvelle-Calédonie" is one token; "Costa Rica" is two): keep tokens of one.
      if (SINGLE_LATIN_TOKEN.test(value)) places.add(value.toLowerCase());
    }
  }
  return places;
}

function collectCalendarWords(): Set<string> {
  const words = new Set<string>();
  for (const locale of ['fr', 'en', 'de', 'es', 'it', 'nl']) {
    const date = allLocales[locale as keyof typeof allLocales]?.date;
    if (!date) continue;
    // Full names only: abbreviations ("sam", "mar") collide with names.
    const month = date.month as { wide?: string[]; wide_context?: string[] } | undefined;
    const weekday = date.weekday as { wide?: string[]; wide_context?: string[] } | undefined;
    const fullForms = [month?.wide, month?.wide_context, weekday?.wide, weekday?.wide_context].flatMap((v) => v ?? []);
    for (const value of fullForms) {
      if (SINGLE_LATIN_TOKEN.test(value)) words.add(value.toLowerCase());
    }
  }
  return words;
}

/** `name` + weight digit (1–9 languages), sorted, `|`-joined: compact and diff-friendly. */
function encodeWeighted(languagesByName: Map<string, Set<string>>): string {
  return [...languagesByName]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, languages]) => `${name}${Math.min(9, languages.size)}`)
    .join('|');
}

const encodeSet = (values: Iterable<string>) => [...values].sort().join('|');

const firstNames = collectNames((d) => d.person?.first_name as FakerValues);
const surnames = collectNames((d) => d.person?.last_name as FakerValues);
const places = collectPlaces();
const calendarWords = collectCalendarWords();
const commonWords = new Set<string>();
for (const w of frenchWords) commonWords.add(w.toLowerCase());
for (const w of englishWords) commonWords.add(w.toLowerCase());

const wordClashes = new Set<string>();
for (const name of [...firstNames.keys(), ...surnames.keys()]) if (commonWords.has(name)) wordClashes.add(name);

const banner = `/* eslint-disable */
// GENERATED by packages/shield/scripts/generate-person-names.ts: do not edit by hand.
// Sources (MIT): @faker-js/faker person and location data of all Latin-script locales;
// an-array-of-french-words and an-array-of-english-words (only to flag names that are words).
// Format: lower-case entries joined by '|'; a trailing digit is the number of languages
// listing the name (1-9), our frequency notion.
`;
const body = [
  `export const FIRST_NAMES = ${JSON.stringify(encodeWeighted(firstNames))};`,
  `export const SURNAMES = ${JSON.stringify(encodeWeighted(surnames))};`,
  `/** Names that are also French or English dictionary words ("rose", "pierre", "mark"). */`,
  `export const NAMES_THAT_ARE_WORDS = ${JSON.stringify(encodeSet(wordClashes))};`,
  `/** Countries, cities, regions: one-token place names. */`,
  `export const PLACE_NAMES = ${JSON.stringify(encodeSet(places))};`,
  `/** Month and weekday names in fr, en, de, es, it, nl. */`,
  `export const CALENDAR_WORDS = ${JSON.stringify(encodeSet(calendarWords))};`,
  '',
].join('\n');
mkdirSync(dirname(OUTPUT), { recursive: true });
writeFileSync(OUTPUT, banner + body);
console.log(
  `first names ${firstNames.size}, surnames ${surnames.size}, word clashes ${wordClashes.size}, places ${places.size}, calendar ${calendarWords.size}; ${(banner + body).length} bytes → ${OUTPUT}`,
);
