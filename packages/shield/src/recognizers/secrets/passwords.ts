/**
 * Passwords written out: `password = "…"`, `DB_PASSWORD: …`, `mot de passe : …`,
 * « le mot de passe est … », `mdp=…`, and `Password=…;` inside connection strings.
 * A real-looking password is reported even when weak (`changeme` is somebody's password);
 * template references, masks, type names and code expressions are not.
 */
import type { DetectedEntity, Recognizer, RecognizerInput } from '../../types.ts';
import { isPlaceholder } from './entropy.ts';

const PASSWORD_ASSIGNMENT = new RegExp(
  String.raw`(?:passw(?:or)?d|pwd|passphrase|(?<![\p{L}])(?:mot[ _-]?de[ _-]?passe|motdepasse|mdp)(?![\p{L}]))` +
    // key continuation: `_db`, ` du serveur`, `Hash`… then an operator or "is/est"
    String.raw`[ \t\p{L}\p{N}_.-]{0,25}?["']?[ \t]*(?:=>|:=|\?=|=|:|\s(?:est|is|was|était|sera|will be)\s*:?)[ \t]*` +
    // Unquoted: any run up to a blank (a password may hold quotes, brackets, `;`, `,`);
    // it only may not open with a quote (a failed quoted value) or `<` (`<your-password>`).
    String.raw`(?:"([^"\n]{4,128})"|'([^'\n]{4,128})'|«\s*([^»\n]{4,128}?)\s*»|\x60([^\x60\n]{4,128})\x60|([^\s"'\x60<][^\s<]{3,127}))`,
  'dgiu',
);

/** Words that stand in for a value in code, docs and forms. */
const NOT_A_PASSWORD =
  /^(?:passw(?:or)?d|pwd|pass|secret|mot de passe|mdp|string|str|number|int|integer|bool|boolean|any|object|text|varchar|char|bytes|none|null|nil|undefined|true|false|required|optional|empty|hidden|masked|redacted|n\/a|na|tbd|todo|\*+|•+|\.+|-+|x+)$/i;

