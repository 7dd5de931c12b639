import type { AuditLog } from '../audit/audit-log.ts';
import { createApiKey, findApiKeyByValue } from '../auth/api-keys.ts';
import type { Database } from '../db/database.ts';
import { createUser, findUserByEmail, normaliseEmail } from './users.ts';

export interface BootstrapOutcome {
  userCreated: boolean;
  keyCreated: boolean;
  userId: string;
}

/**
 * First start: creates the admin named by REMPART_BOOTSTRAP_ADMIN_EMAIL and imports
 * REMPART_BOOTSTRAP_API_KEY for them. Idempotent: an existing user or key is left as is.
 */
export async function bootstrapAdmin(
  db: Database,
  auditLog: AuditLog,
  input: { adminEmail: string; apiKey?: string },
): Promise<BootstrapOutcome> {
  const email = normaliseEmail(input.adminEmail);
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
    throw new Error(`REMPART_BOOTSTRAP_ADMIN_EMAIL is not an e-mail address`);
  }
  let user = await findUserByEmail(db, email);
  let userCreated = false;
  if (!user) {
    try {
      user = await createUser(db, { email, role: 'admin', displayName: 'Administrator' });
      userCreated = true;
      await auditLog.append({
        kind: 'admin',
        userId: user.id,
        details: { action: 'user.created', via: 'bootstrap', role: 'admin' },
      });
    } catch (error) {
      // Another instance bootstrapped at the same moment.
      user = await findUserByEmail(db, email);
      if (!user) throw error;
    }
  }
  let keyCreated = false;
  if (input.apiKey) {
    const existing = await findApiKeyByValue(db, input.apiKey);
    if (existing && existing.userId !== user.id) {
      throw new Error('REMPART_BOOTSTRAP_API_KEY is already the key of another user');
    }
    if (!existing) {
      const { info } = await createApiKey(db, { userId: user.id, name: 'bootstrap', key: input.apiKey });
      keyCreated = true;
      await auditLog.append({
        kind: 'admin',
        userId: user.id,
        apiKeyId: info.id,
        details: { action: 'api_key.created', via: 'bootstrap', prefix: info.prefix },
      });
    }
  }
  return { userCreated, keyCreated, userId: user.id };
}
