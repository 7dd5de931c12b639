/** Test helpers: an analyzer over the secret family and deterministic random-looking values. */
import { createAnalyzer } from '../../analyzer.ts';
import type { DetectedEntity } from '../../types.ts';
import { secretRecognizers } from './index.ts';

const analyzer = createAnalyzer({ recognizers: secretRecognizers() });

export function findSecrets(text: string): DetectedEntity[] {
  return analyzer.analyze(text, { entityTypes: ['SECRET', 'URL_CREDENTIALS'], language: 'en' });
}

export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const HEX = '0123456789abcdef';
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Deterministic pseudo-random string (xorshift), so tests do not depend on fixed samples. */
export function randomString(alphabet: string, length: number, seed: number): string {
  let state = seed * 2654435761 + 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out += alphabet[Math.abs(state) % alphabet.length];
  }
  return out;
}
