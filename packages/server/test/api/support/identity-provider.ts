/**
 * A REAL OpenID provider (the `oidc-provider` package) on 127.0.0.1, with its development
 * login and consent pages, and a small "browser" that goes through the whole redirect dance:
 * Rempart → provider (login form, consent form) → Rempart's callback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface IdentityProviderAccount {
  sub: string;
  email: string;
  name: string;
  groups: string[];
  emailVerified?: boolean;
}

export interface IdentityProvider {
  issuer: string;
  accounts: Map<string, IdentityProviderAccount>;
  /** Starts answering, with this client registered (its redirect URI is known once Rempart listens). */
  register(client: { clientId: string; clientSecret: string; redirectUri: string }): void;
  close(): Promise<void>;
}

export async function startIdentityProvider(): Promise<IdentityProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, IdentityProviderAccount>();
  const register = (client: { clientId: string; clientSecret: string; redirectUri: string }): void => {
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [client.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['rempart-test-cookie-key'] },
    // Typed loosely: oidc-provider has no types (see oidc-provider.d.ts).
    findAccount: async (_context: unknown, sub: string) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: account.email, email_verified: account.emailVerified ?? true, name: account.name, groups: account.groups }),
      };
    },
  });
  server.on('request', provider.callback());
  };
  return {
    issuer,
    accounts,
    register,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cookies per origin, like a browser (enough for these two sites). */
class CookieJar {
  readonly #byOrigin = new Map<string, Map<string, string>>();

  header(url: URL): string {
    return [...(this.#byOrigin.get(url.origin) ?? new Map())].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  store(url: URL, setCookies: string[]): void {
    const jar = this.#byOrigin.get(url.origin) ?? new Map<string, string>();
    this.#byOrigin.set(url.origin, jar);
    for (const cookie of setCookies) {
      const [pair] = cookie.split(';');
      const equals = pair!.indexOf('=');
      const name = pair!.slice(0, equals).trim();
      const value = pair!.slice(equals + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) jar.delete(name);
      else jar.set(name, value);
    }
  }

  get(origin: string, name: string): string | undefined {
    return this.#byOrigin.get(origin)?.get(name);
  }
}

export interface SsoOutcome {
  /** Where Rempart's callback finally sent the browser. */
  finalLocation: string;
  /** Rempart's session cookie, if one was set. */
  sessionCookie: string | undefined;
  /** Every URL visited, in order. */
  visited: string[];
}

/**
 * Starts at Rempart's /api/auth/oidc/login, logs in at the provider as `accountId`, consents,
 * and follows the redirects back through Rempart's callback.
 */
export async function signInThroughProvider(rempartUrl: string, accountId: string, returnTo = '/chat'): Promise<SsoOutcome> {
  const jar = new CookieJar();
  const visited: string[] = [];
  let url = new URL(`/api/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`, rempartUrl);
  let method = 'GET';
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop += 1) {
    visited.push(`${method} ${url.href}`);
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { cookie: jar.header(url), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(body ? { body } : {}),
    });
    jar.store(url, response.headers.getSetCookie());
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      // Back on Rempart, past the callback: done.
      if (next.origin === new URL(rempartUrl).origin && !next.pathname.startsWith('/api/')) {
        return { finalLocation: next.pathname + next.search, sessionCookie: jar.get(next.origin, 'rempart_session'), visited };
      }
      url = next;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await response.text();
    const form = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(html);
    if (response.status !== 200 || !form) throw new Error(`unexpected page ${response.status} at ${url.href}: ${html.slice(0, 300)}`);
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    url = new URL(form[1]!.replaceAll('&amp;', '&'), url);
    method = 'POST';
    body = new URLSearchParams(prompt === 'login' ? { prompt, login: accountId, password: 'any' } : { prompt: prompt ?? 'consent' });
  }
  throw new Error(`too many redirects: ${visited.join(' → ')}`);
}
