/**
 * OpenID Connect sign-in (Entra ID, Keycloak, Google Workspace…) with openid-client:
 * authorization code + PKCE (S256), state and nonce kept server-side (oidc_flows, 10 minutes,
 * single use) so any instance can finish a flow another one started.
 */
import * as openid from 'openid-client';
import type { Database } from '../db/database.ts';
import type { OidcConfig } from '../sessions/auth-config.ts';

const FLOW_TTL_MS = 10 * 60_000;

export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean | undefined;
  name: string | undefined;
  /** Raw values of the groups claim. */
  groups: string[];
  /** The identity provider says it performed multi-factor authentication (amr). */
  mfaAtProvider: boolean;
}

export class OidcFlowError extends Error {
  constructor(
    readonly code: 'OIDC_STATE_INVALID' | 'OIDC_FAILED',
    message: string,
  ) {
    super(message);
  }
}

/** amr values (RFC 8176) that mean a second factor was used. */
const MFA_AMR = new Set(['mfa', 'otp', 'hwk', 'swk', 'sms', 'fpt', 'face', 'iris', 'retina', 'vbm', 'sc']);

export class OidcSignIn {
  readonly #config: OidcConfig;
  readonly #db: Database;
  #discovered: Promise<openid.Configuration> | undefined;

  constructor(config: OidcConfig, db: Database) {
    this.#config = config;
    this.#db = db;
  }

  /** Discovery once, lazily (the provider may be down at start); retried after a failure. */
  #configuration(): Promise<openid.Configuration> {
    this.#discovered ??= openid
      .discovery(new URL(this.#config.issuer), this.#config.clientId, this.#config.clientSecret, undefined, {
        ...(this.#config.allowInsecureHttp ? { execute: [openid.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        this.#discovered = undefined;
        throw error;
      });
    return this.#discovered;
  }

  /** The callback URL: configured absolutely, or the configured path on the request's origin. */
  redirectUri(requestOrigin: string): string {
    return this.#config.redirectUri.startsWith('/') ? `${requestOrigin}${this.#config.redirectUri}` : this.#config.redirectUri;
  }

  /** The provider's authorization URL for a new flow. */
  async start(returnTo: string, requestOrigin: string): Promise<URL> {
    const configuration = await this.#configuration();
    const codeVerifier = openid.randomPKCECodeVerifier();
    const state = openid.randomState();
    const nonce = openid.randomNonce();
    await this.#db.query('DELETE FROM oidc_flows WHERE expires_at <= now()');
    await this.#db.query('INSERT INTO oidc_flows (state, code_verifier, nonce, return_to, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      state,
      codeVerifier,
      nonce,
      returnTo,
      new Date(Date.now() + FLOW_TTL_MS).toISOString(),
    ]);
    return openid.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri(requestOrigin),
      scope: this.#config.scopes.join(' '),
      code_challenge: await openid.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
  }

  /** Finishes a flow from the callback's query string: the verified identity and where to go next. */
  async finish(callbackQuery: string, requestOrigin: string): Promise<{ identity: OidcIdentity; returnTo: string }> {
    const state = new URLSearchParams(callbackQuery).get('state') ?? '';
    // Single use: the row is deleted as it is read.
    const flow = (
      await this.#db.query<{ code_verifier: string; nonce: string; return_to: string }>(
        'DELETE FROM oidc_flows WHERE state = $1 AND expires_at > now() RETURNING code_verifier, nonce, return_to',
        [state],
      )
    ).rows[0];
    if (!flow) throw new OidcFlowError('OIDC_STATE_INVALID', 'unknown, used or expired sign-in attempt');
    const configuration = await this.#configuration();
    const currentUrl = new URL(this.redirectUri(requestOrigin));
    currentUrl.search = callbackQuery;
    let tokens: Awaited<ReturnType<typeof openid.authorizationCodeGrant>>;
    try {
      tokens = await openid.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: flow.code_verifier,
        expectedState: state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new OidcFlowError('OIDC_FAILED', `the identity provider's answer was refused: ${(error as Error).message}`);
    }
    const claims = tokens.claims()!;
    let merged: Record<string, unknown> = { ...claims };
    // Many providers put e-mail and groups in userinfo only (unless asked in the ID token).
    if (claims.email === undefined || claims[this.#config.groupsClaim] === undefined) {
      const userInfo = await openid.fetchUserInfo(configuration, tokens.access_token, claims.sub);
      merged = { ...userInfo, ...claims, ...pick(userInfo, ['email', 'email_verified', 'name', this.#config.groupsClaim]) };
    }
    const groupsValue = merged[this.#config.groupsClaim];
    const amr = Array.isArray(claims.amr) ? (claims.amr as unknown[]) : [];
    return {
      identity: {
        issuer: claims.iss,
        subject: claims.sub,
        email: typeof merged.email === 'string' ? merged.email : undefined,
        emailVerified: typeof merged.email_verified === 'boolean' ? merged.email_verified : undefined,
        name: typeof merged.name === 'string' ? merged.name : undefined,
        groups: Array.isArray(groupsValue) ? groupsValue.filter((value): value is string => typeof value === 'string') : [],
        mfaAtProvider: amr.some((value) => typeof value === 'string' && MFA_AMR.has(value)),
      },
      returnTo: flow.return_to,
    };
  }
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}
