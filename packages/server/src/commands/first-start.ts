/**
 * First start: the first administrator gets a password either from the environment
 * (REMPART_BOOTSTRAP_ADMIN_EMAIL + REMPART_BOOTSTRAP_ADMIN_PASSWORD) or through a one-time
 * setup link (random token, printed in the log, stored hashed, expires, single use).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../db/database.ts';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../sessions/passwords.ts';
import type { CredentialStore } from '../sessions/credentials.ts';
import { createUser, findUserByEmail, normaliseEmail, type User } from '../users/users.ts';

const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** True while no enabled administrator can sign in (no password and no SSO identity). */
export async function setupRequired(db: Database): Promise<boolean> {
  const result = await db.query<{ ready: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM users u
        WHERE u.role = 'admin' AND u.disabled_at IS NULL
          AND (EXISTS (SELECT 1 FROM user_credentials c WHERE c.user_id = u.id AND c.password_hash IS NOT NULL)
               OR EXISTS (SELECT 1 FROM external_identities e WHERE e.user_id = u.id))
     ) AS ready`,
  );
  return !result.rows[0]?.ready;
}

/**
 * REMPART_BOOTSTRAP_ADMIN_PASSWORD: gives the bootstrap admin (created by the foundation from
 * REMPART_BOOTSTRAP_ADMIN_EMAIL) a password if they have none yet. Never overwrites one.
 */
export async function applyBootstrapPassword(
  db: Database,
  credentials: CredentialStore,
  auditLog: AuditLog,
  input: { adminEmail: string; password: string },
): Promise<boolean> {
  checkPasswordLength(input.password, 'REMPART_BOOTSTRAP_ADMIN_PASSWORD');
  const user = await findUserByEmail(db, input.adminEmail);
  if (!user) throw new Error(`REMPART_BOOTSTRAP_ADMIN_PASSWORD is set but no user ${normaliseEmail(input.adminEmail)} exists`);
  const existing = await credentials.get(user.id);
  if (existing.passwordHash) return false;
  await credentials.setPassword(user.id, await hashPassword(input.password));
  await auditLog.append({ kind: 'admin', userId: user.id, details: { action: 'user.password_set', via: 'bootstrap' } });
  return true;
}

/** A fresh setup token (older ones are invalidated); returns it in clear, for the log only. */
export async function issueSetupToken(db: Database, validMinutes: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + validMinutes * 60_000);
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM setup_tokens');
    await tx.query('INSERT INTO setup_tokens (token_hash, expires_at) VALUES ($1, $2)', [hashToken(token), expiresAt.toISOString()]);
  });
  return { token, expiresAt };
}

export class SetupError extends Error {
  constructor(
    readonly code: 'SETUP_TOKEN_INVALID' | 'SETUP_ALREADY_DONE' | 'PASSWORD_TOO_SHORT',
    message: string,
  ) {
    super(message);
  }
}

export function checkPasswordLength(password: string, what = 'the password'): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new SetupError('PASSWORD_TOO_SHORT', `${what} must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long`);
  }
}

/** Uses the setup token: creates the first admin (or gives the bootstrap admin a password). */
export async function completeSetup(
  db: Database,
  credentials: CredentialStore,
  auditLog: AuditLog,
  input: { token: string; email: string; password: string; displayName?: string },
): Promise<User> {
  checkPasswordLength(input.password);
  if (!(await setupRequired(db))) throw new SetupError('SETUP_ALREADY_DONE', 'An administrator already exists: sign in instead.');
  const passwordHash = await hashPassword(input.password);
  // Consume the token first, atomically: two concurrent submissions cannot both succeed.
  const consumed = await db.query(
    'UPDATE setup_tokens SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()',
    [hashToken(input.token)],
  );
  if (consumed.rowCount !== 1) {
    throw new SetupError('SETUP_TOKEN_INVALID', 'This setup link is invalid, used or expired: restart the server to get a new one.');
  }
  let user = await findUserByEmail(db, input.email);
  if (!user) {
    user = await createUser(db, { email: input.email, role: 'admin', ...(input.displayName ? { displayName: input.displayName } : {}) });
  } else if (user.role !== 'admin' || user.disabledAt) {
    await db.query(`UPDATE users SET role = 'admin', disabled_at = NULL WHERE id = $1`, [user.id]);
  }
  await credentials.setPassword(user.id, passwordHash);
  await auditLog.append({ kind: 'admin', userId: user.id, details: { action: 'user.created', via: 'setup_link', role: 'admin' } });
  return (await findUserByEmail(db, input.email))!;
}
