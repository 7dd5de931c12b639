/**
 * Throughput of the per-request database work the gateway does, on embedded PGlite:
 * audit begin + completion (two chained appends) and one rate-limit admission, at 1 and 50
 * concurrent requests. Not a test (no assertion, timing-dependent): run it by hand with
 *   cd /work/main && node --import tsx packages/server/test/foundation-throughput.bench-script.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../src/audit/audit-log.ts';
import { verifyAuditChain } from '../src/audit/verify.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { DatabaseUsageLimiter } from '../src/limits/database-usage-limiter.ts';

const folder = mkdtempSync(join(tmpdir(), 'rempart-bench-'));
const db = await openPglite(join(folder, 'pglite'));
await migrate(db);
const auditLog = new AuditLog(db);
const limiter = new DatabaseUsageLimiter(db, { requestsPerMinute: { perKey: 1e9 }, tokensPerDay: {} });
const actor = { userId: '00000000-0000-4000-8000-000000000001', email: 'e@example.org', role: 'user' as const, groups: [], apiKeyId: '00000000-0000-4000-8000-000000000002' };
const requestDetails = {
  model: 'm',
  provider: 'p',
  location: 'eu',
  entities: { PERSON: 2, IBAN: 1 },
  decision: 'pseudonymize',
  outboundSha256: 'a'.repeat(64),
};

async function measure(label: string, concurrency: number, total: number, work: () => Promise<unknown>) {
  let started = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started++ < total) await work();
    }),
  );
  const ms = performance.now() - t0;
  console.log(`${label}, concurrency ${concurrency}: ${Math.round((total / ms) * 1000)} req/s (${(ms / total).toFixed(3)} ms per request)`);
}

for (const concurrency of [1, 50]) {
  await measure('audit request + completion', concurrency, 2000, async () => {
    const request = await auditLog.append({ kind: 'request', requestId: 'r', userId: actor.userId, details: requestDetails });
    await auditLog.append({ kind: 'completion', refersTo: request.id, details: { status: 200, latencyMs: 3 } });
  });
  await measure('rate-limit admission', concurrency, 2000, () => limiter.admit(actor));
}
console.log('chain', await verifyAuditChain(db));
await db.close();
rmSync(folder, { recursive: true, force: true });
