import { authenticator } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendNames, postgresEnabled } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { createApiContext } from '../../src/api/context.ts';
import { sweepExpired } from '../../src/api/index.ts';
import { ApiClient } from './support/api-client.ts';
import { addPerson, PASSWORD } from './support/workspace.ts';

describe.each(backendNames)('workspace sign-in on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let app: TestApp;

  beforeAll(async () => {
    if (skip) return;
    app = await startTestApp(backend, { configYaml: 'auth:\n  loginLimits: { perAccount: 3, perIp: 50 }\n' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it.skipIf(skip)('first start prints a one-time setup link that creates the first admin, once', async () => {
    const anonymous = new ApiClient(app.url);
    expect((await anonymous.get('/api/setup')).body).toEqual({ setupRequired: true });
    const line = app.logLines.find((text) => text.includes('/setup?token='));
    expect(line).toBeDefined();
    const token = /\/setup\?token=([A-Za-z0-9_-]+)/.exec(line!)![1]!;

    const wrong = await anonymous.post('/api/setup', { token: 'x'.repeat(43), email: 'first@example.org', password: PASSWORD });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(wrong.body).toMatchObject({ status: 403, code: 'SETUP_TOKEN_INVALID', type: expect.stringContaining('setup-token-invalid') });

    const short = await anonymous.post('/api/setup', { token, email: 'first@example.org', password: 'short' });
    expect(short.body.code).toBe('PASSWORD_TOO_SHORT');

    const done = await anonymous.post('/api/setup', { token, email: 'First@Example.org', password: PASSWORD });
    expect(done.status).toBe(201);
    expect(done.body.user).toMatchObject({ email: 'first@example.org', role: 'admin', hasPassword: true, mfaEnabled: false });
    expect((await anonymous.post('/api/setup', { token, email: 'again@example.org', password: PASSWORD })).body.code).toBe('SETUP_ALREADY_DONE');
    expect((await anonymous.get('/api/setup')).body).toEqual({ setupRequired: false });
    const audit = await app.services.db.query<{ details: { action: string; via: string } }>(`SELECT details FROM audit_log WHERE kind = 'admin'`);
    expect(audit.rows.map((row) => row.details)).toContainEqual(expect.objectContaining({ action: 'user.created', via: 'setup_link' }));
  });

  it.skipIf(skip)('password login sets a HttpOnly SameSite=Lax session cookie kept in the database; logout ends it', async () => {
    const person = await addPerson(app, 'carol@example.org', 'user');
    const client = new ApiClient(app.url);
    const wrong = await client.post('/api/auth/login', { email: person.email, password: 'wrong password!' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    const unknown = await client.post('/api/auth/login', { email: 'nobody@example.org', password: PASSWORD });
    expect(unknown.body).toEqual({ ...wrong.body });

    const login = await client.login(person.email, PASSWORD);
    expect(login.body).toMatchObject({ mfa: 'not_enrolled', user: { email: person.email, role: 'user' } });
    const sessionCookie = login.setCookies.find((cookie) => cookie.startsWith('rempart_session='))!;
    expect(sessionCookie).toMatch(/HttpOnly/);
    expect(sessionCookie).toMatch(/SameSite=Lax/);
    expect(sessionCookie).not.toMatch(/Secure/); // plain http on loopback
    const token = client.cookies.get('rempart_session')!;
    const stored = await app.services.db.query<{ id_hash: string }>('SELECT id_hash FROM sessions WHERE user_id = $1', [person.id]);
    expect(stored.rows.map((row) => row.id_hash)).not.toContain(token); // only the hash is stored

    const session = await client.get('/api/auth/session');
    expect(session.body).toMatchObject({ authenticated: true, method: 'session', mfa: 'not_enrolled', user: { email: person.email } });
    expect(session.body.csrfToken).toBe(login.body.csrfToken);

    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect((await client.get('/api/me')).status).toBe(401);
    // Replaying the old cookie does not work either.
    const replay = new ApiClient(app.url);
    replay.cookies.set('rempart_session', token);
    expect((await replay.get('/api/me')).status).toBe(401);
  });

  it.skipIf(skip)('sets Secure cookies behind a TLS proxy only when the proxy is trusted', async () => {
    const person = await addPerson(app, 'dave@example.org', 'user');
    const client = new ApiClient(app.url);
    const login = await client.request('POST', '/api/auth/login', { email: person.email, password: PASSWORD }, { headers: { 'x-forwarded-proto': 'https' } });
    // server.trustProxy is false in this app: the header is not believed.
    expect(login.setCookies.find((cookie) => cookie.startsWith('rempart_session='))).not.toMatch(/Secure/);
  });

  it.skipIf(skip)('refuses cookie-authenticated state changes without the CSRF token or from another origin; API keys are exempt', async () => {
    const person = await addPerson(app, 'erin@example.org', 'user');
    const { client } = person;
    const withoutToken = await client.request('PATCH', '/api/me', { displayName: 'Erin' }, { csrf: false });
    expect(withoutToken.status).toBe(403);
    expect(withoutToken.body.code).toBe('CSRF_FAILED');
    const wrongToken = await client.request('PATCH', '/api/me', { displayName: 'Erin' }, { csrf: false, headers: { 'x-csrf-token': 'nope' } });
    expect(wrongToken.body.code).toBe('CSRF_FAILED');
    const crossSite = await client.request('PATCH', '/api/me', { displayName: 'Erin' }, { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.body.code).toBe('CSRF_FAILED');
    const crossOriginOnly = await client.request('PATCH', '/api/me', { displayName: 'Erin' }, { headers: { origin: 'https://evil.example' } });
    expect(crossOriginOnly.body.code).toBe('CSRF_FAILED');
    const sameOrigin = await client.request('PATCH', '/api/me', { displayName: 'Erin' }, { headers: { origin: app.url, 'sec-fetch-site': 'same-origin' } });
    expect(sameOrigin.status).toBe(200);
    expect(sameOrigin.body.displayName).toBe('Erin');
    // Login CSRF: a cross-site form cannot sign the victim into the attacker's account.
    const crossSiteLogin = await new ApiClient(app.url).request('POST', '/api/auth/login', { email: person.email, password: PASSWORD }, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSiteLogin.body.code).toBe('CSRF_FAILED');

    const scripted = new ApiClient(app.url, { bearer: person.apiKey });
    const viaKey = await scripted.patch('/api/me', { displayName: 'Erin K.' });
    expect(viaKey.status).toBe(200);
    expect((await scripted.get('/api/auth/session')).body).toMatchObject({ authenticated: true, method: 'api_key', mfa: 'not_applicable' });
  });

  it.skipIf(skip)('accepts API keys like /v1 and explains a bad one', async () => {
    const person = await addPerson(app, 'fay@example.org', 'user');
    const created = await person.client.post('/api/me/api-keys', { name: 'script' });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^rk_/);
    expect(created.body.apiKey).not.toHaveProperty('key');
    const scripted = new ApiClient(app.url, { bearer: created.body.key });
    expect((await scripted.get('/api/me')).body.email).toBe(person.email);
    const listed = await person.client.get('/api/me/api-keys');
    expect(listed.body.items.map((key: { name: string }) => key.name).sort()).toEqual(['script', 'test']);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    expect((await person.client.delete(`/api/me/api-keys/${created.body.apiKey.id}`)).body.revokedAt).not.toBeNull();
    const revoked = await scripted.get('/api/me');
    expect(revoked.status).toBe(401);
    expect(revoked.body).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'revoked_api_key' });
    expect((await new ApiClient(app.url, { bearer: 'not-a-key' }).get('/api/me')).body.reason).toBe('malformed_api_key');
  });

  it.skipIf(skip)('limits failed logins per account (429 with retry-after, even with the right password afterwards)', async () => {
    const person = await addPerson(app, 'gus@example.org', 'user');
    const client = new ApiClient(app.url);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await client.post('/api/auth/login', { email: person.email, password: 'wrong password!' })).status).toBe(401);
    }
    const locked = await client.post('/api/auth/login', { email: person.email, password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('RATE_LIMITED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account from the same IP is not locked by it.
    const neighbour = await addPerson(app, 'hal@example.org', 'user');
    expect((await new ApiClient(app.url).post('/api/auth/login', { email: neighbour.email, password: PASSWORD })).status).toBe(200);
  });

  it.skipIf(skip)('ends sessions idle for too long or past their absolute lifetime', async () => {
    const person = await addPerson(app, 'ivy@example.org', 'user');
    expect((await person.client.get('/api/me')).status).toBe(200);
    await app.services.db.query(`UPDATE sessions SET last_seen_at = now() - interval '121 minutes' WHERE user_id = $1`, [person.id]);
    expect((await person.client.get('/api/me')).status).toBe(401);
    const again = new ApiClient(app.url);
    await again.login(person.email, PASSWORD);
    await app.services.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [person.id]);
    expect((await again.get('/api/me')).status).toBe(401);
    expect((await app.services.db.query('SELECT 1 FROM sessions WHERE user_id = $1', [person.id])).rows).toHaveLength(0);
  });

  it.skipIf(skip)('housekeeping deletes expired sessions, old login counters and abandoned SSO flows', async () => {
    const person = await addPerson(app, 'jay@example.org', 'user');
    const { db } = app.services;
    await db.query(`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [person.id]);
    await db.query(`INSERT INTO login_failures (subject, window_start, failures) VALUES ('ip:203.0.113.9', now() - interval '2 hours', 3)`);
    await db.query(`INSERT INTO oidc_flows (state, code_verifier, nonce, return_to, expires_at) VALUES ('old', 'v', 'n', '/', now() - interval '1 minute')`);
    await sweepExpired(createApiContext(app.services, {}));
    expect((await db.query('SELECT 1 FROM sessions WHERE user_id = $1', [person.id])).rows).toHaveLength(0);
    expect((await db.query(`SELECT 1 FROM login_failures WHERE subject = 'ip:203.0.113.9'`)).rows).toHaveLength(0);
    expect((await db.query(`SELECT 1 FROM oidc_flows WHERE state = 'old'`)).rows).toHaveLength(0);
  });

  it.skipIf(skip)('admins: TOTP enrolment shown once, then login asks for the code; admin powers need it; codes are single use', async () => {
    const admin = await addPerson(app, 'root@example.org', 'admin');
    // Signed in without a second factor: user features work, admin powers do not.
    expect((await admin.client.get('/api/me')).status).toBe(200);
    const keyWithoutMfa = await admin.client.post('/api/me/api-keys', { name: 'nope' });
    expect(keyWithoutMfa.status).toBe(403);
    expect(keyWithoutMfa.body.code).toBe('MFA_REQUIRED');

    const enrolment = await admin.client.post('/api/me/mfa/enrol');
    expect(enrolment.status).toBe(201);
    expect(enrolment.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Rempart:root%40example\.org\?secret=/);
    const secret: string = enrolment.body.secret;
    const stored = await app.services.db.query<{ totp_secret_ciphertext: Uint8Array }>('SELECT totp_secret_ciphertext FROM user_credentials WHERE user_id = $1', [admin.id]);
    expect(Buffer.from(stored.rows[0]!.totp_secret_ciphertext).toString('utf8')).not.toContain(secret);
    expect((await admin.client.post('/api/me/mfa/confirm', { code: '000000' === authenticator.generate(secret) ? '111111' : '000000' })).body.code).toBe('INVALID_MFA_CODE');
    const cookieBefore = admin.client.cookies.get('rempart_session');
    const confirmationCode = authenticator.generate(secret);
    const confirmed = await admin.client.post('/api/me/mfa/confirm', { code: confirmationCode });
    expect(confirmed.body.mfa).toBe('verified');
    expect(admin.client.cookies.get('rempart_session')).not.toBe(cookieBefore); // rotated
    expect((await admin.client.post('/api/me/api-keys', { name: 'ops' })).status).toBe(201);
    expect((await admin.client.post('/api/me/mfa/enrol')).body.code).toBe('MFA_ALREADY_ENABLED');

    const browser = new ApiClient(app.url);
    const login = await browser.login(admin.email, PASSWORD);
    expect(login.body.mfa).toBe('pending');
    const pendingMe = await browser.get('/api/me');
    expect(pendingMe.status).toBe(403);
    expect(pendingMe.body.code).toBe('MFA_REQUIRED');
    expect((await browser.get('/api/auth/session')).body).toMatchObject({ authenticated: true, mfa: 'pending' });
    // The code accepted at confirmation cannot be replayed within its window.
    const replayed = await browser.post('/api/auth/mfa', { code: confirmationCode });
    expect(replayed.status).toBe(401);
    expect(replayed.body.code).toBe('INVALID_MFA_CODE');
    // Next time step's code (tolerance: one step) is accepted once.
    const nextCode = authenticator.clone({ epoch: Date.now() + 30_000 }).generate(secret);
    const verified = await browser.post('/api/auth/mfa', { code: nextCode });
    expect(verified.status).toBe(200);
    expect(verified.body.mfa).toBe('verified');
    expect((await browser.get('/api/me')).status).toBe(200);
    expect((await new ApiClient(app.url).login(admin.email, PASSWORD).then((other) => other.body.mfa))).toBe('pending');
  });
});

describe('first start from the environment (PGlite)', () => {
  let app: TestApp;
  beforeAll(async () => {
    // The API reads REMPART_BOOTSTRAP_ADMIN_PASSWORD from the process environment (like the CLI does).
    process.env.REMPART_BOOTSTRAP_ADMIN_PASSWORD = PASSWORD;
    try {
      app = await startTestApp('pglite', {
        configYaml: 'server:\n  trustProxy: true\n',
        environment: { REMPART_BOOTSTRAP_ADMIN_EMAIL: 'boss@example.org' },
      });
    } finally {
      delete process.env.REMPART_BOOTSTRAP_ADMIN_PASSWORD;
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it('gives the bootstrap admin the password and prints no setup link', async () => {
    expect(app.logLines.some((line) => line.includes('/setup?token='))).toBe(false);
    expect(app.logLines.join('')).not.toContain(PASSWORD);
    expect((await new ApiClient(app.url).get('/api/setup')).body).toEqual({ setupRequired: false });
    const login = await new ApiClient(app.url).login('boss@example.org', PASSWORD);
    expect(login.body).toMatchObject({ mfa: 'not_enrolled', user: { role: 'admin' } });
  });

  it('marks cookies Secure when a trusted proxy says the request came over https', async () => {
    const login = await new ApiClient(app.url).request('POST', '/api/auth/login', { email: 'boss@example.org', password: PASSWORD }, { headers: { 'x-forwarded-proto': 'https' } });
    expect(login.status).toBe(200);
    for (const cookie of login.setCookies) expect(cookie).toMatch(/; Secure/);
  });
});
