/**
 * `rempart audit verify` after a retention purge: the chain is walked from the purge anchor
 * (rows 1…N are gone on purpose), so an intact trail exits 0, and tampering after the anchor
 * still exits 1 naming the row. The real program in child processes, on both databases.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../server/src/audit/audit-log.ts';
import type { Database } from '../../server/src/db/database.ts';
import { openPglite } from '../../server/src/db/pglite.ts';
import { openPostgres } from '../../server/src/db/postgres.ts';
import { backendNames, createTestDatabase, postgresEnabled, type TestDatabase } from '../../server/test/support/databases.ts';

const rempartBin = fileURLToPath(new URL('../bin/rempart.mjs', import.meta.url));

function runRempart(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [rempartBin, ...args], {
      cwd,
      env: { ...process.env, DATABASE_URL: '', NODE_ENV: 'test', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.each(backendNames)('rempart audit verify after a retention purge on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let testDb: TestDatabase;
  let cwd: string;

  const reopen = (): Promise<Database> =>
    backend === 'pglite'
      ? openPglite(testDb.location.url!.slice('pglite:'.length))
      : openPostgres({ url: testDb.location.url!, schema: testDb.location.schema });

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(backend);
    // Ten audit records 13 months old (expired under the 12-month retention), then two recent ones.
    const oldLog = new AuditLog(testDb.db, { now: () => new Date(Date.now() - 400 * 86_400_000) });
    for (let index = 0; index < 5; index++) {
      const request = await oldLog.append({ kind: 'request', details: { model: 'm' } });
      await oldLog.append({ kind: 'completion', refersTo: request.id, details: { status: 'ok' } });
    }
    await oldLog.flush();
    await testDb.db.close(); // the CLI opens the database itself
    cwd = testDb.scratchDir;
    const database =
      backend === 'pglite'
        ? `database:\n  url: ${testDb.location.url}\n`
        : `database:\n  url: ${testDb.location.url}\n  schema: ${testDb.location.schema}\n`;
    writeFileSync(join(cwd, 'rempart.yaml'), `${database}dataDir: ./data\ncompliance:\n  retention: { auditMonths: 12 }\n`);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it.skipIf(skip)('exits 0 from the purge anchor, and 1 naming the row when a kept record is changed', async () => {
    const checkpoint = await runRempart(['checkpoint', '--json'], cwd);
    expect(checkpoint.code, checkpoint.stderr + checkpoint.stdout).toBe(0); // the purge only removes signed rows
    const purge = await runRempart(['purge', '--json'], cwd);
    expect(purge.code, purge.stderr).toBe(0);
    // stdout is the result alone (the purge's alert is logged to stderr): valid JSON as a whole.
    expect(JSON.parse(purge.stdout)).toMatchObject({ status: 'done', progress: { audit: { deleted: 10, done: true } } });
    expect(purge.stderr).toContain('purge');

    const verified = await runRempart(['audit', 'verify'], cwd);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^Audit chain intact: \d+ records after the retention purge anchor \(rows 1…10 purged\), last hash [0-9a-f]{64}\n$/);
    const asJson = JSON.parse((await runRempart(['audit', 'verify', '--json'], cwd)).stdout);
    expect(asJson).toMatchObject({ ok: true, purgedThrough: 10 });
    expect((await runRempart(['checkpoint', 'verify'], cwd)).code).toBe(0); // the same verdict as the console's check

    const db = await reopen();
    try {
      await db.runScript('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await db.query(`UPDATE audit_log SET details = jsonb_set(details, '{via}', '"forged"') WHERE id = 12`);
      await db.runScript('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    } finally {
      await db.close();
    }
    const broken = await runRempart(['audit', 'verify'], cwd);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN at row 12: hash does not match/);
  }, 300_000); // several real processes, each loading the CLI and opening the database
});
