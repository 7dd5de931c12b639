/**
 * The compliance console's server side, built once per process from the server's services:
 * audit browsing and verification, checkpoints, exports, alerts, the purge job and its timer,
 * rights requests, the incident register. The API plugin and the CLI both use it.
 */
import type { ServerServices } from '../services.ts';
import { raiseAlert } from './alerts.ts';
import { AuditBrowser } from './audit-browse.ts';
import { verifyAuditTrail, type FullVerification } from './chain-verify.ts';
import { createCheckpoint, type Checkpoint } from './checkpoints.ts';
import { IncidentRegister } from './incidents.ts';
import { INSTANCE_ID, releaseLease, tryTakeLease } from './leases.ts';
import { runPurge, type PurgeRun } from './purge.ts';
import { personDataCsv, personDataJson } from './rights/person-export.ts';
import type { PersonData } from './rights/person-search.ts';
import { RightsRequests } from './rights/rights-requests.ts';
import { loadSigningKey, SIGNING_KEY_ENV, type SigningKey } from './signing-key.ts';

export const JOBS_LEASE = 'compliance-jobs';
const LEASE_MS = 10 * 60_000;

export class PurgeBusyError extends Error {
  readonly code = 'PURGE_RUNNING';
  constructor() {
    super('A purge or checkpoint is already running (on this or another instance). Try again in a few minutes.');
  }
}

export class ComplianceService {
  readonly services: ServerServices;
  readonly browser: AuditBrowser;
  readonly rights: RightsRequests;
  readonly incidents: IncidentRegister;
  readonly #environment: Record<string, string | undefined>;
  #signingKey: SigningKey | undefined;
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> | undefined;

  constructor(services: ServerServices, environment: Record<string, string | undefined> = process.env) {
    this.services = services;
    this.#environment = environment;
    const { db, auditLog, vaultStore, logger } = services;
    this.browser = new AuditBrowser({ db, auditLog, logger });
    this.rights = new RightsRequests({ db, vaultStore, auditLog });
    this.incidents = new IncidentRegister(db);
  }

  /** Loaded on first use (a server that never signs needs no key file). */
  get signingKey(): SigningKey {
    this.#signingKey ??= loadSigningKey({ environmentValue: this.#environment[SIGNING_KEY_ENV], dataDir: this.services.config.dataDir });
    return this.#signingKey;
  }

  async verify(): Promise<FullVerification> {
    return verifyAuditTrail(this.services.db, { currentKeyId: this.signingKey.keyId });
  }

  /** Verifies and, when the chain is broken, alerts the DPO and admins. */
  async verifyAndAlert(readerId?: string): Promise<FullVerification> {
    const verification = await this.verify();
    if (!verification.ok) {
      await raiseAlert(
        { db: this.services.db, auditLog: this.services.auditLog, logger: this.services.logger },
        {
          kind: 'audit_chain_broken',
          ...(readerId ? { actorId: readerId } : {}),
          summary: `The audit chain does not verify at row ${verification.firstBrokenLink?.rowId}: ${verification.firstBrokenLink?.reason}`,
          details: { rowId: verification.firstBrokenLink?.rowId ?? null },
        },
      );
    }
    return verification;
  }

  async checkpoint(kind: 'daily' | 'on_demand', actorId?: string): Promise<Checkpoint | undefined> {
    const checkpoint = await createCheckpoint(this.services.db, this.signingKey, { kind });
    if (checkpoint) {
      await this.services.auditLog.append({
        kind: 'admin',
        ...(actorId ? { userId: actorId } : {}),
        details: { action: 'audit.checkpoint', checkpoint: checkpoint.id, lastId: checkpoint.lastId, keyId: checkpoint.keyId },
      });
    }
    return checkpoint;
  }

  /** A purge now (API, CLI): one at a time across instances. */
  async purge(trigger: PurgeRun['trigger'], startedBy?: string, hooks: { afterBatch?: () => void | Promise<void> } = {}): Promise<PurgeRun> {
    const { db } = this.services;
    if (!(await tryTakeLease(db, JOBS_LEASE, LEASE_MS))) throw new PurgeBusyError();
    try {
      const run = await runPurge({
        db,
        auditLog: this.services.auditLog,
        retention: this.services.config.compliance.retention,
        batchSize: this.services.config.compliance.purge.batchSize,
        trigger,
        ...(startedBy ? { startedBy } : {}),
        afterBatch: async () => {
          await tryTakeLease(db, JOBS_LEASE, LEASE_MS); // renew while working
          await hooks.afterBatch?.();
        },
      });
      if ((run.progress.audit?.deleted ?? 0) > 0) {
        await raiseAlert(
          { db, auditLog: this.services.auditLog, logger: this.services.logger },
          { kind: 'audit_purge', ...(startedBy ? { actorId: startedBy } : {}), summary: `Retention purge removed ${run.progress.audit?.deleted} expired audit records (the chain keeps its anchor).`, details: { run: run.id } },
        );
      }
      return run;
    } finally {
      await releaseLease(db, JOBS_LEASE);
    }
  }

  /** The in-process timer: daily checkpoint, then purge, by whichever instance holds the lease. */
  start(): void {
    const { checkpoints, purge } = this.services.config.compliance;
    if (!checkpoints.enabled && !purge.enabled) return;
    this.#timer = setInterval(() => {
      this.#tick ??= this.runScheduledJobs()
        .catch((error: unknown) => this.services.logger.error({ err: error }, 'scheduled compliance jobs failed'))
        .finally(() => {
          this.#tick = undefined;
        });
    }, purge.intervalMinutes * 60_000);
    this.#timer.unref();
  }

  async runScheduledJobs(): Promise<void> {
    const { db, config } = this.services;
    if (!(await tryTakeLease(db, JOBS_LEASE, LEASE_MS))) return;
    try {
      if (config.compliance.checkpoints.enabled) {
        const checkpoint = await this.checkpoint('daily');
        if (checkpoint) await this.verifyAndAlert();
      }
    } finally {
      await releaseLease(db, JOBS_LEASE);
    }
    if (config.compliance.purge.enabled) {
      try {
        await this.purge('schedule');
      } catch (error) {
        if (!(error instanceof PurgeBusyError)) throw error;
      }
    }
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#tick;
  }

  /** A person's data as the export the request asked for. */
  personDataExport(data: PersonData, format: 'json' | 'csv'): string {
    return format === 'csv' ? personDataCsv(data) : personDataJson(data);
  }

  get instanceId(): string {
    return INSTANCE_ID;
  }
}
