/** The compliance CLI commands (`rempart purge`, `checkpoint`, `dsar`), spawned for real on an embedded database. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const rempartBin = fileURLToPath(new URL('../../../cli/bin/rempart.mjs', import.meta.url));

function rempart(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [rempartBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('compliance CLI commands', () => {
  let dir: string;
  let config: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rempart-cli-compliance-'));
    config = join(dir, 'rempart.yaml');
    writeFileSync(config, `dataDir: ${JSON.stringify(join(dir, 'data'))}\ncompliance:\n  retention: { conversationDays: 30, auditMonths: 6 }\n`);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers and lists a rights request, signs and verifies checkpoints, purges', async () => {
    const created = await rempart(['dsar', 'create', '--kind', 'erasure', '--email', 'someone@example.org', '--identifier', 'Jean Someone', '--json', '--config', config]);
    expect(created.stderr).toBe('');
    const request = JSON.parse(created.stdout);
    expect(request).toMatchObject({ kind: 'erasure', status: 'open', identifiers: ['Jean Someone'] });

    const listed = await rempart(['dsar', 'list', '--config', config]);
    expect(listed.stdout).toMatch(new RegExp(`${request.id}\\s+erasure\\s+open`));

    const checkpoint = await rempart(['checkpoint', '--json', '--config', config]);
    expect(JSON.parse(checkpoint.stdout)).toMatchObject({ kind: 'on_demand', lastId: 1 });
    const verified = await rempart(['checkpoint', 'verify', '--config', config]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/Audit trail intact: \d+ records from anchor 0, 1 signed checkpoints/);

    const purge = await rempart(['purge', '--json', '--config', config]);
    expect(purge.code).toBe(0);
    expect(JSON.parse(purge.stdout)).toMatchObject({ status: 'done', trigger: 'cli' });
  }, 300_000); // five real processes, each loading the CLI and opening PGlite

  it('refuses a configuration that keeps audit metadata less than six months', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, `dataDir: ${JSON.stringify(join(dir, 'data2'))}\ncompliance:\n  retention: { auditMonths: 3 }\n`);
    const result = await rempart(['purge', '--config', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/compliance\.retention\.auditMonths: audit metadata must be kept at least 6 months/);
  }, 120_000);
});
