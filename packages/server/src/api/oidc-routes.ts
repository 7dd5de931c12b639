/** Single sign-on with OpenID Connect: redirect to the provider, come back, open a session. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OidcFlowError, OidcSignIn } from '../oidc/oidc-client.ts';
import { provisionOidcUser, ProvisioningError } from '../oidc/provisioning.ts';
import type { ApiContext } from './context.ts';
import { ApiProblem } from './problems.ts';
import { setSessionCookies } from './request-auth.ts';

const loginQuery = z.object({ returnTo: z.string().max(2_000).optional() });

/** A path on this site only: "/x", never "//evil" or "/\\evil" (open redirects). */
export function safeReturnTo(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\r\n]/.test(value)) return '/';
  return value;
}

export async function oidcRoutes(app: FastifyInstance, { context }: { context: ApiContext }): Promise<void> {
  const oidcConfig = context.auth.oidc;
  const signIn = oidcConfig ? new OidcSignIn(oidcConfig, context.services.db) : undefined;
  const notConfigured = (): ApiProblem =>
    new ApiProblem(404, 'OIDC_NOT_CONFIGURED', 'Single sign-on is not configured on this server: sign in with your e-mail and password.');

  app.get('/auth/oidc/login', { config: { action: 'oidc:use' } }, async (request, reply) => {
    if (!signIn) throw notConfigured();
    const { returnTo } = loginQuery.parse(request.query);
    let url: URL;
    try {
      url = await signIn.start(safeReturnTo(returnTo), `${request.protocol}://${request.host}`);
    } catch (error) {
      request.log.error({ errorName: (error as Error)?.name }, 'OIDC discovery failed');
      throw new ApiProblem(503, 'OIDC_UNAVAILABLE', 'The identity provider cannot be reached. Try again later, or sign in with your password.');
    }
    return reply.redirect(url.href, 302);
  });

  app.get('/auth/oidc/callback', { config: { action: 'oidc:use' } }, async (request, reply) => {
    if (!signIn || !oidcConfig) throw notConfigured();
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    try {
      const { identity, returnTo } = await signIn.finish(query, `${request.protocol}://${request.host}`);
      const user = await provisionOidcUser(context.services.db, context.services.auditLog, oidcConfig, identity);
      const credentials = await context.credentials.get(user.id);
      const mfa = identity.mfaAtProvider ? 'verified' : credentials.totpEnabled ? 'pending' : 'not_enrolled';
      const session = await context.sessions.create({ userId: user.id, mfa, authSource: 'oidc' });
      setSessionCookies(context, request, reply, session);
      context.services.authenticator.invalidate(); // groups or role may have changed
      request.log.info({ event: 'login', via: 'oidc', userId: user.id, mfa }, 'signed in');
      return reply.redirect(returnTo, 302);
    } catch (error) {
      const code = error instanceof OidcFlowError || error instanceof ProvisioningError ? error.code : 'OIDC_FAILED';
      request.log.warn({ event: 'login_failed', via: 'oidc', code, reason: (error as Error)?.message?.slice(0, 200) }, 'SSO sign-in failed');
      return reply.redirect(`/login?error=${code}`, 302);
    }
  });
}
