import { z } from 'zod';
import { modelsSchema, providersSchema, routingSchema } from '../providers/config-schema.ts';
import { authConfigSchema } from '../sessions/auth-config.ts';
import { documentSettingsSchema } from '../documents/settings.ts';
import { complianceConfigSchema, DEFAULT_COMPLIANCE_CONFIG } from '../compliance/config-schema.ts';
import {
  accessSchema,
  bootstrapSchema,
  databaseSchema,
  groupSchema,
  limitsSchema,
  serverSchema,
} from './foundation-schema.ts';

/**
 * rempart.yaml, the whole of it. Every section is optional: an empty file (or none) is a
 * working configuration.
 */
export const rootConfigSchema = z
  .object({
    server: serverSchema.default(serverSchema.parse({})),
    database: databaseSchema.default(databaseSchema.parse({})),
    /** Embedded database, generated secret key; relative to the configuration file. */
    dataDir: z.string().min(1).default('./data'),
    /** The shield policy: inline, or the path of a YAML/JSON policy file. Default: DEFAULT_POLICY. */
    policy: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
    limits: limitsSchema.default(limitsSchema.parse({})),
    /** Group name → what its members may use. */
    groups: z.record(z.string().min(1), groupSchema).default({}),
    access: accessSchema.default(accessSchema.parse({})),
    bootstrap: bootstrapSchema.default({}),
    /** Workspace sign-in: sessions, login limits, OpenID Connect (sessions/auth-config.ts). */
    auth: authConfigSchema.default(authConfigSchema.parse({})),
    /** Retention, purge, audit checkpoints, registers (compliance/config-schema.ts). */
    compliance: complianceConfigSchema.default(DEFAULT_COMPLIANCE_CONFIG),
    /** Documents: what to do with secrets / special categories found at ingestion, limits, optional embeddings. */
    documents: documentSettingsSchema
      .extend({ embeddings: z.object({ model: z.string().min(1) }).strict().optional() })
      .strict()
      .default({}),
    // The gateway's sections (providers, models, routing).
    providers: providersSchema,
    models: modelsSchema,
    routing: routingSchema,
  })
  .strict();