/** `${X}`, `$(cmd)`, `{{ x }}`, `#{x}`, `%{x}`, `{…}`, `%VAR%`, `$env:X`. */
const TEMPLATE_REFERENCE = /\$\{|\$\(|\{\{|#\{|%\{|^\{|^%\w+%$|^\$env:/i;
/** `$password`, `@pwd`, `&pass`, `%s`-less sigils on a bare word; `$DB_PASSWORD2` (environment). */
const SIGIL_REFERENCE = /^[$@&%][A-Za-z_]+$|^\$[A-Z_][A-Z\d_]*$/;
/** A (possibly qualified) name right before `(` or `[`: `getPassword(`, `os.getenv(`, `cfg["`. */
const CALLEE = /^[$@&]?[A-Za-z_][\w$.:>-]*(?=[([])/;
/** Qualified, snake_case or camelCase: a code name, not a word somebody made into a password. */
const CODE_NAME = /[._:>$]|\p{Ll}\p{Lu}/u;
/** What may open a call's arguments: `)`, a quote, a name, `*args`, `&ref`. */
const CALL_ARGUMENT_START = /[)"'\x60\p{L}_$*&]/u;
const ENV_OBJECT = /^(?:process\.env|os\.environ|env|config|settings|self|this|params|request|req|args|options|opts)\./i;
const DOTTED_NAME = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$/;

/**
 * Code expressions standing for a password (`${VAR}`, `$PASSWORD`, `getPassword()`,
 * `config["pwd"]`, `process.env.X`, `user.password`), as opposed to a password that merely
 * starts with `$ @ & %` or holds brackets (`$oleil2024`, `@Zerty123`, `Soleil(2024)`).
 */
function isExpression(value: string): boolean {
  if (TEMPLATE_REFERENCE.test(value) || SIGIL_REFERENCE.test(value) || ENV_OBJECT.test(value)) return true;
  const callee = CALLEE.exec(value)?.[0];
  if (callee !== undefined) {
    if (value.charAt(callee.length) === '[') return true; // indexing: args[0], cfg["pwd"]
    // A call: getPassword(), input("…"), os.getenv(KEY); `Soleil(2024)` is a password.
    if (CALL_ARGUMENT_START.test(value.charAt(callee.length + 1)) || CODE_NAME.test(callee)) return true;
  }
  // dotted member access: user.password, cfg.db.pwd
  return DOTTED_NAME.test(value) && !/\d/.test(value);
}

/**
 * isPlaceholder reads any `$name` and any `[…]` as a template; here sigil references are
 * judged by isExpression, so the placeholder test and the word checks see the inner value
 * (`$oleil2024` → `oleil2024`, `[Kz9pq12]` → `Kz9pq12`, `[REDACTED]` → `REDACTED`).
 */
function innerValue(value: string): string {
  if (value.startsWith('$')) return value.slice(1);
  if (value.startsWith('[') && value.endsWith(']')) return value.slice(1, -1);
  return value;
}

/** For unquoted values: something a human chose as a password, not a word of the sentence. */
function looksChosen(value: string): boolean {
  return /\d/.test(value) || /[^\p{L}\p{N}]/u.test(value) || (/\p{Lu}/u.test(value.slice(1)) && /\p{Ll}/u.test(value));
}

/** `Server=…;User Id=…;Password=…;` and the like. */
function inConnectionString(text: string, start: number, end: number): boolean {
  const window = text.slice(Math.max(0, start - 200), Math.min(text.length, end + 200));
  return /;/.test(window) && /(?:server|host|data source|user ?id|uid|database|initial catalog|dbname)\s*=/i.test(window);
}

/** `,user=…`, `;host=…`, `&next=…`: the next key of a list (query string, DSN) ends the value. */
const NEXT_KEY = /[,;&][A-Za-z_][\w.-]*=/;
const TRAILING_PUNCTUATION = /[.,;:]$/;
const CLOSER_OPENER: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{', '"': '"', "'": "'", '\x60': '\x60' };

function count(value: string, char: string): number {
  let n = 0;
  for (let i = value.indexOf(char); i >= 0; i = value.indexOf(char, i + 1)) n++;
  return n;
}

/**
 * End of an unquoted value the regex ran up to a blank. In a connection string (ADO.NET)
 * the value runs to the next `;` on its line, blanks included. Elsewhere it stops before
 * the next `key=` of a list, and drops what belongs to the sentence or the code around it:
 * a final `.,;:` and closers it did not open (`(mdp : Soleil2024)`, `"password: Kz9pq12mn"`).
 */
function unquotedValueEnd(text: string, start: number, end: number, connection: boolean): number {
  if (connection) {
    const semicolon = text.indexOf(';', start);
    const newline = text.indexOf('\n', start);
    const lineEnd = newline < 0 ? text.length : newline;
    return semicolon >= 0 && semicolon < lineEnd && semicolon - start <= 128 ? semicolon : end;
  }
  let value = text.slice(start, end);
  const nextKey = NEXT_KEY.exec(value);
  if (nextKey) value = value.slice(0, nextKey.index);
  for (;;) {
    const last = value.charAt(value.length - 1);
    const opener = CLOSER_OPENER[last];
    if (TRAILING_PUNCTUATION.test(value)) value = value.slice(0, -1);
    else if (opener === undefined) break;
    else if (opener === last ? count(value, last) % 2 === 1 : count(value, last) > count(value, opener)) value = value.slice(0, -1);
    else break;
  }
  return start + value.length;
}

export const passwordAssignmentRecognizer: Recognizer = {
  name: 'secret/password',
  entityTypes: ['SECRET'],
  keywords: ['passw', 'pwd', 'passphrase', 'mot de passe', 'mot_de_passe', 'mot-de-passe', 'motdepasse', 'mdp'],
  find(input: RecognizerInput) {
    const found: DetectedEntity[] = [];
    PASSWORD_ASSIGNMENT.lastIndex = 0;
    for (const match of input.text.matchAll(PASSWORD_ASSIGNMENT)) {
      const indices = (match as RegExpExecArray).indices;
      if (!indices) continue;
      let group = 1;
      while (group <= 5 && !indices[group]) group++;
      const span = indices[group];
      if (!span) continue;
      let [start, end] = span;
      const quoted = group <= 4;
      const connection = inConnectionString(input.text, start, end);
      if (!quoted) end = unquotedValueEnd(input.text, start, end, connection);
      let value = input.text.slice(start, end);
      if (value.trim().length < (quoted || connection ? 4 : 6)) continue;
      const inner = innerValue(value.trim());
      if (NOT_A_PASSWORD.test(inner) || isPlaceholder(inner) || isExpression(value)) continue;
      if (!quoted && !connection && !looksChosen(inner)) continue;
      if (value !== value.trim()) {
        const lead = value.length - value.trimStart().length;
        start += lead;
        value = value.trim();
        end = start + value.length;
      }
      found.push({
        type: 'SECRET',
        subtype: connection ? 'connection-string-password' : 'password',
        start,
        end,
        score: 0.8,
        text: value,
        recognizer: 'secret/password',
      });
    }
    return found;
  },
};
