/**
 * Errors are values with a stable code the server and the UI can map (HTTP status, message
 * in French or English). Messages never contain a detected value.
 */

export const SHIELD_ERROR_CODES = [
  /** The policy file does not match the schema; the message names the field. */
  'POLICY_INVALID',
  /** The text is longer than `maxTextLength`. */
  'INPUT_TOO_LARGE',
  /** A caller passed something that is not a string, a vault, … */
  'INVALID_INPUT',
  /** A vault snapshot could not be read back. */
  'VAULT_INVALID',
  /** The policy asks for `hash` but no key was configured. */
  'HASH_KEY_MISSING',
] as const;

export type ShieldErrorCode = (typeof SHIELD_ERROR_CODES)[number];

export class ShieldError extends Error {
  readonly code: ShieldErrorCode;

  constructor(code: ShieldErrorCode, message: string) {
    super(message);
    this.name = 'ShieldError';
    this.code = code;
  }
}

export function isShieldError(value: unknown): value is ShieldError {
  return value instanceof ShieldError;
}
