import type { Logger } from 'pino';
import { AuditLog } from './audit/audit-log.ts';
import { AuditJournal, auditJournalPath, replayAuditJournal } from './audit/audit-journal.ts';
import { JournaledAuditLog, journalFlushedFirst } from './audit/journaled-audit-log.ts';
import { ApiKeyAuthenticator } from './auth/authenticator.ts';
import { createModelAccess, type ModelAccess } from './auth/model-access.ts';
import type { RempartConfig } from './config/load-config.ts';
import type { Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/open.ts';
import { DatabaseUsageLimiter } from './limits/database-usage-limiter.ts';
import { EmbeddedUsageLimiter } from './limits/embedded-usage-limiter.ts';
import { LiveLimits } from './limits/live-limits.ts';
import type { UsageLimiter } from './limits/usage-limiter.ts';
import { createLogger } from './observability/logger.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { loadSecretKey, type SecretKey } from './secrets/secret-key.ts';
import { bootstrapAdmin } from './users/bootstrap-admin.ts';
import { VaultStore } from './vault/vault-store.ts';
import { SettingsChanges } from './commands/settings-changes.ts';
import { LiveCatalogue } from './commands/live-catalogue.ts';
import { CatalogueStore } from './providers/catalogue-store.ts';
import { limitSettingsOf, WorkspaceSettings } from './commands/workspace-settings.ts';

/** Everything a request handler may need, built once per process (the app itself is stateless). */
export interface ServerServices {
  config: RempartConfig;
  db: Database;
  logger: Logger;
  metrics: Metrics;
  auditLog: AuditLog;
  authenticator: ApiKeyAuthenticator;
  vaultStore: VaultStore;
  limiter: UsageLimiter;
  modelAccess: ModelAccess;
  secretKey: SecretKey;
  /**
   * The models served (rempart.yaml's and the administrators'), kept fresh in memory: the one
   * registry of /v1 and the workspace chat, so one connection pool per provider.
   */
  catalogue: LiveCatalogue;
  catalogueStore: CatalogueStore;
  /** Signalled after an administrator changes the policy, a group's models or the quotas (refreshes the in-memory copies). */
  settingsChanges: SettingsChanges;
  /** Closes the database (after the HTTP server stopped). */
  close(): Promise<void>;
}

/** Opens the configured database and applies pending migrations (server and CLI alike). */
export async function openMigratedDatabase(config: RempartConfig): Promise<Database> {
  const db = await openDatabase({
    url: config.database.url,
    dataDir: config.dataDir,
    schema: config.database.schema,
  });
  try {
    await migrate(db);
    // What a stopped process journaled but had not moved into audit_log yet (journaled-audit-log.ts).
    if (db.dataFolder) await replayAuditJournal(db, auditJournalPath(db.dataFolder));
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return db;
}

/**
 * The audit log over `database`. On the embedded database with a folder, write-ahead records
 * go to a journal first (journaled-audit-log.ts) and the services see the database through
 * `journalFlushedFirst`; on PostgreSQL (several instances share the chain) they are appended
 * directly, in committed group commits.
 */
async function openAuditLog(database: Database, config: RempartConfig, logger: Logger): Promise<{ db: Database; auditLog: AuditLog }> {
  if (database.kind !== 'pglite' || !database.dataFolder) return { db: database, auditLog: new AuditLog(database) };
  let journal: AuditJournal | undefined;
  try {
    journal = AuditJournal.open(auditJournalPath(database.dataFolder), { sync: config.database.auditJournalSync });
    const auditLog = await JournaledAuditLog.open(database, journal, {
      onImportError: (error) =>
        logger.error({ errorName: (error as Error)?.name, errorCode: (error as { code?: string })?.code }, 'journaled audit records could not be moved into the database yet (retried)'),
      onChainMoved: (relinked) =>
        logger.error({ relinked }, 'the audit chain head moved outside this process: the records not yet in the database were linked again onto it'),
    });
    return { db: journalFlushedFirst(database, auditLog), auditLog };
  } catch (error) {
    journal?.close();
    await database.close().catch(() => {});
    throw error;
  }
}

export async function openServices(
  config: RempartConfig,
  options: { logger?: Logger; environment?: Record<string, string | undefined> } = {},
): Promise<ServerServices> {
  const environment = options.environment ?? process.env;
  const logger = options.logger ?? createLogger({ level: environment.LOG_LEVEL || config.server.logLevel });
  const secretKey = loadSecretKey({
    environmentValue: environment.REMPART_SECRET_KEY,
    dataDir: config.dataDir,
    production: environment.NODE_ENV === 'production',
    warnings: { warn: (message) => logger.warn(message) },
  });
  if (secretKey.source === 'generated') logger.info({ path: secretKey.path }, 'generated a new vault encryption key');

  const database = await openMigratedDatabase(config);
  const { db, auditLog } = await openAuditLog(database, config, logger);
  if (db.kind === 'postgres' && secretKey.source !== 'environment') {
    logger.warn(
      'REMPART_SECRET_KEY is not set while using PostgreSQL: every instance must use the same vault key, ' +
        `but this one uses ${secretKey.path}. Set REMPART_SECRET_KEY on all instances.`,
    );
  }
  const settingsChanges = new SettingsChanges();
  // The administrators' quotas (or the configuration's while none were set), kept fresh in
  // memory: every instance applies a change within the refresh period, this one at once.
  const workspaceSettings = new WorkspaceSettings(db, config);
  const liveLimits = new LiveLimits({
    load: async () => limitSettingsOf((await workspaceSettings.quotas()).quotas),
    onRefreshError: (error) => logger.error({ err: error }, 'could not refresh the quotas'),
  });
  const catalogueStore = new CatalogueStore(db, secretKey);
  const catalogue = new LiveCatalogue({
    config,
    store: catalogueStore,
    logger,
    onRefreshError: (error) => logger.error({ err: error }, 'could not refresh the catalogue of providers and models'),
  });
  let limiter: UsageLimiter;
  try {
    await liveLimits.start();
    await catalogue.start();
    // PGlite: one process owns the database, so limits are counted exactly in memory (no
    // statement per request); PostgreSQL: counted in the database, exact across instances.
    limiter = db.kind === 'pglite' ? await EmbeddedUsageLimiter.open(db, liveLimits) : new DatabaseUsageLimiter(db, liveLimits);
    if (config.bootstrap.adminEmail) {
      const outcome = await bootstrapAdmin(db, auditLog, {
        adminEmail: config.bootstrap.adminEmail,
        apiKey: config.bootstrap.apiKey,
      });
      if (outcome.userCreated || outcome.keyCreated) logger.info(outcome, 'bootstrap administrator ready');
    }
  } catch (error) {
    liveLimits.stop();
    await catalogue.close().catch(() => {});
    await auditLog.close().catch(() => {});
    await db.close().catch(() => {});
    throw error;
  }
  settingsChanges.subscribe(() =>
    // The change is stored; if this reload fails the periodic one retries (and fails closed when stale).
    liveLimits.refresh().catch((error: unknown) => logger.error({ err: error }, 'could not reload the quotas')),
  );
  settingsChanges.subscribe(() =>
    catalogue.refresh().catch((error: unknown) => logger.error({ err: error }, 'could not reload the catalogue of providers and models')),
  );
  return {
    config,
    db,
    logger,
    metrics: createMetrics(),
    auditLog,
    authenticator: new ApiKeyAuthenticator(db, { cacheTtlMs: config.limits.authCacheSeconds * 1000 }),
    vaultStore: new VaultStore(db, secretKey),
    limiter,
    modelAccess: createModelAccess({ groups: config.groups, defaultModels: config.access.defaultModels }),
    secretKey,
    catalogue,
    catalogueStore,
    settingsChanges,
    close: async () => {
      liveLimits.stop();
      await catalogue.close(); // after the HTTP server stopped: no request is still choosing a provider
      try {
        await auditLog.close(); // records accepted before shutdown are written, not lost
      } catch (error) {
        logger.error({ errorName: (error as Error)?.name, errorCode: (error as { code?: string })?.code }, 'audit records could not be written at shutdown; they stay in the journal and are written at the next start');
      }
      await db.close();
    },
  };
}
