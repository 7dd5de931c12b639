/**
 * The admin commands, run as a user would: the real `rempart` program in a child process,
 * against a real database (embedded PGlite in a temporary folder, and PostgreSQL in a
 * throw-away schema).
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backendNames,
  createTestDatabase,
  postgresEnabled,
  type TestDatabase,
} from '../../server/test/support/databases.ts';

const rempartBin = fileURLToPath(new URL('../bin/rempart.mjs', import.meta.url));

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runRempart(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [rempartBin, ...args], {
      cwd: options.cwd,
      env: { ...process.env, DATABASE_URL: '', NODE_ENV: 'test', ...options.env },
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

describe('rempart --help', () => {
  it('documents every admin subcommand', async () => {
    const cwd = process.cwd();
    for (const command of [['serve'], ['users', 'add'], ['users', 'list'], ['keys', 'create'], ['keys', 'list'], ['keys', 'revoke'], ['audit', 'verify']]) {
      const result = await runRempart([...command, '--help'], { cwd });
      expect(result.code, command.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^Usage: rempart /);
    }
  });
});

describe.each(backendNames)('admin commands on %s', (backend) => {
  const skip = backend === 'postgres' && !postgresEnabled;
  let testDb: TestDatabase;
  let cwd: string;

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(backend, { migrate: false });
    await testDb.db.close(); // the CLI opens the database itself
    cwd = testDb.scratchDir;
    const database =
      backend === 'pglite'
        ? `database:\n  url: ${testDb.location.url}\n`
        : `database:\n  url: ${testDb.location.url}\n  schema: ${testDb.location.schema}\n`;
    writeFileSync(join(cwd, 'rempart.yaml'), `${database}dataDir: ./data\n`);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it.skipIf(skip)('users add → keys create → keys list → keys revoke → audit verify', async () => {
    const added = await runRempart(['users', 'add', '--email', 'Marie@Example.fr', '--name', 'Marie', '--role', 'dpo', '--groups', 'legal,finance'], { cwd });
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/Created dpo marie@example\.fr .* in groups finance, legal/);

    const duplicate = await runRempart(['users', 'add', '--email', 'marie@example.fr'], { cwd });
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toMatch(/already exists/);

    const created = await runRempart(['keys', 'create', '--user', 'marie@example.fr', '--name', 'ide', '--expires', '30', '--models', 'small,large'], { cwd });
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^rk_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/will not be shown again/);

    const listed = await runRempart(['keys', 'list', '--json'], { cwd });
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toContain(key);
    const keys = JSON.parse(listed.stdout) as { id: string; prefix: string; status: string; allowedModels: string[] }[];
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ prefix: key.slice(0, 11), status: 'active', allowedModels: ['small', 'large'] });

    const revoked = await runRempart(['keys', 'revoke', keys[0]!.prefix], { cwd });
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/Revoked/);
    const relisted = JSON.parse((await runRempart(['keys', 'list', '--json', '--user', 'marie@example.fr'], { cwd })).stdout);
    expect(relisted[0].status).toBe('revoked');

    const verified = await runRempart(['audit', 'verify'], { cwd });
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/Audit chain intact: 3 records/);
  });

  it.skipIf(skip)('audit verify exits non-zero and names the row when the chain was tampered with', async () => {
    const reopened = await (backend === 'pglite'
      ? (await import('../../server/src/db/pglite.ts')).openPglite(testDb.location.url!.slice('pglite:'.length))
      : (await import('../../server/src/db/postgres.ts')).openPostgres({ url: testDb.location.url!, schema: testDb.location.schema }));
    try {
      await reopened.runScript('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await reopened.query(`UPDATE audit_log SET details = jsonb_set(details, '{via}', '"web"') WHERE id = 2`);
      await reopened.runScript('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    } finally {
      await reopened.close();
    }
    const verified = await runRempart(['audit', 'verify'], { cwd });
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/BROKEN at row 2: hash does not match/);
    const asJson = JSON.parse((await runRempart(['audit', 'verify', '--json'], { cwd })).stdout);
    expect(asJson).toMatchObject({ ok: false, firstBrokenLink: { rowId: 2 } });
  });

  it.skipIf(skip)('validates flags with clear errors and exit code 2', async () => {
    const badEmail = await runRempart(['users', 'add', '--email', 'not-an-email'], { cwd });
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toMatch(/invalid --email/);
    const badRole = await runRempart(['users', 'add', '--email', 'x@example.org', '--role', 'root'], { cwd });
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/invalid --role/);
    const badExpiry = await runRempart(['keys', 'create', '--user', 'marie@example.fr', '--expires', 'soon'], { cwd });
    expect(badExpiry.code).toBe(2);
    expect(badExpiry.stderr).toMatch(/invalid --expires/);
    const missing = await runRempart(['keys', 'create'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--user/);
    const unknownUser = await runRempart(['keys', 'create', '--user', 'nobody@example.org'], { cwd });
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.stderr).toMatch(/no user has the e-mail nobody@example\.org/);
    const badConfig = await runRempart(['keys', 'list', '--config', join(cwd, 'missing.yaml')], { cwd });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/cannot read the configuration file .*missing\.yaml: no such file/);
    const badPort = await runRempart(['serve', '--port', '99999'], { cwd });
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/invalid --port/);
  });

  it.skipIf(skip)('serve --port listens, answers /healthz and /readyz, and stops cleanly on SIGTERM', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, [rempartBin, 'serve', '--port', String(port)], {
      cwd,
      env: {
        ...process.env,
        DATABASE_URL: '',
        LOG_LEVEL: 'info',
        REMPART_BOOTSTRAP_ADMIN_EMAIL: 'root@example.org',
        REMPART_BOOTSTRAP_API_KEY: 'rk_' + 'bootstrapKey0123456789'.repeat(2),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      let ready: Response | undefined;
      for (let attempt = 0; attempt < 200 && !ready; attempt++) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(ready?.status, output).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const whileServing = await runRempart(['users', 'list'], { cwd });
      if (backend === 'pglite') {
        // The embedded database is single-process: a clear refusal rather than a corruption.
        expect(whileServing.code).toBe(1);
        expect(whileServing.stderr).toMatch(/in use by process \d+/);
      } else {
        expect(whileServing.stdout).toMatch(/root@example\.org\tadmin/);
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toMatch(/Rempart listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/bootstrap administrator ready/);
    expect(output).not.toContain('bootstrapKey0123456789');
    const afterwards = await runRempart(['keys', 'list', '--user', 'root@example.org'], { cwd });
    expect(afterwards.stdout).toMatch(/rk_bootstra…\troot@example\.org\tbootstrap\tactive/);
  });
});
