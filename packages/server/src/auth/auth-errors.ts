/**
 * Why a request could not be authenticated. Each reason has its own code and message so a
 * client (and the person debugging it) knows what to fix; the gateway renders them in
 * OpenAI's error shape (401).
 */
export type AuthFailureCode =
  | 'missing_api_key'
  | 'malformed_api_key'
  | 'unknown_api_key'
  | 'expired_api_key'
  | 'revoked_api_key'
  | 'disabled_user';

const messages: Record<AuthFailureCode, string> = {
  missing_api_key: 'No API key: send the header "Authorization: Bearer rk_…".',
  malformed_api_key: 'Malformed API key: expected the header "Authorization: Bearer rk_…" with a key created by `rempart keys create`.',
  unknown_api_key: 'Unknown API key: it does not exist (check for a typo, or create one with `rempart keys create`).',
  expired_api_key: 'This API key has expired: ask an administrator for a new one.',
  revoked_api_key: 'This API key has been revoked: ask an administrator for a new one.',
  disabled_user: 'The account this API key belongs to is disabled.',
};

export class AuthenticationError extends Error {
  readonly statusCode = 401;
  readonly code: AuthFailureCode;

  constructor(code: AuthFailureCode) {
    super(messages[code]);
    this.name = 'AuthenticationError';
    this.code = code;
  }
}
