/**
 * What one line of text looks like: program source or prose. Each line is judged alone
 * (plus whether a code block is already open); `index.ts` turns runs of lines into blocks.
 *
 * - `strong`: unmistakable syntax: a declaration or statement keyword with its syntax
 *   (`def f(`, `public static`, `#include <`, `SELECT … FROM`…), a line ending with `{`, a
 *   closing bracket line (`}`, `});`), a `;`-terminated statement with calls/assignment/
 *   member access (not prose: French lists end items with " ;").
 * - `code`: looks like code but could be something else alone: an assignment `x = 1`, a
 *   call `foo(bar)`, an HTML tag, a JSON member, a shell command, operators (`=>`, `&&`),
 *   symbol-dense text, an indented line inside an open block.
 * - `comment`: `//`, `/*`, `*`, `#`, `--`, docstring quotes: neither for nor against.
 * - `prose`: sentence-like (mostly plain words, ends like a sentence).
 * - `neutral`: anything else (short labels, headings, bullets): harmless inside a block.
 */

export type LineClass = 'blank' | 'strong' | 'code' | 'comment' | 'prose' | 'neutral';

/** Statement and declaration openings, case-sensitive as languages are. */
const STRONG_START = new RegExp(
  [
    String.raw`(?:async\s+)?def\s+\w+\s*\(`,
    String.raw`class\s+[A-Z_]\w*\s*[:({<]`,
    String.raw`class\s+[A-Z_]\w*(?:\s+(?:extends|implements)\s+[\w.<>, ]+)?\s*\{?$`,
    String.raw`(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*[\w$]*\s*\(`,
    String.raw`import\s+(?:[\w*{][^;]*\s+from\s+['"]|['"][^'"]+['"];?$|[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+)*;?$|static\s|type\s)`,
    String.raw`from\s+[\w.]+\s+import\s+[\w*(]`,
    String.raw`export\s+(?:default\b|const\s|let\s|var\s|function\b|class\s|interface\s|type\s|enum\s|async\s|\{|\*)`,
    String.raw`(?:const|let|var)\s+[\w$]+\s*(?::\s*[\w<>[\]|, ]+)?=`,
    String.raw`(?:const|let|var)\s+[{[]`,
    String.raw`return(?:\s+[^\s].*)?;?$`,
    String.raw`(?:if|while|for|switch|catch)\s*\(`,
    // Python block openers; the condition must hold some syntax so "if needed:" stays prose.
    String.raw`(?:if|elif|while)\s+(?=.*(?:[=<>!()[\].]|\b(?:not|and|or|in|is|None|True|False)\b)).+:$`,
    String.raw`for\s+[\w, ()]+\s+in\s+\S.*:$`,
    String.raw`with\s+.+(?:\)|\s+as\s+\w+):$`,
    String.raw`(?:else|try|finally)\s*:$`,
    String.raw`except(?:\s+[\w.,() ]+)?(?:\s+as\s+\w+)?\s*:$`,
    String.raw`}\s*(?:else|catch|finally)\b`,
    String.raw`(?:public|private|protected|internal)\s+(?:(?:static|final|abstract|override|virtual|async|readonly|sealed)\s+)*[\w<>[\],.?]+(?:\s+[\w<>[\],.?]+)?\s*[({=;]`,
    String.raw`(?:public|private|protected)\s+(?:(?:static|final|abstract)\s+)*(?:class|interface|enum|record|void)\b`,
    String.raw`#include\s*[<"]`,
    String.raw`#(?:define|ifn?def|endif|pragma|undef)\b`,
    String.raw`#!\/`,
    String.raw`<\?php`,
    String.raw`package\s+[\w.]+;?$`,
    String.raw`using\s+[\w.]+;$`,
    String.raw`namespace\s+[\w.]+\s*[{;]?$`,
    String.raw`(?:pub(?:\(crate\))?\s+)?(?:async\s+)?fn\s+\w+\s*[<(]`,
    String.raw`func\s+(?:\([^)]*\)\s*)?\w+\s*\(`,
    String.raw`impl(?:<[^>]*>)?\s+[\w:<>]+(?:\s+for\s+[\w:<>]+)?\s*\{`,
    String.raw`(?:struct|enum|union|trait)\s+\w+\s*[{<(]`,
    String.raw`(?:interface|type)\s+[A-Z]\w*(?:<[^>]*>)?\s*(?:=|\{|extends\b)`,
    String.raw`@[A-Za-z][\w.]*(?:\(.*\))?$`,
    String.raw`(?:console|System\.out|System\.err|Console|fmt|log|logger|std)(?:\.|::)\w+\s*\(`,
    String.raw`print(?:ln|f)?!?\s*\(`,
    String.raw`(?:throw\s+new|raise)\s+\w`,
    String.raw`(?:await|yield)\s+[\w$.]+\(`,
    String.raw`(?:int|void|char|float|double|bool|long|unsigned|size_t|auto|string)\s+\*?[A-Za-z_]\w*\s*(?:\(|=|;|\[)`,
    String.raw`(?:SELECT|INSERT\s+INTO|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX|VIEW|UNIQUE\s+INDEX)|ALTER\s+TABLE|DROP\s+TABLE|(?:LEFT\s+|RIGHT\s+|INNER\s+|OUTER\s+|FULL\s+)?JOIN|GROUP\s+BY|ORDER\s+BY|HAVING|VALUES\s*\()\b`,
    String.raw`(?:FROM|WHERE|UPDATE)\s+[\w."]+(?:\s|$|;)`,
  ].join('|'),
);
const STRONG_START_ANCHORED = new RegExp(`^(?:${STRONG_START.source})`);

