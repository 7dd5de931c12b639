/**
 * Just-in-time accounts for SSO: the (issuer, subject) pair is the identity; the first sign-in
 * creates the user (or links an existing one, see below); every sign-in refreshes the groups
 * mapped from the provider's group claim and, when role groups are configured, the role.
 * Every change is audited: account created, role changed, groups joined or left.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Role } from '../auth/actor.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { OidcConfig } from '../sessions/auth-config.ts';
import { createUser, findUserByEmail, type User } from '../users/users.ts';
import type { OidcIdentity } from './oidc-client.ts';

export class ProvisioningError extends Error {
  constructor(
    readonly code: 'OIDC_NO_EMAIL' | 'ACCOUNT_DISABLED' | 'ACCOUNT_EXISTS',
    message: string,
  ) {
    super(message);
  }
}

export function roleFromGroups(config: OidcConfig, groups: readonly string[]): Role | undefined {
  if (config.adminGroups.length === 0 && config.dpoGroups.length === 0) return undefined; // the provider does not decide roles
  if (groups.some((group) => config.adminGroups.includes(group))) return 'admin';
  if (groups.some((group) => config.dpoGroups.includes(group))) return 'dpo';
  return 'user';
}

export async function provisionOidcUser(db: Database, auditLog: AuditLog, config: OidcConfig, identity: OidcIdentity): Promise<User> {
  const mappedGroups = [...new Set(identity.groups.map((value) => config.groupMapping[value]).filter((name): name is string => name !== undefined))];
  const role = roleFromGroups(config, identity.groups);
  let user = await userOfIdentity(db, identity);
  if (!user) {
    if (!identity.email) throw new ProvisioningError('OIDC_NO_EMAIL', 'the identity provider sent no e-mail address for this account');
    const existing = await findUserByEmail(db, identity.email);
    if (existing) {
      // Linking to an existing account by e-mail is safe only if the provider verified the
      // address, or the account has no password of its own (provisioned for SSO by an admin).
      const hasPassword = (await db.query('SELECT 1 FROM user_credentials WHERE user_id = $1 AND password_hash IS NOT NULL', [existing.id])).rows.length > 0;
      if (identity.emailVerified !== true && hasPassword) {
        throw new ProvisioningError('ACCOUNT_EXISTS', 'a local account already uses this e-mail address and the provider did not verify it');
      }
      user = existing;
    } else {
      user = await createUser(db, { email: identity.email, role: role ?? 'user', ...(identity.name ? { displayName: identity.name } : {}) });
      await auditLog.append({ kind: 'admin', userId: user.id, details: { action: 'user.created', via: 'oidc', role: user.role } });
    }
    await db.query('INSERT INTO external_identities (issuer, subject, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [identity.issuer, identity.subject, user.id]);
  }
  if (user.disabledAt) throw new ProvisioningError('ACCOUNT_DISABLED', 'this account is disabled');

  const membership = await db.transaction(async (tx) => {
    await tx.query('UPDATE external_identities SET last_login_at = now() WHERE issuer = $1 AND subject = $2', [identity.issuer, identity.subject]);
    if (role && role !== user!.role) await tx.query('UPDATE users SET role = $2 WHERE id = $1', [user!.id, role]);
    const before = await groupNamesOf(tx, user!.id);
    // The provider is authoritative for the groups the mapping targets; other memberships stay.
    const targets = [...new Set(Object.values(config.groupMapping))];
    if (targets.length > 0) {
      await tx.query(
        `DELETE FROM user_groups WHERE user_id = $1 AND group_id IN (SELECT id FROM groups WHERE name = ANY($2) AND NOT (name = ANY($3)))`,
        [user!.id, targets, mappedGroups],
      );
    }
    for (const name of mappedGroups) {
      await tx.query('INSERT INTO groups (id, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [randomUUID(), name]);
      await tx.query('INSERT INTO user_groups (user_id, group_id) SELECT $1, id FROM groups WHERE name = $2 ON CONFLICT DO NOTHING', [user!.id, name]);
    }
    const after = await groupNamesOf(tx, user!.id);
    return { added: after.filter((name) => !before.includes(name)), removed: before.filter((name) => !after.includes(name)) };
  });
  if (membership.added.length > 0 || membership.removed.length > 0) {
    // Group names (identifiers, as in user.updated), never the provider's raw claims.
    await auditLog.append({
      kind: 'admin',
      userId: user.id,
      details: { action: 'user.groups_changed', via: 'oidc', targetUserId: user.id, added: membership.added, removed: membership.removed },
    });
  }
  if (role && role !== user.role) {
    await auditLog.append({ kind: 'admin', userId: user.id, details: { action: 'user.role_changed', via: 'oidc', role } });
  }
  return (await findUserByEmail(db, user.email))!;
}

async function groupNamesOf(db: Queryable, userId: string): Promise<string[]> {
  const result = await db.query<{ name: string }>(
    'SELECT g.name FROM user_groups ug JOIN groups g ON g.id = ug.group_id WHERE ug.user_id = $1 ORDER BY g.name',
    [userId],
  );
  return result.rows.map((row) => row.name);
}

async function userOfIdentity(db: Database, identity: OidcIdentity): Promise<User | undefined> {
  const row = (
    await db.query<{ email: string }>(
      'SELECT u.email FROM external_identities e JOIN users u ON u.id = e.user_id WHERE e.issuer = $1 AND e.subject = $2',
      [identity.issuer, identity.subject],
    )
  ).rows[0];
  return row ? findUserByEmail(db, row.email) : undefined;
}
