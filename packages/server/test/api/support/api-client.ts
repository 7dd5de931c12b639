/**
 * A tiny browser stand-in for /api tests: keeps the session cookies it is given, sends the
 * CSRF token back on state changes, or authenticates with an API key instead.
 */
import { authenticator } from 'otplib';

export interface ApiResponse<Body = any> {
  status: number;
  headers: Headers;
  // Test code reads arbitrary JSON shapes; `any` keeps assertions short.
  body: Body;
  setCookies: string[];
}

export class ApiClient {
  readonly baseUrl: string;
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;
  bearer: string | undefined;
  /** Extra headers on every request (e.g. Origin). */
  headers: Record<string, string> = {};

  constructor(baseUrl: string, options: { bearer?: string } = {}) {
    this.baseUrl = baseUrl;
    this.bearer = options.bearer;
  }

  async request<Body = any>(method: string, path: string, body?: unknown, options: { headers?: Record<string, string>; csrf?: boolean } = {}): Promise<ApiResponse<Body>> {
    const headers: Record<string, string> = { ...this.headers, ...options.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (options.csrf !== false && this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const setCookies = response.headers.getSetCookie();
    for (const cookie of setCookies) {
      const [pair] = cookie.split(';');
      const equals = pair!.indexOf('=');
      const name = pair!.slice(0, equals);
      const value = pair!.slice(equals + 1);
      if (value === '' || /Max-Age=0/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json') && text ? JSON.parse(text) : text;
    if (parsed && typeof parsed === 'object' && typeof parsed.csrfToken === 'string') this.csrfToken = parsed.csrfToken;
    return { status: response.status, headers: response.headers, body: parsed, setCookies };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body ?? {});
  patch = (path: string, body?: unknown) => this.request('PATCH', path, body ?? {});
  put = (path: string, body?: unknown) => this.request('PUT', path, body ?? {});
  delete = (path: string) => this.request('DELETE', path);

  async login(email: string, password: string): Promise<ApiResponse> {
    const response = await this.post('/api/auth/login', { email, password });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  }

  /** Enrols TOTP and confirms it; returns the secret. */
  async enrolMfa(): Promise<string> {
    const enrolment = await this.post('/api/me/mfa/enrol');
    if (enrolment.status !== 201) throw new Error(`enrol failed: ${enrolment.status} ${JSON.stringify(enrolment.body)}`);
    const secret: string = enrolment.body.secret;
    const confirmed = await this.post('/api/me/mfa/confirm', { code: authenticator.generate(secret) });
    if (confirmed.status !== 200) throw new Error(`confirm failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
    return secret;
  }
}
