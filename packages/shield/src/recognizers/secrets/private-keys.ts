/**
 * Key material: PEM/PGP/OpenSSH private key blocks (also when newlines are escaped inside
 * JSON, as in cloud service-account files), PuTTY key files, JSON Web Tokens.
 */
import { shannonEntropy } from './entropy.ts';
import type { SecretRule } from './rule.ts';

export const privateKeyRules: readonly SecretRule[] = [
  {
    id: 'private-key',
    keywords: ['-----begin'],
    // Header, at least 64 characters of body (no nested END), then the footer or the end of
    // the text (a truncated paste is still a leak).
    regex:
      /(-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----(?:(?!-----END)[\s\S]){64,}?(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|$))/dg,
    score: 0.97,
    reject: (secret) => {
      const body = secret.replace(/-----[^-]+-----/g, '').replace(/\\[nr]|\s/g, '');
      return body.length < 48 || shannonEntropy(body) < 3.5;
    },
  },
  {
    id: 'putty-private-key',
    keywords: ['putty-user-key-file'],
    regex: /(PuTTY-User-Key-File-\d+:[\s\S]{0,400}?Private-Lines:\s*\d+\s+[A-Za-z0-9+/=\s]{40,}?)(?=Private-(?:MAC|Hash)|$)/dg,
    score: 0.95,
  },
  {
    id: 'jwt',
    keywords: ['ey'],
    // header.payload.signature, both first parts base64url JSON (`eyJ…` = `{"`).
    regex: /\b(ey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9/\\_-]{17,}\.(?:[a-zA-Z0-9/\\_-]{10,}={0,2})?)(?=[`'"\s;,)\]}<]|\\[nrt]|$)/dg,
    minEntropy: 3,
    score: 0.9,
  },
  {
    id: 'jwt-base64',
    keywords: ['zxlk'],
    regex: /\b(ZXlK(?:aGJHY2lPaU|aGNIVWlPaU|aGNIWWlPaU|aGRXUWlPaU|aU5qUWlP|amNtbDBJanBi|amRIa2lPaU|bGNHc2lPbn|bGJtTWlPaU|cWEzVWlPaU|cWQyc2lPb|cGMzTWlPaU|cGRpSTZJ|cmFXUWlP|clpYbGZiM0J6SWpwY|cmRIa2lPaUp|dWIyNWpaU0k2|d01tTWlP|d01uTWlPaU|d2NIUWlPaU|emRXSWlPaU|emRuUWlP|MFlXY2lPaU|MGVYQWlPaUp|MWNtd2l|MWMyVWlPaUp|MlpYSWlPaU|MlpYSnphVzl1SWpv|NElqb2|NE5XTWlP|NE5YUWlPaU|NE5YUWpVekkxTmlJNkl|NE5YVWlPaU|NmFYQWlPaU)[a-zA-Z0-9/\\_+-]{40,}={0,2})/dg,
    minEntropy: 2,
    score: 0.9,
  },
];
