/**
 * The `auth` section of rempart.yaml (sessions, login throttling, OpenID Connect). Every
 * number has a default documented here and in docs/api.md.
 */
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

export const oidcConfigSchema = z
  .object({
    /** Issuer URL (discovery at <issuer>/.well-known/openid-configuration). */
    issuer: z.url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    /**
     * This server's callback as registered at the provider: an absolute URL
     * (https://rempart.example.org/api/auth/oidc/callback, recommended behind a proxy) or a path
     * (/api/auth/oidc/callback) completed with the request's own origin.
     */
    redirectUri: z.union([z.url(), z.string().regex(/^\/[^/\\]/, 'must be an absolute URL or a path starting with /')]).default('/api/auth/oidc/callback'),
    /** Button text on the login page. */
    label: z.string().min(1).default('Sign in with SSO'),
    scopes: z.array(z.string().min(1)).default(['openid', 'email', 'profile']),
    /** ID-token claim holding the user's groups (Entra ID, Keycloak: "groups"). */
    groupsClaim: z.string().min(1).default('groups'),
    /** Claim value (group id or name at the provider) → Rempart group name. Unmapped values are ignored. */
    groupMapping: z.record(z.string().min(1), z.string().min(1)).default({}),
    /** Provider group values whose members are Rempart admins / DPOs. */
    adminGroups: z.array(z.string().min(1)).default([]),
    dpoGroups: z.array(z.string().min(1)).default([]),
    /** Loopback http issuers are accepted only when this is true (tests, local Keycloak). */
    allowInsecureHttp: z.coerce.boolean().default(false),
  })
  .strict();

export const authConfigSchema = z
  .object({
    session: z
      .object({
        /** A session unused this long ends. Default 120 minutes. */
        idleMinutes: positiveInt.default(120),
        /** A session ends this long after login whatever happens. Default 12 hours. */
        absoluteHours: positiveInt.default(12),
      })
      .strict()
      .default({ idleMinutes: 120, absoluteHours: 12 }),
    loginLimits: z
      .object({
        /** Failed attempts per account per window. Default 5. */
        perAccount: positiveInt.default(5),
        /** Failed attempts per client IP per window. Default 20. */
        perIp: positiveInt.default(20),
        /** Window length. Default 15 minutes. */
        windowMinutes: positiveInt.default(15),
      })
      .strict()
      .default({ perAccount: 5, perIp: 20, windowMinutes: 15 }),
    /** First-start setup link validity. Default 60 minutes. */
    setupTokenMinutes: positiveInt.default(60),
    oidc: oidcConfigSchema.optional(),
  })
  .strict();

export type AuthConfig = z.infer<typeof authConfigSchema>;
export type OidcConfig = z.infer<typeof oidcConfigSchema>;

/** The `auth` section of a loaded configuration (absent → the defaults). */
export function authConfigOf(config: object): AuthConfig {
  return authConfigSchema.parse((config as { auth?: unknown }).auth ?? {});
}
