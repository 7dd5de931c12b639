/**
 * Accent folding for search, done by the application so that PGlite (where the `unaccent`
 * extension must be loaded at start-up) and PostgreSQL index and query exactly the same text.
 * Same effect as unaccent's default rules on Latin text: diacritics dropped (é→e, ç→c, ñ→n),
 * ligatures and special letters spelled out (œ→oe, æ→ae, ß→ss, ø→o, ł→l, đ→d, þ→th).
 * Applied to chunks at ingestion and to queries at search time.
 */
const SPELLED_OUT: Record<string, string> = {
  œ: 'oe',
  Œ: 'OE',
  æ: 'ae',
  Æ: 'AE',
  ß: 'ss',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  þ: 'th',
  Þ: 'TH',
  ð: 'd',
  Ð: 'D',
  ı: 'i',
  '\u2019': "'", // typographic apostrophe: "l’État" must split like "l'État"
  '\u02bc': "'",
};
const SPELLED_OUT_PATTERN = new RegExp(`[${Object.keys(SPELLED_OUT).join('')}]`, 'g');
const COMBINING_MARKS = /[\u0300-\u036f]/g;

export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(SPELLED_OUT_PATTERN, (letter) => SPELLED_OUT[letter] ?? letter)
    .normalize('NFC');
}
