/** Sign-in with a password, the MFA step, sign-out, and "who am I". */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { presentUserById } from '../commands/user-lookup.ts';
import { charterSatisfied } from '../policies/api-actor.ts';
import { verifyPassword } from '../sessions/passwords.ts';
import { matchTotp } from '../sessions/totp.ts';
import { findUserByEmail } from '../users/users.ts';
import { setupRequired } from '../commands/first-start.ts';
import type { ApiContext } from './context.ts';
import { ApiProblem } from './problems.ts';
import { clearSessionCookies, setSessionCookies } from './request-auth.ts';
import { actorOf } from './route-policy.ts';

const loginBody = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) }).strict();
const codeBody = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'must be the 6-digit code of your authenticator app') }).strict();

const invalidCredentials = (): ApiProblem =>
  new ApiProblem(401, 'INVALID_CREDENTIALS', 'Wrong e-mail or password (or the account is disabled, or signs in with SSO only).');

export const rateLimited = (retryAfterSeconds: number): ApiProblem =>
  new ApiProblem(429, 'RATE_LIMITED', `Too many failed attempts. Wait ${Math.ceil(retryAfterSeconds / 60)} minute(s) and try again.`, {
    headers: { 'retry-after': String(retryAfterSeconds) },
    extensions: { retryAfterSeconds },
  });

export async function authRoutes(app: FastifyInstance, { context }: { context: ApiContext }): Promise<void> {
  const { db } = context.services;

  app.get('/auth/session', { config: { action: 'session:read' } }, async (request) => {
    const actor = request.apiActor;
    const oidc = context.auth.oidc ? { enabled: true, label: context.auth.oidc.label } : { enabled: false };
    if (!actor) return { authenticated: false, oidc, setupRequired: await setupRequired(db) };
    return {
      authenticated: true,
      method: actor.method,
      mfa: actor.mfa,
      ...(actor.csrfToken ? { csrfToken: actor.csrfToken } : {}),
      user: await presentUserById(db, context.credentials, actor.userId),
      charter: {
        currentVersion: actor.charter.currentVersion,
        acceptedVersion: actor.charter.acceptedVersion,
        mustAccept: !charterSatisfied(actor),
      },
      oidc,
      setupRequired: false,
    };
  });

  app.post('/auth/login', { config: { action: 'auth:login' } }, async (request, reply) => {
    const body = loginBody.parse(request.body);
    const verdict = await context.throttle.check(body.email, request.ip);
    if (!verdict.allowed) throw rateLimited(verdict.retryAfterSeconds);
    const user = await findUserByEmail(db, body.email);
    const credentials = user ? await context.credentials.get(user.id) : undefined;
    const passwordOk = await verifyPassword(credentials?.passwordHash, body.password);
    if (!user || !credentials || !passwordOk || user.disabledAt) {
      await context.throttle.recordFailure(body.email, request.ip);
      request.log.info({ event: 'login_failed' }, 'login failed');
      throw invalidCredentials();
    }
    await context.throttle.recordSuccess(body.email);
    // An earlier session sent with this request (fixation attempt or re-login) is dropped.
    if (request.apiActor?.sessionIdHash) await context.sessions.delete(request.apiActor.sessionIdHash);
    const mfa = credentials.totpEnabled ? 'pending' : 'not_enrolled';
    const session = await context.sessions.create({ userId: user.id, mfa, authSource: 'local' });
    setSessionCookies(context, request, reply, session);
    request.log.info({ event: 'login', userId: user.id, mfa }, 'signed in');
    return { mfa, csrfToken: session.csrfToken, user: await presentUserById(db, context.credentials, user.id) };
  });

  app.post('/auth/mfa', { config: { action: 'auth:mfa' } }, async (request, reply) => {
    const actor = actorOf(request);
    const { code } = codeBody.parse(request.body);
    if (actor.mfa !== 'pending') {
      throw new ApiProblem(409, 'MFA_NOT_PENDING', 'This session is not waiting for a code (see GET /api/auth/session).');
    }
    const verdict = await context.throttle.check(actor.email, request.ip);
    if (!verdict.allowed) throw rateLimited(verdict.retryAfterSeconds);
    const credentials = await context.credentials.get(actor.userId);
    const step = credentials.totpEnabled && credentials.totpSecret ? matchTotp(code, credentials.totpSecret) : null;
    if (step === null || !(await context.credentials.consumeTotpStep(actor.userId, step))) {
      await context.throttle.recordFailure(actor.email, request.ip);
      throw new ApiProblem(401, 'INVALID_MFA_CODE', 'Wrong or already used code: enter the current code of your authenticator app.');
    }
    await context.throttle.recordSuccess(actor.email);
    const session = await context.sessions.rotate(actor.sessionIdHash!, 'verified');
    if (!session) throw new ApiProblem(401, 'UNAUTHENTICATED', 'Your session ended: sign in again.');
    setSessionCookies(context, request, reply, session);
    return { mfa: 'verified', csrfToken: session.csrfToken, user: await presentUserById(db, context.credentials, actor.userId) };
  });

  app.post('/auth/logout', { config: { action: 'auth:logout' } }, async (request, reply) => {
    const actor = actorOf(request);
    await context.sessions.delete(actor.sessionIdHash!);
    clearSessionCookies(context, request, reply);
    return reply.code(204).send();
  });
}