const COMMENT_START = /^(?:\/\/|\/\*|\*\/|\*(?:\s|$)|#(?!include|define|ifn?def|endif|pragma|undef|!)|--(?:\s|$)|"""|''')/;
const BULLET_START = /^(?:[-•+–]\s|\d{1,3}[.)]\s|[a-zA-Z][.)]\s)/;
/** `}`, `});`, `]`, `)`, `},`… */
const CLOSING_LINE = /^[\])}]+[;,)]*$/;
/** Block ends of Ruby, Lua and shell: code only next to other code. */
const KEYWORD_CLOSING_LINE = /^(?:end|fi|done|esac)$/;
/** A plain word, possibly with sentence punctuation around it. */
const PLAIN_WORD = /^[(«"“]?[\p{L}][\p{L}'’-]*[,.;:!?)»"”]*$/u;
const MEMBER_OR_CALL = /[(=[]|[A-Za-z_]\.[A-Za-z_]|\+\+|--|->|::/;
const ASSIGNMENT = /^[A-Za-z_$][\w$.]*(?:\[[^\]]*\])*\s*(?:[-+*/%&|^]|\*\*|\/\/|<<|>>|\?\?|\|\||&&)?=(?!=)\s*\S/;
const CALL_LINE = /^[A-Za-z_$][\w$.]*(?:<[^>]*>)?\s*\(.*\)[;,]?$/;
const HTML_TAG = /^<\/?[a-zA-Z][\w:-]*(?:\s[^>]*)?\/?>/;
const HTML_CLOSING_TAG = /^<\/[a-zA-Z][\w:-]*>/;
/** `<h2 class="x">Title</h2>`: a whole element on one line. */
const HTML_ELEMENT = /^<([a-zA-Z][\w:-]*)(?:\s[^>]*)?>.*<\/\1>$/;
const JSON_MEMBER = /^"[^"]+"\s*:\s*\S/;
const SHELL_COMMAND =
  /^(?:\$\s+\S|(?:sudo|npm|npx|yarn|pnpm|pip3?|git|docker|kubectl|curl|wget|cd|ls|mkdir|rm|cp|mv|chmod|chown|export|echo|apt-get|apt|brew|make|cargo|go|python3?|node)\s+[-\w./$"'~])/;
const CODE_OPERATORS = /=>|->|::|&&|\|\||!=|==|\+=|-=|<=|>=/;
const CODE_SYMBOLS = /[(){}[\]<>=;+*/&|!%^$]/g;
/** Characters that prose almost never has but most code lines do. */
const SYNTAX_CHARACTER = /[(){}[\];=<>"'`]/;

const MAX_ANALYSED_LINE = 400;

function countWords(tokens: readonly string[]): number {
  let plain = 0;
  for (const token of tokens) if (PLAIN_WORD.test(token)) plain++;
  return plain;
}

function plainWordRatio(tokens: readonly string[]): number {
  return countWords(tokens) / tokens.length;
}

/** Sentence-like: mostly plain words, and either sentence punctuation at the end or many words. */
function looksLikeProse(trimmed: string): boolean {
  const tokens = trimmed.split(/\s+/);
  if (tokens.length < 3) return false;
  const wordRatio = plainWordRatio(tokens);
  const endsLikeSentence = /[.!?…:]["”»)]?$/.test(trimmed) || /\s[;:]$/.test(trimmed);
  if (endsLikeSentence && wordRatio >= 0.6) return true;
  return tokens.length >= 6 && wordRatio >= 0.8;
}

/**
 * A line that starts like a statement but reads as a sentence ("return the form by
 * Friday.", a wrapped e-mail line starting with "for"): no syntax character, plain words,
 * and a full stop or many words. Block openers ending with ':' are not sentences here.
 */
function keywordLineIsProse(trimmed: string): boolean {
  if (SYNTAX_CHARACTER.test(trimmed)) return false;
  const tokens = trimmed.split(/\s+/);
  if (tokens.length < 3 || plainWordRatio(tokens) < 0.8) return false;
  return /[.!?…]$/.test(trimmed) || tokens.length >= 8;
}

function symbolDense(trimmed: string): boolean {
  const symbols = trimmed.match(CODE_SYMBOLS)?.length ?? 0;
  return symbols >= 3 && symbols / trimmed.replace(/\s/g, '').length >= 0.15;
}

/**
 * @param line one line without its newline
 * @param insideBlock a code block is open (previous non-blank line was code)
 */
export function classifyLine(line: string, insideBlock: boolean): LineClass {
  const whole = line.trim();
  if (whole.length === 0) return 'blank';
  // Regexes see at most the head of a very long line (minified code, base64): bounded cost.
  const trimmed = whole.length > MAX_ANALYSED_LINE ? whole.slice(0, MAX_ANALYSED_LINE) : whole;
  if (COMMENT_START.test(trimmed)) return 'comment';
  if (STRONG_START_ANCHORED.test(trimmed)) return keywordLineIsProse(trimmed) ? 'prose' : 'strong';
  if (CLOSING_LINE.test(trimmed) || HTML_CLOSING_TAG.test(trimmed) || HTML_ELEMENT.test(trimmed)) return 'strong';
  if (BULLET_START.test(trimmed)) return looksLikeProse(trimmed.replace(BULLET_START, '')) ? 'prose' : 'neutral';
  if (looksLikeProse(trimmed)) return 'prose';
  const last = whole[whole.length - 1];
  if (last === '{') return 'strong';
  if (last === ';' && whole[whole.length - 2] !== ' ') {
    const tokens = trimmed.split(/\s+/);
    // "premier point (voir annexe);" is a list item, not a statement.
    if (tokens.length >= 3 && plainWordRatio(tokens) >= 0.75) return 'neutral';
    return MEMBER_OR_CALL.test(trimmed) || /^[\w$]+;$/.test(trimmed) ? 'strong' : 'code';
  }
  if (KEYWORD_CLOSING_LINE.test(trimmed)) return insideBlock ? 'code' : 'neutral';
  if (
    ASSIGNMENT.test(trimmed) ||
    CALL_LINE.test(trimmed) ||
    HTML_TAG.test(trimmed) ||
    JSON_MEMBER.test(trimmed) ||
    SHELL_COMMAND.test(trimmed) ||
    CODE_OPERATORS.test(trimmed) ||
    symbolDense(trimmed)
  ) {
    return 'code';
  }
  const indented = line.startsWith('  ') || line.startsWith('\t');
  if (insideBlock && indented) return 'code';
  return 'neutral';
}

/**
 * Could `classifyLine` call this line `strong` (whatever block is open)? The same tests in
 * the same order, without the prose checks that can only turn a candidate down, so a text
 * with fewer than two such lines cannot hold an unfenced block and needs no line analysis.
 */
export function mayBeStrong(line: string): boolean {
  const whole = line.trim();
  if (whole.length === 0) return false;
  const trimmed = whole.length > MAX_ANALYSED_LINE ? whole.slice(0, MAX_ANALYSED_LINE) : whole;
  if (COMMENT_START.test(trimmed)) return false;
  if (STRONG_START_ANCHORED.test(trimmed)) return true;
  if (CLOSING_LINE.test(trimmed) || HTML_CLOSING_TAG.test(trimmed) || HTML_ELEMENT.test(trimmed)) return true;
  const last = whole[whole.length - 1];
  return last === '{' || (last === ';' && whole[whole.length - 2] !== ' ');
}

/** A cheap test for the first non-blank line of a block: does it open an indented body? */
export function opensBody(trimmed: string): boolean {
  return /[{:([,\\]$|=>$/.test(trimmed);
}
