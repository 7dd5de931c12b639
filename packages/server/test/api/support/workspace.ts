/**
 * A real app (buildApp on PGlite or PostgreSQL, loopback HTTP) with people in every role,
 * signed in through the real routes: user, other user, dpo, admin (MFA verified).
 */
import { createApiKey } from '../../../src/auth/api-keys.ts';
import { hashPassword } from '../../../src/sessions/passwords.ts';
import { CredentialStore } from '../../../src/sessions/credentials.ts';
import { createUser } from '../../../src/users/users.ts';
import type { Role } from '../../../src/auth/actor.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import type { BackendName } from '../../support/databases.ts';
import { ApiClient } from './api-client.ts';

export const PASSWORD = 'correct horse battery staple';

export interface Person {
  id: string;
  email: string;
  client: ApiClient;
  apiKey: string;
}

export async function addPerson(app: TestApp, email: string, role: Role, groups: string[] = []): Promise<Person> {
  const { db, secretKey } = app.services;
  const user = await createUser(db, { email, role, groups, displayName: email.split('@')[0]! });
  await new CredentialStore(db, secretKey).setPassword(user.id, await hashPassword(PASSWORD));
  const client = new ApiClient(app.url);
  await client.login(email, PASSWORD);
  const { key } = await createApiKey(db, { userId: user.id, name: 'test' });
  return { id: user.id, email, client, apiKey: key };
}

export interface Workspace {
  app: TestApp;
  user: Person;
  other: Person;
  dpo: Person;
  admin: Person;
  anonymous: ApiClient;
}

export async function startWorkspace(backend: BackendName, options: { configYaml?: string } = {}): Promise<Workspace> {
  const app = await startTestApp(backend, options);
  const [user, other, dpo, admin] = [
    await addPerson(app, 'alice@example.org', 'user', ['staff']),
    await addPerson(app, 'bob@example.org', 'user', ['staff']),
    await addPerson(app, 'dora@example.org', 'dpo'),
    await addPerson(app, 'adam@example.org', 'admin'),
  ];
  await admin.client.enrolMfa();
  return { app, user, other, dpo, admin, anonymous: new ApiClient(app.url) };
}
