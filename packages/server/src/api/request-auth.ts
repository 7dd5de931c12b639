/**
 * Who is calling /api: an API key (Authorization: Bearer rk_…, as on /v1) or the session
 * cookie. Plus the CSRF defence for cookie-authenticated state changes: the session's token
 * in `x-csrf-token` and, when the browser says where the request comes from, same origin.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { AuthenticationError } from '../auth/auth-errors.ts';
import { charterState } from '../commands/charter-state.ts';
import type { ApiActor } from '../policies/api-actor.ts';
import { CSRF_COOKIE, parseCookies, serializeCookie, SESSION_COOKIE } from '../sessions/cookies.ts';
import type { ApiContext } from './context.ts';
import { ApiProblem } from './problems.ts';

export async function resolveActor(context: ApiContext, request: FastifyRequest): Promise<ApiActor | undefined> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    let actor: Actor;
    try {
      actor = await context.services.authenticator.authenticate(authorization);
    } catch (error) {
      if (error instanceof AuthenticationError) {
        throw new ApiProblem(401, 'UNAUTHENTICATED', error.message, { extensions: { reason: error.code } });
      }
      throw error;
    }
    return { ...actor, method: 'api_key', mfa: 'not_applicable', charter: await charterState(context.services.db, actor.userId) };
  }
  const token = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
  if (!token) return undefined;
  const session = await context.sessions.find(token);
  if (!session) return undefined;
  return {
    userId: session.userId,
    email: session.email,
    role: session.role,
    groups: session.groups,
    method: 'session',
    mfa: session.mfa,
    sessionIdHash: session.idHash,
    csrfToken: session.csrfToken,
    charter: await charterState(context.services.db, session.userId),
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Throws CSRF_FAILED when a cookie-authenticated (or anonymous) state change may be cross-site. */
export function checkCsrf(request: FastifyRequest, actor: ApiActor | undefined): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (actor?.method === 'api_key') return; // a browser never attaches Authorization cross-site on its own
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string' && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw csrfFailed('the request comes from another site');
  }
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== 'null' && origin !== `${request.protocol}://${request.host}`) {
    throw csrfFailed('the request comes from another origin');
  }
  if (origin === 'null') throw csrfFailed('the request comes from an opaque origin');
  if (actor?.method === 'session') {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !sameToken(sent, actor.csrfToken ?? '')) {
      throw csrfFailed('the x-csrf-token header is missing or wrong (read it from GET /api/auth/session)');
    }
  }
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const csrfFailed = (why: string): ApiProblem =>
  new ApiProblem(403, 'CSRF_FAILED', `Refused to protect you against cross-site request forgery: ${why}. Reload the page and try again.`);

/** Secure cookies when the request came over https (or behind a trusted TLS proxy) or in production. */
export function wantsSecureCookies(context: ApiContext, request: FastifyRequest): boolean {
  return request.protocol === 'https' || context.environment.NODE_ENV === 'production';
}

export function setSessionCookies(
  context: ApiContext,
  request: FastifyRequest,
  reply: FastifyReply,
  session: { token: string; csrfToken: string },
): void {
  const secure = wantsSecureCookies(context, request);
  const maxAgeSeconds = context.auth.session.absoluteHours * 3600;
  reply.header('set-cookie', [
    serializeCookie(SESSION_COOKIE, session.token, { httpOnly: true, secure, maxAgeSeconds }),
    serializeCookie(CSRF_COOKIE, session.csrfToken, { httpOnly: false, secure, maxAgeSeconds }),
  ]);
}

export function clearSessionCookies(context: ApiContext, request: FastifyRequest, reply: FastifyReply): void {
  const secure = wantsSecureCookies(context, request);
  reply.header('set-cookie', [
    serializeCookie(SESSION_COOKIE, '', { httpOnly: true, secure, maxAgeSeconds: 0 }),
    serializeCookie(CSRF_COOKIE, '', { httpOnly: false, secure, maxAgeSeconds: 0 }),
  ]);
}
