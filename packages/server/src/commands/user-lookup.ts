/** Reading users by id with their credential summary (the users repository reads by e-mail). */
import type { Database } from '../db/database.ts';
import { presentUser, type PresentedUser } from '../presenters/user.ts';
import type { CredentialStore } from '../sessions/credentials.ts';
import { findUserByEmail, listUsers, type User } from '../users/users.ts';

export async function findUserById(db: Database, userId: string): Promise<User | undefined> {
  const result = await db.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId]);
  const email = result.rows[0]?.email;
  return email === undefined ? undefined : findUserByEmail(db, email);
}

export async function presentUserById(db: Database, credentials: CredentialStore, userId: string): Promise<PresentedUser | undefined> {
  const user = await findUserById(db, userId);
  if (!user) return undefined;
  const summaries = await credentials.summaries([user.id]);
  return presentUser(user, summaries.get(user.id));
}

export async function presentAllUsers(db: Database, credentials: CredentialStore): Promise<PresentedUser[]> {
  const users = await listUsers(db);
  const summaries = await credentials.summaries(users.map((user) => user.id));
  return users.map((user) => presentUser(user, summaries.get(user.id)));
}
