/**
 * Binds routes to the authorization module: every /api route (workspace, documents and search,
 * compliance console) declares `config.action`
 * (registration fails otherwise, so a route cannot ship without a policy), the actor is
 * resolved and CSRF checked on every request, and the action is authorized before the
 * handler runs. Routes about a thing that must be the caller's own load it and call
 * `requireOwner`, which asks the same `authorize` again with the loaded owner.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { ApiActor } from '../policies/api-actor.ts';
import { ACTIONS, authorize, type Action, type Decision } from '../policies/authorize.ts';
import type { ApiContext } from './context.ts';
import { ApiProblem, notFound } from './problems.ts';
import { checkCsrf, resolveActor } from './request-auth.ts';

/** Every /api route seen at registration (the authorization matrix test reads it). */
export interface RegisteredApiRoute {
  method: string;
  url: string;
  action: Action;
}

export function installRoutePolicy(app: FastifyInstance, context: ApiContext, registered: RegisteredApiRoute[]): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const action = route.config?.action;
    if (!action || !(ACTIONS as readonly string[]).includes(action)) {
      throw new Error(`/api route ${String(route.method)} ${route.url} declares no policy action (config.action): every /api route must`);
    }
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') registered.push({ method, url: route.url, action });
    }
  });

  if (!app.hasRequestDecorator('apiActor')) app.decorateRequest('apiActor', undefined);

  app.addHook('preHandler', async (request) => {
    const action = request.routeOptions.config.action;
    if (!action) throw new Error('unreachable: route without action');
    const actor = await resolveActor(context, request);
    request.apiActor = actor;
    checkCsrf(request, actor);
    throwIfDenied(authorize(actor, action, 'deferred'));
  });
}

/** The actor of a route whose action needs someone signed in (guaranteed by the preHandler). */
export function actorOf(request: FastifyRequest): ApiActor {
  const actor = request.apiActor;
  if (!actor) throw new ApiProblem(401, 'UNAUTHENTICATED', 'Sign in first.');
  return actor;
}

/** For routes on someone's thing: authorizes with its owner (undefined = no such thing → 404). */
export function requireOwner(request: FastifyRequest, ownerId: string | undefined, what?: string): void {
  const action = request.routeOptions.config.action!;
  const decision = authorize(request.apiActor, action, ownerId === undefined ? undefined : { kind: 'owned', ownerId });
  if (!decision.allowed && decision.reason === 'not_found') throw notFound(what);
  throwIfDenied(decision);
}

export function throwIfDenied(decision: Decision): void {
  if (decision.allowed) return;
  switch (decision.reason) {
    case 'unauthenticated':
      throw new ApiProblem(401, 'UNAUTHENTICATED', 'Sign in first (session cookie) or send "Authorization: Bearer rk_…".', {
        extensions: { reason: 'no_credentials' },
      });
    case 'mfa_required':
      throw new ApiProblem(
        403,
        'MFA_REQUIRED',
        'This needs a second factor: enter your authenticator code (POST /api/auth/mfa), or set one up first (POST /api/me/mfa/enrol).',
      );
    case 'session_required':
      throw new ApiProblem(403, 'SESSION_REQUIRED', 'This can only be done from a signed-in browser session, not with an API key.');
    case 'forbidden':
      throw new ApiProblem(403, 'FORBIDDEN', 'Your role does not allow this. Ask an administrator if you need it.');
    case 'not_found':
      throw notFound();
    case 'charter_not_accepted':
      throw new ApiProblem(
        403,
        'CHARTER_NOT_ACCEPTED',
        `Accept the usage charter (version ${decision.charterVersion}) before using the chat: read it and accept it (GET /api/charter, POST /api/charter/accept).`,
        { extensions: { charterVersion: decision.charterVersion } },
      );
  }
}
