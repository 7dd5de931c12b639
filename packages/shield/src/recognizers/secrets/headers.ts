/**
 * Credentials passed on the command line or in HTTP headers: `curl -H "Authorization: …"`,
 * `curl -u user:password`, and `Authorization: Bearer …` lines in logs and snippets.
 */
import type { DetectedEntity, Recognizer, RecognizerInput } from '../../types.ts';
import { isPlaceholder, shannonEntropy } from './entropy.ts';

const HEADER_VALUE = String.raw`[\w=~@.+/-]{8,}`;
/** Inside a quoted `-H` argument: Authorization schemes, or `X-…-Api-Key:`-style headers. */
const HEADER_BODY = String.raw`(?:Authorization:[ \t]{0,5}(?:Basic[ \t]([a-zA-Z0-9+/]{8,}={0,3})|(?:Bearer|(?:Api-)?Token)[ \t](${HEADER_VALUE})|(${HEADER_VALUE}))|(?:X-(?:[a-zA-Z]+-)?)?(?:Api-?)?(?:Key|Token):[ \t]{0,5}(${HEADER_VALUE}))`;
const CURL_HEADER = new RegExp(String.raw`(?:^|[ \t\n\r])(?:-H|--header)(?:=|[ \t]{0,5})(?:"${HEADER_BODY}"|'${HEADER_BODY}')`, 'dgi');
const AUTHORIZATION = /\bAuthorization["']?\s*[:=]\s*["']?(?:Basic\s+([a-zA-Z0-9+/]{12,}={0,3})|(?:Bearer|Token|Api-Token)\s+([\w=~@.+/-]{16,}))(?=["'\s;,)]|\\[nrt]|$)/dgi;

/** Values that are documentation, shell expansions or masks rather than credentials. */
function isHeaderPlaceholder(value: string): boolean {
  return isPlaceholder(value) || /^(?:token|apikey|api_key|bearer|basic|secret|password)$/i.test(value);
}

function firstGroup(match: RegExpMatchArray): [number, number] | undefined {
  const indices = (match as RegExpExecArray).indices;
  if (!indices) return undefined;
  for (let g = 1; g < indices.length; g++) if (indices[g]) return indices[g];
  return undefined;
}

function collect(input: RecognizerInput, regex: RegExp, subtype: string, minEntropy: number, score: number, out: DetectedEntity[]): void {
  regex.lastIndex = 0;
  for (const match of input.text.matchAll(regex)) {
    const span = firstGroup(match);
    if (!span) continue;
    const value = input.text.slice(span[0], span[1]);
    if (isHeaderPlaceholder(value) || shannonEntropy(value) < minEntropy) continue;
    out.push({ type: 'SECRET', subtype, start: span[0], end: span[1], score, text: value, recognizer: `secret/${subtype}` });
  }
}

export const curlAuthHeaderRecognizer: Recognizer = {
  name: 'secret/curl-auth-header',
  entityTypes: ['SECRET'],
  keywords: ['curl'],
  find(input) {
    const found: DetectedEntity[] = [];
    collect(input, CURL_HEADER, 'curl-auth-header', 2.75, 0.9, found);
    return found;
  },
};

export const authorizationHeaderRecognizer: Recognizer = {
  name: 'secret/authorization-header',
  entityTypes: ['SECRET'],
  keywords: ['authorization'],
  find(input) {
    const found: DetectedEntity[] = [];
    // Lower score: inside a curl command the curl-specific finding wins the overlap.
    collect(input, AUTHORIZATION, 'authorization-header', 3, 0.8, found);
    return found;
  },
};

/** `-u`/`--user` followed by `"user:pass"`, `'user:pass'` or unquoted `user:pass`. */
const CURL_USER =
  /(?:^|[ \t\n\r])(?:-u|--user)(?:=|[ \t]{1,5})("[^"\n]{3,}"|'[^'\n]{3,}'|(?:"[^"\n]+"|'[^'\n]+'|[\w$@.{}()-]+):(?:"[^"\n]*"|'[^'\n]*'|[^\s"']*))/dgi;
/** Stand-ins people write in examples instead of a password. */
const EXAMPLE_PASSWORDS = /^(?:pass(?:word|wd)?|pwd|test|token|secret|admin|user(?:name)?|x+|y+|\*+|\.+)$/i;

function unquote(value: string): string {
  return value.replace(/^["']|["']$/g, '');
}

export const curlAuthUserRecognizer: Recognizer = {
  name: 'secret/curl-auth-user',
  entityTypes: ['SECRET'],
  keywords: ['curl'],
  find(input) {
    const found: DetectedEntity[] = [];
    CURL_USER.lastIndex = 0;
    for (const match of input.text.matchAll(CURL_USER)) {
      const span = (match as RegExpExecArray).indices?.[1];
      if (!span) continue;
      const raw = input.text.slice(span[0], span[1]);
      const unwrapped = /^"[^"]*"$|^'[^']*'$/.test(raw) ? raw.slice(1, -1) : raw;
      const colon = findCredentialColon(unwrapped);
      if (colon === -1) continue;
      const user = unquote(unwrapped.slice(0, colon));
      const password = unquote(unwrapped.slice(colon + 1));
      // `:secret` and `secret:` forms carry the secret on the non-empty side.
      const secret = password.length > 0 ? password : user;
      if (secret.length < 4 || /[$<>[\]{}()]/.test(secret) || isPlaceholder(secret) || EXAMPLE_PASSWORDS.test(secret)) continue;
      if (password.length > 0 && EXAMPLE_PASSWORDS.test(user) && password.toLowerCase() === user.toLowerCase()) continue;
      if (shannonEntropy(secret) < 2) continue;
      const offset = raw.lastIndexOf(secret);
      const start = span[0] + (offset === -1 ? 0 : offset);
      found.push({
        type: 'SECRET',
        subtype: 'curl-auth-user',
        start,
        end: start + secret.length,
        score: 0.85,
        text: secret,
        recognizer: 'secret/curl-auth-user',
      });
    }
    return found;
  },
};

/** The colon separating user and password, skipping colons inside quotes. */
function findCredentialColon(value: string): number {
  let quote = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ':') return i;
  }
  return -1;
}

export const headerRecognizers: readonly Recognizer[] = [curlAuthHeaderRecognizer, curlAuthUserRecognizer, authorizationHeaderRecognizer];
