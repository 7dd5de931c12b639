/** One's own account: profile, password, second factor (TOTP), API keys. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey } from '../auth/api-keys.ts';
import { checkPasswordLength, SetupError } from '../commands/first-start.ts';
import { presentUserById } from '../commands/user-lookup.ts';
import { presentApiKey } from '../presenters/api-key.ts';
import { hashPassword, verifyPassword } from '../sessions/passwords.ts';
import { generateTotpSecret, matchTotp, totpUri } from '../sessions/totp.ts';
import type { ApiContext } from './context.ts';
import { ApiProblem } from './problems.ts';
import { setSessionCookies } from './request-auth.ts';
import { actorOf, requireOwner } from './route-policy.ts';

const profileBody = z.object({ displayName: z.string().trim().min(1).max(200).nullable().optional() }).strict();
const passwordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) }).strict();
const codeBody = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'must be the 6-digit code of your authenticator app') }).strict();
const createKeyBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    allowedModels: z.array(z.string().min(1).max(200)).max(100).optional(),
  })
  .strict();
const idParams = z.object({ id: z.uuid() });

export async function meRoutes(app: FastifyInstance, { context }: { context: ApiContext }): Promise<void> {
  const { db } = context.services;

  app.get('/me', { config: { action: 'me:read' } }, async (request) => presentUserById(db, context.credentials, actorOf(request).userId));

  app.patch('/me', { config: { action: 'me:update' } }, async (request) => {
    const actor = actorOf(request);
    const body = profileBody.parse(request.body);
    if (body.displayName !== undefined) {
      await db.query('UPDATE users SET display_name = $2 WHERE id = $1', [actor.userId, body.displayName]);
    }
    return presentUserById(db, context.credentials, actor.userId);
  });

  app.post('/me/password', { config: { action: 'me:password' } }, async (request, reply) => {
    const actor = actorOf(request);
    const body = passwordBody.parse(request.body);
    const verdict = await context.throttle.check(actor.email, request.ip);
    if (!verdict.allowed) throw new ApiProblem(429, 'RATE_LIMITED', 'Too many failed attempts: wait and try again.', { headers: { 'retry-after': String(verdict.retryAfterSeconds) } });
    const credentials = await context.credentials.get(actor.userId);
    if (!(await verifyPassword(credentials.passwordHash, body.currentPassword))) {
      await context.throttle.recordFailure(actor.email, request.ip);
      throw new ApiProblem(401, 'INVALID_CREDENTIALS', 'The current password is wrong.');
    }
    try {
      checkPasswordLength(body.newPassword, 'the new password');
    } catch (error) {
      if (error instanceof SetupError) throw new ApiProblem(400, 'PASSWORD_TOO_SHORT', `${error.message}.`);
      throw error;
    }
    await context.credentials.setPassword(actor.userId, await hashPassword(body.newPassword));
    await context.sessions.deleteForUser(actor.userId, { except: actor.sessionIdHash! });
    await context.auditChange(request, 'user.password_changed', { targetUserId: actor.userId });
    return reply.code(204).send();
  });

  app.post('/me/mfa/enrol', { config: { action: 'me:mfa' } }, async (request, reply) => {
    const actor = actorOf(request);
    const credentials = await context.credentials.get(actor.userId);
    if (credentials.totpEnabled) {
      throw new ApiProblem(409, 'MFA_ALREADY_ENABLED', 'A second factor is already set up. Ask an administrator to reset it if you lost it.');
    }
    const secret = generateTotpSecret();
    await context.credentials.setPendingTotp(actor.userId, secret);
    return reply.code(201).send({ secret, otpauthUri: totpUri(actor.email, secret) });
  });

  app.post('/me/mfa/confirm', { config: { action: 'me:mfa' } }, async (request, reply) => {
    const actor = actorOf(request);
    const { code } = codeBody.parse(request.body);
    const credentials = await context.credentials.get(actor.userId);
    if (credentials.totpEnabled) throw new ApiProblem(409, 'MFA_ALREADY_ENABLED', 'A second factor is already set up.');
    if (!credentials.totpSecret) throw new ApiProblem(409, 'MFA_NOT_ENROLLING', 'Start with POST /api/me/mfa/enrol.');
    const step = matchTotp(code, credentials.totpSecret);
    if (step === null) throw new ApiProblem(401, 'INVALID_MFA_CODE', 'Wrong code: enter the current code shown by your authenticator app.');
    await context.credentials.enableTotp(actor.userId, step);
    await context.auditChange(request, 'user.mfa_enabled', { targetUserId: actor.userId });
    const session = await context.sessions.rotate(actor.sessionIdHash!, 'verified');
    if (!session) throw new ApiProblem(401, 'UNAUTHENTICATED', 'Your session ended: sign in again.');
    setSessionCookies(context, request, reply, session);
    return { mfa: 'verified', csrfToken: session.csrfToken };
  });

  app.get('/me/api-keys', { config: { action: 'apiKey:list' } }, async (request) => {
    const actor = actorOf(request);
    const keys = await listApiKeys(db, { userEmail: actor.email });
    return { items: keys.map(presentApiKey) };
  });

  app.post('/me/api-keys', { config: { action: 'apiKey:create' } }, async (request, reply) => {
    const actor = actorOf(request);
    const body = createKeyBody.parse(request.body);
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : undefined;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new ApiProblem(400, 'VALIDATION_FAILED', 'Invalid request: expiresAt: must be in the future.', {
        extensions: { errors: [{ path: 'expiresAt', message: 'must be in the future' }] },
      });
    }
    const { key, info } = await createApiKey(db, {
      userId: actor.userId,
      name: body.name,
      ...(expiresAt ? { expiresAt } : {}),
      ...(body.allowedModels ? { allowedModels: body.allowedModels } : {}),
    });
    await context.auditChange(request, 'api_key.created', { apiKeyPrefix: info.prefix, targetUserId: actor.userId });
    return reply.code(201).send({ key, apiKey: presentApiKey(info) });
  });

  app.delete('/me/api-keys/:id', { config: { action: 'apiKey:revoke' } }, async (request) => {
    const { id } = idParams.parse(request.params);
    const [info] = await listApiKeys(db, { id });
    requireOwner(request, info?.userId, 'This API key');
    const revoked = await revokeApiKey(db, id);
    context.services.authenticator.invalidate();
    await context.auditChange(request, 'api_key.revoked', { apiKeyPrefix: revoked.prefix, targetUserId: revoked.userId });
    return presentApiKey(revoked);
  });
}
