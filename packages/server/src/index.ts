/** @rempart/server — what the CLI and other packages use. */
export { buildApp, startServer, type BuildAppOptions, type RunningServer } from './app.ts';
export { loadConfig, ConfigError, DEFAULT_CONFIG_FILE, type RempartConfig } from './config/load-config.ts';
export { openServices, openMigratedDatabase, type ServerServices } from './services.ts';
export { createLogger } from './observability/logger.ts';
export type { Database } from './db/database.ts';
export { migrate, migrationStatus } from './db/migrate.ts';
export { DatabaseInUseError } from './db/folder-lock.ts';
export { AuditLog, type AuditEntry } from './audit/audit-log.ts';
export { verifyAuditChain, type ChainVerification } from './audit/verify.ts';
export { createUser, findUserByEmail, listUsers, UserInputError, type User } from './users/users.ts';
export { createApiKey, listApiKeys, revokeApiKey, ApiKeyInputError, type ApiKeyInfo } from './auth/api-keys.ts';
export type { Actor, Role } from './auth/actor.ts';
export { ComplianceService, PurgeBusyError } from './compliance/compliance-service.ts';
