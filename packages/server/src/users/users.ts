import { randomUUID } from 'node:crypto';
import type { Role } from '../auth/actor.ts';
import type { Database, Queryable } from '../db/database.ts';
import { toDate } from '../db/database.ts';

export interface User {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  groups: string[];
  createdAt: Date;
  disabledAt: Date | null;
}

export class UserInputError extends Error {
  readonly code = 'INVALID_USER';
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates a user (email is the unique login) and their group memberships, creating groups as needed. */
export async function createUser(
  db: Database,
  input: { email: string; displayName?: string; role?: Role; groups?: string[] },
): Promise<User> {
  const email = normaliseEmail(input.email);
  return db.transaction(async (tx) => {
    const existing = await tx.query('SELECT 1 FROM users WHERE email = $1', [email]);
    if (existing.rows.length > 0) throw new UserInputError(`a user with the email ${email} already exists`);
    const id = randomUUID();
    await tx.query('INSERT INTO users (id, email, display_name, role) VALUES ($1, $2, $3, $4)', [
      id,
      email,
      input.displayName ?? null,
      input.role ?? 'user',
    ]);
    await addToGroups(tx, id, input.groups ?? []);
    const user = await findUserIn(tx, 'u.id = $1', [id]);
    if (!user) throw new Error('the user just created cannot be read back');
    return user;
  });
}

export async function findUserByEmail(db: Database, email: string): Promise<User | undefined> {
  return findUserIn(db, 'u.email = $1', [normaliseEmail(email)]);
}

export async function listUsers(db: Database): Promise<User[]> {
  const result = await db.query<UserRow>(`${userSelect} GROUP BY u.id ORDER BY u.email`);
  return result.rows.map(userFromRow);
}

async function addToGroups(tx: Queryable, userId: string, groupNames: string[]): Promise<void> {
  for (const name of new Set(groupNames.map((group) => group.trim()).filter(Boolean))) {
    await tx.query('INSERT INTO groups (id, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [randomUUID(), name]);
    await tx.query(
      `INSERT INTO user_groups (user_id, group_id) SELECT $1, id FROM groups WHERE name = $2 ON CONFLICT DO NOTHING`,
      [userId, name],
    );
  }
}

interface UserRow {
  id: string;
  email: string;
  display_name: string | null;
  role: Role;
  created_at: unknown;
  disabled_at: unknown;
  group_names: string[] | null;
}

const userSelect = `
  SELECT u.id, u.email, u.display_name, u.role, u.created_at, u.disabled_at,
         array_agg(g.name ORDER BY g.name) FILTER (WHERE g.name IS NOT NULL) AS group_names
    FROM users u
    LEFT JOIN user_groups ug ON ug.user_id = u.id
    LEFT JOIN groups g ON g.id = ug.group_id`;

async function findUserIn(db: Queryable, condition: string, params: unknown[]): Promise<User | undefined> {
  const result = await db.query<UserRow>(`${userSelect} WHERE ${condition} GROUP BY u.id`, params);
  const row = result.rows[0];
  return row ? userFromRow(row) : undefined;
}

function userFromRow(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    groups: row.group_names ?? [],
    createdAt: toDate(row.created_at),
    disabledAt: row.disabled_at === null ? null : toDate(row.disabled_at),
  };
}
