import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'rempart-scan-'));
const SAMPLE = 'Écrivez à marie.dupont@exemple.fr ou à jean.martin@exemple.com, merci.';

describe('rempart scan', () => {
  it('prints the pseudonymised text read from standard input', async () => {
    const result = await runCli(['scan'], SAMPLE);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Écrivez à <EMAIL_1> ou à <EMAIL_2>, merci.\n');
    expect(result.stdout).not.toContain('marie.dupont');
  });

  it('prints entities and the redacted text with --json, offsets in JS string indices', async () => {
    const file = join(dir, 'sample.txt');
    writeFileSync(file, SAMPLE);
    const result = await runCli(['scan', '--json', file]);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { entities: Record<string, unknown>[]; redacted: string };
    expect(output.redacted).toBe('Écrivez à <EMAIL_1> ou à <EMAIL_2>, merci.');
    const emails = output.entities.filter((e) => e.type === 'EMAIL');
    expect(emails).toHaveLength(2);
    for (const e of emails) {
      expect(Object.keys(e).sort()).toEqual(['end', 'score', 'start', 'subtype', 'text', 'type']);
      expect(SAMPLE.slice(e.start as number, e.end as number)).toBe(e.text);
    }
  });

  it('answers --jsonl line by line in order, naming a bad line and still processing the others', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: 'contact: paul@exemple.fr' }),
      '{not json',
      '',
      JSON.stringify({ id: 3, text: 'rien à signaler' }),
      JSON.stringify({ id: 'no-text' }),
    ].join('\n');
    const result = await runCli(['scan', '--jsonl'], input);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/line 2: invalid JSON/);
    expect(result.stderr).toMatch(/line 5: expected/);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: unknown; entities: { type: string }[]; error?: string });
    expect(lines.map((l) => l.id)).toEqual(['a', null, 3, 'no-text']);
    expect(lines[0]!.entities.map((e) => e.type)).toContain('EMAIL');
    expect(lines[1]!.error).toBe('invalid JSON');
    expect(lines[2]!.entities.filter((e) => e.type === 'EMAIL')).toEqual([]);
  });

  it('refuses unreadable files, binary input and oversized texts with a clear error', async () => {
    const missing = await runCli(['scan', join(dir, 'absent.txt')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*absent\.txt: no such file/);

    const binary = await runCli(['scan'], Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff]));
    expect(binary.code).toBe(1);
    expect(binary.stderr).toMatch(/binary/);

    const invalidUtf8 = await runCli(['scan'], Buffer.from([0x61, 0xc3, 0x28]));
    expect(invalidUtf8.code).toBe(1);
    expect(invalidUtf8.stderr).toMatch(/not valid UTF-8/);

    const big = await runCli(['scan', '--max-size', '10'], 'a text longer than ten bytes');
    expect(big.code).toBe(1);
    expect(big.stderr).toMatch(/over the limit of 10/);

    const bigLine = await runCli(['scan', '--jsonl', '--max-size', '10'], JSON.stringify({ id: 1, text: 'a text longer than ten bytes' }));
    expect(bigLine.code).toBe(1);
    expect(bigLine.stderr).toMatch(/line 1: text is 28 bytes, over the limit of 10/);
  });

  it('applies a policy file and reports a bad one clearly', async () => {
    const policy = join(dir, 'policy.yaml');
    writeFileSync(policy, 'default: pseudonymize\nrules:\n  EMAIL: redact\n');
    const redacted = await runCli(['scan', '--policy', policy], 'écrire à paul@exemple.fr');
    expect(redacted.code).toBe(0);
    expect(redacted.stdout).not.toContain('paul@exemple.fr');
    expect(redacted.stdout).not.toContain('<EMAIL_1>');

    const bad = join(dir, 'bad-policy.yaml');
    writeFileSync(bad, 'default: explode\n');
    const refused = await runCli(['scan', '--policy', bad], 'texte');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/policy file .*bad-policy\.yaml/);

    const badLang = await runCli(['scan', '--lang', 'de'], 'texte');
    expect(badLang.code).toBe(2);
    expect(badLang.stderr).toMatch(/--lang/);
  });

  it('documents itself with --help', async () => {
    const help = await runCli(['scan', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--json', '--jsonl', '--lang', '--policy', '--max-size']) expect(help.stdout).toContain(flag);
  });

  it('checks each --jsonl line on its own: invalid UTF-8, a byte-order mark, a missing id', async () => {
    const input = Buffer.concat([
      Buffer.from('\ufeff' + JSON.stringify({ id: 1, text: 'écrire à paul@exemple.fr' }) + '\n', 'utf8'),
      Buffer.from('{"id":2,"text":"a'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}\r\n'),
      Buffer.from(JSON.stringify({ id: null, text: 'sans identifiant' }) + '\n'),
      Buffer.from(JSON.stringify({ id: 4, text: 'fin' })),
    ]);
    const result = await runCli(['scan', '--jsonl'], input);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/line 2: not valid UTF-8/);
    expect(result.stderr).toMatch(/line 3: expected/);
    expect(result.stderr).not.toMatch(/line 1:/);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: unknown; entities: { type: string }[] });
    expect(lines.map((l) => l.id)).toEqual([1, null, null, 4]);
    expect(lines[0]!.entities.map((e) => e.type)).toContain('EMAIL');
  });

  it('names a directory given as the file, and takes the hash key from REMPART_HASH_KEY', async () => {
    const directory = await runCli(['scan', dir]);
    expect(directory.code).toBe(1);
    expect(directory.stderr).toContain(`cannot read ${dir}: it is a directory`);

    const policy = join(dir, 'hash-policy.yaml');
    writeFileSync(policy, 'default: pseudonymize\nrules:\n  EMAIL: hash\n');
    const withoutKey = await runCli(['scan', '--policy', policy], 'paul@exemple.fr', { REMPART_HASH_KEY: '' });
    expect(withoutKey.code).toBe(2);
    expect(withoutKey.stderr).toMatch(/REMPART_HASH_KEY/);
    const first = await runCli(['scan', '--policy', policy], 'paul@exemple.fr', { REMPART_HASH_KEY: 'k1' });
    const again = await runCli(['scan', '--policy', policy], 'paul@exemple.fr', { REMPART_HASH_KEY: 'k1' });
    const otherKey = await runCli(['scan', '--policy', policy], 'paul@exemple.fr', { REMPART_HASH_KEY: 'k2' });
    expect(first.code).toBe(0);
    expect(first.stdout).not.toContain('paul@exemple.fr');
    expect(again.stdout).toBe(first.stdout);
    expect(otherKey.stdout).not.toBe(first.stdout);
  });
});
