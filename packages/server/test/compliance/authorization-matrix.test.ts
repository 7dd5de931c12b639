/**
 * Every /api/compliance route × caller: anonymous → 401, plain user (session or key) → 403,
 * admin session without MFA → 403 MFA_REQUIRED, DPO → allowed except the purge, admin → allowed.
 * "Allowed" = not refused by the policy (a bad body may still be a 400, an unknown id a 404).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complianceRoutesOf } from '../../src/api/compliance-routes.ts';
import { RULES } from '../../src/policies/authorize.ts';
import { SessionStore } from '../../src/sessions/session-store.ts';
import type { MfaState } from '../../src/sessions/session-store.ts';
import { ApiClient } from '../api/support/api-client.ts';
import { startWorkspace, type Person, type Workspace } from '../api/support/workspace.ts';

describe('compliance authorization matrix', () => {
  let workspace: Workspace;
  let sessions: SessionStore;

  beforeAll(async () => {
    workspace = await startWorkspace('pglite');
    sessions = new SessionStore(workspace.app.services.db, { idleMs: 3_600_000, absoluteMs: 3_600_000 });
  });
  afterAll(async () => {
    await workspace?.app.close();
  });

  async function sessionClient(person: Person, mfa: MfaState): Promise<ApiClient> {
    const session = await sessions.create({ userId: person.id, mfa, authSource: 'local' });
    const client = new ApiClient(workspace.app.url);
    client.cookies.set('rempart_session', session.token);
    client.csrfToken = session.csrfToken;
    return client;
  }

  it('registers every route with a policy action, and each caller gets what the policy says', async () => {
    const { app } = workspace;
    const routes = [...complianceRoutesOf(app.services)].sort((a, b) => Number(a.action === 'compliance:purge') - Number(b.action === 'compliance:purge'));
    expect(routes.length).toBeGreaterThanOrEqual(25);
    const callers = {
      anonymous: new ApiClient(app.url),
      user: await sessionClient(workspace.user, 'not_enrolled'),
      userKey: new ApiClient(app.url, { bearer: workspace.user.apiKey }),
      dpo: await sessionClient(workspace.dpo, 'not_enrolled'),
      adminNoMfa: await sessionClient(workspace.admin, 'not_enrolled'),
      admin: await sessionClient(workspace.admin, 'verified'),
    };
    // The purge really runs for the admin: it is sorted last so it does not disturb other checks.
    const failures: string[] = [];
    for (const route of routes) {
      const path = route.url.replace(':id', randomUUID()).replace(':table', 'charter.csv');
      for (const [caller, client] of Object.entries(callers)) {
        const response = await client.request(route.method, path, route.method === 'GET' ? undefined : {});
        const { who } = RULES[route.action];
        const roles = who === 'anyone' || who === 'signed-in' ? ['user', 'dpo', 'admin'] : who;
        const expected =
          caller === 'anonymous' ? 401
          : caller === 'user' || caller === 'userKey' ? 403
          : caller === 'adminNoMfa' ? 403
          : roles.includes(caller === 'dpo' ? 'dpo' : 'admin') ? 'allowed' : 403;
        const denied = response.status === 401 || (response.status === 403 && ['FORBIDDEN', 'MFA_REQUIRED'].includes(response.body?.code));
        const ok = expected === 'allowed' ? !denied : response.status === expected && (caller !== 'adminNoMfa' || response.body.code === 'MFA_REQUIRED');
        if (!ok) failures.push(`${caller} ${route.method} ${route.url} → ${response.status} ${response.body?.code ?? ''} (expected ${expected})`);
      }
    }
    expect(failures).toEqual([]);
  });
});
