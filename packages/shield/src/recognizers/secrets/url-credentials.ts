/**
 * URL_CREDENTIALS: a URL that carries a credential, either `scheme://user:password@host`
 * (database URLs, proxies, git remotes) or a secret query parameter (`?access_token=…`,
 * `&api_key=…`, SAS `sig=…`). The whole URL is reported: it is the thing that must not
 * leave, and keeping the host visible next to a placeholder would still leak the password.
 */
import type { DetectedEntity, Recognizer } from '../../types.ts';
import { isPlaceholder, shannonEntropy } from './entropy.ts';

const URL_WITH_USERINFO = /\b[a-zA-Z][a-zA-Z0-9+.-]{1,30}:\/\/([^\s:/?#@"'<>`]{0,128}):([^\s/?#@"'<>`]{1,256})@[^\s/?#"'<>`@]+[^\s"'<>`]*/dg;
const URL_WITH_TOKEN_PARAM =
  /\b[a-zA-Z][a-zA-Z0-9+.-]{1,30}:\/\/[^\s"'<>`?]+\?(?:[^\s"'<>`#]*?&)?(?:access_token|refresh_token|id_token|auth_token|token|api_?key|apikey|key|secret|client_secret|password|passwd|pwd|sig|signature|private_token|session_?id)=([^\s&#"'<>`]{8,})[^\s"'<>`]*/dgi;
const EXAMPLE_PASSWORDS = /^(?:pass(?:word|wd)?|pwd|secret|x+|\*+|\.+|test)$/i;

function trimTrailingPunctuation(url: string): string {
  return url.replace(/[.,;:!?)\]}]+$/, '');
}

export const urlCredentialsRecognizer: Recognizer = {
  name: 'url-credentials',
  entityTypes: ['URL_CREDENTIALS'],
  keywords: ['://'],
  find(input) {
    const found: DetectedEntity[] = [];
    const text = input.text;
    URL_WITH_USERINFO.lastIndex = 0;
    for (const match of text.matchAll(URL_WITH_USERINFO)) {
      const password = decodeSafely(match[2]!);
      if (password.length === 0 || isPlaceholder(password) || EXAMPLE_PASSWORDS.test(password)) continue;
      if (/^[$%{<[]/.test(password)) continue;
      const url = trimTrailingPunctuation(match[0]);
      found.push({ type: 'URL_CREDENTIALS', subtype: 'userinfo', start: match.index, end: match.index + url.length, score: 0.92, text: url, recognizer: 'url-credentials' });
    }
    URL_WITH_TOKEN_PARAM.lastIndex = 0;
    for (const match of text.matchAll(URL_WITH_TOKEN_PARAM)) {
      const value = decodeSafely(match[1]!);
      if (isPlaceholder(value) || /^[A-Z_]+$/.test(value) || /^[$%{<[]/.test(value)) continue;
      if (shannonEntropy(value) < 3) continue;
      const url = trimTrailingPunctuation(match[0]);
      found.push({ type: 'URL_CREDENTIALS', subtype: 'query-token', start: match.index, end: match.index + url.length, score: 0.88, text: url, recognizer: 'url-credentials' });
    }
    return found;
  },
};

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
