import { z } from 'zod';

/**
 * The parts of rempart.yaml the server foundation owns (the gateway owns providers, models
 * and routing: see ../providers/config-schema.ts). Every limit has a documented default.
 * Numbers accept strings so `${ENV}` interpolation works for them.
 */

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();
/** "no limit" is written by leaving the field out. */
const optionalLimit = positiveInt.optional();

export const serverSchema = z
  .object({
    /** Interface to listen on; loopback by default (put a TLS reverse proxy in front). */
    host: z.string().min(1).default('127.0.0.1'),
    port: port.default(8080),
    /** Largest request body accepted (bytes); larger → 413. Default 10 MB. */
    bodyLimitBytes: positiveInt.default(10 * 1024 * 1024),
    /** Trust X-Forwarded-* from a reverse proxy. */
    trustProxy: z.coerce.boolean().default(false),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .strict();

export const databaseSchema = z
  .object({
    /** postgres://… (PostgreSQL) or pglite:PATH; absent = embedded PGlite in `<dataDir>/pglite`. */
    url: z.string().min(1).optional(),
    /** PostgreSQL schema (search_path) to use; default: the server's. */
    schema: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be a plain SQL identifier')
      .optional(),
    /** Connections per instance (PostgreSQL only). */
    maxConnections: positiveInt.default(10),
    /**
     * Embedded database only: fdatasync each write-ahead audit record in the journal, so it
     * survives a power cut, not only a crash of the process (+≈ 0.2 ms per request here).
     * Off by default, as PGlite itself never calls fsync.
     */
    auditJournalSync: z.boolean().default(false),
  })
  .strict();

export const limitsSchema = z
  .object({
    /** Default: 600 requests per minute per user (all their keys together); per key: none. */
    requestsPerMinute: z
      .object({ perKey: optionalLimit, perUser: optionalLimit })
      .strict()
      .default({ perUser: 600 }),
    /** Default: no token quota. */
    tokensPerDay: z.object({ perKey: optionalLimit, perUser: optionalLimit }).strict().default({}),
    /** Per-request limits of the gateway (defaults documented in gateway/limits.ts). */
    perRequest: z
      .object({
        maxMessages: optionalLimit,
        maxTextChars: optionalLimit,
        maxEmbeddingInputs: optionalLimit,
        maxChoices: optionalLimit,
      })
      .strict()
      .default({}),
    /** How long a successful API key lookup is reused in one instance (revocation delay elsewhere). */
    authCacheSeconds: z.coerce.number().min(0).max(300).default(5),
  })
  .strict();

export const groupSchema = z
  .object({
    /** Models this group may use; "*" = all configured models. */
    models: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const accessSchema = z
  .object({
    /** Models for users in no configured group; "*" = all. */
    defaultModels: z.array(z.string().min(1)).default(['*']),
  })
  .strict();

export const bootstrapSchema = z
  .object({
    /** Creates this admin on first start (idempotent)… */
    adminEmail: z.email().optional(),
    /** …with this API key (rk_…), if given. */
    apiKey: z.string().min(1).optional(),
  })
  .strict();

export type ServerSettings = z.infer<typeof serverSchema>;
export type LimitsSettings = z.infer<typeof limitsSchema>;
export type GroupSettings = z.infer<typeof groupSchema>;
