/** SSO against a real OpenID provider (oidc-provider) over loopback HTTP: the full redirect dance. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/sessions/passwords.ts';
import { CredentialStore } from '../../src/sessions/credentials.ts';
import { createUser } from '../../src/users/users.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { ApiClient } from './support/api-client.ts';
import { signInThroughProvider, startIdentityProvider, type IdentityProvider } from './support/identity-provider.ts';

const CLIENT = { clientId: 'rempart', clientSecret: 'rempart-test-client-secret' };
let idp: IdentityProvider;
let app: TestApp;

beforeAll(async () => {
  idp = await startIdentityProvider();
  app = await startTestApp('pglite', {
    configYaml: [
      'auth:',
      '  oidc:',
      `    issuer: ${idp.issuer}`,
      `    clientId: ${CLIENT.clientId}`,
      `    clientSecret: ${CLIENT.clientSecret}`,
      '    label: Sign in with Keycloak',
      '    allowInsecureHttp: true',
      '    scopes: [openid, email, profile, groups]',
      '    groupMapping: { idp-staff: staff, idp-finance: finance }',
      '    adminGroups: [idp-admins]',
      '    dpoGroups: [idp-dpo]',
    ].join('\n'),
  });
  idp.register({ ...CLIENT, redirectUri: `${app.url}/api/auth/oidc/callback` });
});
afterAll(async () => {
  await app?.close();
  await idp?.close();
});

function clientWithSession(cookie: string): ApiClient {
  const client = new ApiClient(app.url);
  client.cookies.set('rempart_session', cookie);
  return client;
}

describe('OpenID Connect sign-in (real provider, loopback)', () => {
  it('advertises SSO and starts an authorization code flow with PKCE S256, state and nonce', async () => {
    expect((await new ApiClient(app.url).get('/api/auth/session')).body.oidc).toEqual({ enabled: true, label: 'Sign in with Keycloak' });
    const start = await new ApiClient(app.url).get('/api/auth/oidc/login?returnTo=/chat');
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(idp.issuer);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app.url}/api/auth/oidc/callback`);
  });

  it('creates the user just in time with mapped groups, then refreshes groups at each sign-in', async () => {
    idp.accounts.set('claire', { sub: 'claire', email: 'Claire@Example.org', name: 'Claire Martin', groups: ['idp-staff', 'unmapped'] });
    const first = await signInThroughProvider(app.url, 'claire');
    expect(first.finalLocation).toBe('/chat');
    expect(first.visited.some((step) => step.includes('/interaction/'))).toBe(true); // went through the provider's pages
    const me = await clientWithSession(first.sessionCookie!).get('/api/me');
    expect(me.body).toMatchObject({ email: 'claire@example.org', displayName: 'Claire Martin', role: 'user', groups: ['staff'], hasPassword: false });
    const session = await clientWithSession(first.sessionCookie!).get('/api/auth/session');
    expect(session.body).toMatchObject({ authenticated: true, method: 'session', mfa: 'not_enrolled' });

    idp.accounts.set('claire', { sub: 'claire', email: 'claire@example.org', name: 'Claire Martin', groups: ['idp-finance'] });
    const second = await signInThroughProvider(app.url, 'claire');
    const again = await clientWithSession(second.sessionCookie!).get('/api/me');
    expect(again.body.id).toBe(me.body.id);
    expect(again.body.groups).toEqual(['finance']);
    const created = await app.services.db.query<{ details: { via: string } }>(`SELECT details FROM audit_log WHERE kind = 'admin' AND user_id = $1`, [me.body.id]);
    expect(created.rows.map((row) => row.details.via)).toContain('oidc');
    // Each membership change at sign-in is audited (group names only, never the raw claims).
    const groupChanges = await app.services.db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE kind = 'admin' AND user_id = $1 AND details->>'action' = 'user.groups_changed' ORDER BY id`,
      [me.body.id],
    );
    expect(groupChanges.rows.map((row) => row.details)).toEqual([
      { action: 'user.groups_changed', via: 'oidc', targetUserId: me.body.id, added: ['staff'], removed: [] },
      { action: 'user.groups_changed', via: 'oidc', targetUserId: me.body.id, added: ['finance'], removed: ['staff'] },
    ]);
    expect(JSON.stringify(groupChanges.rows)).not.toMatch(/idp-|unmapped|Claire/);
    // Signing in again with the same groups changes nothing, so records nothing.
    await signInThroughProvider(app.url, 'claire');
    const count = await app.services.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE user_id = $1 AND details->>'action' = 'user.groups_changed'`,
      [me.body.id],
    );
    expect(count.rows[0]!.n).toBe(2);
  });

  it('maps the admin group to the admin role, which still needs a second factor for admin routes', async () => {
    idp.accounts.set('ana', { sub: 'ana', email: 'ana@example.org', name: 'Ana', groups: ['idp-admins'] });
    const outcome = await signInThroughProvider(app.url, 'ana');
    const client = clientWithSession(outcome.sessionCookie!);
    expect((await client.get('/api/me')).body.role).toBe('admin');
    const adminRoute = await client.get('/api/admin/users');
    expect(adminRoute.status).toBe(403);
    expect(adminRoute.body.code).toBe('MFA_REQUIRED');
  });

  it('refuses a replayed or forged callback, and never redirects off-site', async () => {
    idp.accounts.set('dan', { sub: 'dan', email: 'dan@example.org', name: 'Dan', groups: [] });
    const outcome = await signInThroughProvider(app.url, 'dan', '//evil.example/steal');
    expect(outcome.finalLocation).toBe('/');
    const callback = outcome.visited.find((step) => step.includes('/api/auth/oidc/callback'))!.split(' ')[1]!;
    const replay = await fetch(callback, { redirect: 'manual' });
    expect(replay.status).toBe(302);
    expect(replay.headers.get('location')).toBe('/login?error=OIDC_STATE_INVALID');
    expect(replay.headers.getSetCookie()).toEqual([]);
    const forged = await fetch(`${app.url}/api/auth/oidc/callback?code=abc&state=forged`, { redirect: 'manual' });
    expect(forged.headers.get('location')).toBe('/login?error=OIDC_STATE_INVALID');
  });

  it('does not take over a local account through an unverified e-mail, and refuses disabled accounts', async () => {
    const { db, secretKey } = app.services;
    const local = await createUser(db, { email: 'eve@example.org' });
    await new CredentialStore(db, secretKey).setPassword(local.id, await hashPassword('a local password!'));
    idp.accounts.set('eve', { sub: 'eve', email: 'eve@example.org', name: 'Eve', groups: [], emailVerified: false });
    expect((await signInThroughProvider(app.url, 'eve')).finalLocation).toBe('/login?error=ACCOUNT_EXISTS');

    idp.accounts.set('eve', { sub: 'eve', email: 'eve@example.org', name: 'Eve', groups: [], emailVerified: true });
    const linked = await signInThroughProvider(app.url, 'eve');
    expect((await clientWithSession(linked.sessionCookie!).get('/api/me')).body.id).toBe(local.id);

    await db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [local.id]);
    expect((await signInThroughProvider(app.url, 'eve')).finalLocation).toBe('/login?error=ACCOUNT_DISABLED');
  });
});
