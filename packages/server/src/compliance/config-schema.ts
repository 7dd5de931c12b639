/**
 * rempart.yaml `compliance:` — retention, the purge job, audit checkpoints, and what the
 * registers (AI systems, records of processing, DPIA) say beyond what the gateway's
 * configuration already tells (providers, locations, models).
 */
import { z } from 'zod';

/** AI Act Art. 26(6) / CNIL logging recommendation: logs are kept at least six months. */
export const MIN_AUDIT_RETENTION_MONTHS = 6;

export const retentionSchema = z
  .object({
    /** Conversation content (messages, feedback) and, with it, the conversation's vault. */
    conversationDays: z.number().int().min(1).default(30),
    /** Uploaded documents (files, passages, search index); null = kept until deleted. */
    documentDays: z.number().int().min(1).nullable().default(null),
    /** Audit metadata (the hash chain). Never below six months. */
    auditMonths: z
      .number()
      .int()
      .min(MIN_AUDIT_RETENTION_MONTHS, {
        message: `audit metadata must be kept at least ${MIN_AUDIT_RETENTION_MONTHS} months (AI Act Art. 26(6), CNIL logging recommendation)`,
      })
      .default(12),
  })
  .strict();

export const RISK_CLASSES = ['minimal', 'limited', 'high', 'prohibited'] as const;

/** One model's entry in the AI-system register (keyed by model name in `compliance.aiSystems`). */
export const aiSystemSchema = z
  .object({
    purpose: z.string().min(1).default('General assistance to staff (drafting, summarising, translating)'),
    /** Legal basis for a transfer outside the EU (GDPR Art. 45–49): adequacy decision, SCCs… */
    transferBasis: z.string().min(1).optional(),
    /** The provider contractually does not train on the data sent. */
    noTraining: z.boolean().default(false),
    /** How long the provider keeps prompts and answers (days; 0 = not kept). */
    providerRetentionDays: z.number().int().min(0).optional(),
    /** Processor agreement reference (GDPR Art. 28). */
    contract: z.string().min(1).optional(),
    riskClass: z.enum(RISK_CLASSES).default('limited'),
    /** What the organisation uses it for, in words; checked against AI Act Annex III. */
    useCases: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const complianceConfigSchema = z
  .object({
    retention: retentionSchema.default(retentionSchema.parse({})),
    purge: z
      .object({
        /** The in-process timer; every instance runs it, a lease lets one at a time work. */
        enabled: z.boolean().default(true),
        intervalMinutes: z.number().int().min(1).max(24 * 60).default(60),
        /** Rows per delete statement (each batch is one transaction with its progress). */
        batchSize: z.number().int().min(1).max(10_000).default(500),
      })
      .strict()
      .default({ enabled: true, intervalMinutes: 60, batchSize: 500 }),
    checkpoints: z
      .object({
        /** A signed checkpoint of the chain head once per UTC day (checked every interval). */
        enabled: z.boolean().default(true),
      })
      .strict()
      .default({ enabled: true }),
    /** Who is responsible (records of processing, DPIA). */
    organisation: z
      .object({
        name: z.string().min(1).default('(organisation name)'),
        address: z.string().optional(),
        dpoContact: z.string().optional(),
        representative: z.string().optional(),
      })
      .strict()
      .default({ name: '(organisation name)' }),
    /** Model name → register entry. Models without one get the defaults (and a warning). */
    aiSystems: z.record(z.string().min(1), aiSystemSchema).default({}),
  })
  .strict();

export type ComplianceConfig = z.infer<typeof complianceConfigSchema>;
export type AiSystemEntry = z.infer<typeof aiSystemSchema>;

export const DEFAULT_COMPLIANCE_CONFIG: ComplianceConfig = complianceConfigSchema.parse({});
