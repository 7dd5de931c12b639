/**
 * `rempart scan`: the shield on the command line. Its output formats are a contract that
 * acceptance tooling depends on — keep them stable:
 *   rempart scan [FILE]          → the pseudonymised text
 *   rempart scan --json [FILE]   → {"entities":[{type,subtype,start,end,score,text}],"redacted":"..."}
 *   rempart scan --jsonl         → one {"id","entities"} line per {"id","text"} input line, same order
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import {
  createShield,
  DEFAULT_POLICY,
  DESTINATIONS,
  parsePolicy,
  Vault,
  type DetectedEntity,
  type Policy,
  type Shield,
} from '@rempart/shield';
import { parse as parseYaml } from 'yaml';

/** Default per-text size limit: 1 MiB of UTF-8. Configurable with --max-size. */
export const DEFAULT_MAX_SIZE_BYTES = 1024 * 1024;

const scanOptionsSchema = z.object({
  json: z.boolean().default(false),
  jsonl: z.boolean().default(false),
  lang: z.enum(['fr', 'en', 'auto']).default('auto'),
  policy: z.string().min(1).optional(),
  destination: z.enum(DESTINATIONS).optional(),
  maxSize: z.coerce.number().int().positive().default(DEFAULT_MAX_SIZE_BYTES),
});
type ScanOptions = z.infer<typeof scanOptionsSchema>;

/** An error the user can act on: printed as one line, no stack trace. */
class ScanInputError extends Error {}

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description(
      'Find sensitive data in a text (file or standard input) and print it pseudonymised, or the findings as JSON.',
    )
    .argument('[file]', 'text file to scan (default: standard input)')
    .option('--json', 'print {"entities":[...],"redacted":"..."} instead of the pseudonymised text')
    .option('--jsonl', 'read JSON lines {"id":…,"text":…} on stdin, write one {"id":…,"entities":[…]} line per input')
    .option('--lang <lang>', 'language of the text: fr, en or auto', 'auto')
    .option('--policy <file>', 'policy file (YAML or JSON) deciding what to do per entity type')
    .option('--destination <where>', `apply the policy's variant for a destination: ${DESTINATIONS.join(', ')}`)
    .option('--max-size <bytes>', 'refuse texts larger than this many UTF-8 bytes', String(DEFAULT_MAX_SIZE_BYTES))
    .addHelpText(
      'after',
      `
Environment: REMPART_HASH_KEY is the key of the policy's \`hash\` action (keyed HMAC-SHA256).

Exit codes: 0 success; 1 an input could not be scanned (the others still are, --jsonl); 2 bad usage or policy.

Examples:
  echo "Contactez Marie Dupont au 06 12 34 56 78" | rempart scan
  rempart scan --json contrat.txt
  rempart scan --jsonl < lines.jsonl > findings.jsonl`,
    )
    .action(async (file: string | undefined, rawOptions: unknown) => {
      process.exitCode = await runScan(file, rawOptions);
    });
}

/** Runs the command; returns the exit code (never throws for user errors). */
export async function runScan(file: string | undefined, rawOptions: unknown): Promise<number> {
  const parsed = scanOptionsSchema.safeParse(rawOptions);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    process.stderr.write(`rempart scan: invalid option --${String(issue?.path[0] ?? '')}: ${issue?.message}\n`);
    return 2;
  }
  const options = parsed.data;
  if (options.json && options.jsonl) {
    process.stderr.write('rempart scan: --json and --jsonl are exclusive\n');
    return 2;
  }
  if (options.jsonl && file) {
    process.stderr.write('rempart scan: --jsonl reads standard input; do not give a file\n');
    return 2;
  }
  let shield: Shield;
  try {
    const hashKey = process.env.REMPART_HASH_KEY;
    shield = createShield({
      policy: options.policy ? await loadPolicy(options.policy) : DEFAULT_POLICY,
      // The `hash` action needs a key; the CLI takes it from the environment, never a flag
      // (flags end up in shell history and process lists).
      ...(hashKey ? { hashKey } : {}),
    });
  } catch (error) {
    const hint = (error as { code?: string }).code === 'HASH_KEY_MISSING' ? ' (set REMPART_HASH_KEY)' : '';
    process.stderr.write(`rempart scan: ${messageOf(error)}${hint}\n`);
    return 2;
  }
  if (options.jsonl) return scanJsonLines(shield, options);

  let text: string;
  try {
    const bytes = file ? await readFile(file) : await readStdin();
    text = decodeText(bytes, options.maxSize, file ?? 'standard input');
  } catch (error) {
    process.stderr.write(`rempart scan: ${messageOf(error, file)}\n`);
    return 1;
  }
  const result = shield.protect(text, {
    vault: new Vault(),
    destination: options.destination,
    language: options.lang,
  });
  if (result.blocked) {
    process.stderr.write(
      `rempart scan: the policy blocks this text (found: ${result.blockedTypes.join(', ')}); blocked spans are redacted below\n`,
    );
  }
  if (options.json) {
    const output: Record<string, unknown> = {
      entities: result.entities.map(presentEntity),
      redacted: result.text,
    };
    if (result.blocked) {
      output.blocked = true;
      output.blockedTypes = result.blockedTypes;
    }
    process.stdout.write(JSON.stringify(output) + '\n');
  } else {
    process.stdout.write(result.text.endsWith('\n') ? result.text : result.text + '\n');
  }
  return 0;
}

const jsonLineSchema = z.object({
  id: z.union([z.string(), z.number()]),
  text: z.string(),
});

/**
 * One process for thousands of lines: the shield is built once; output is written in input
 * order; a bad line gets an error on stderr (naming its line number) and an output line with
 * `"error"` and no entities, so line alignment is kept for tools reading the output.
 */
async function scanJsonLines(shield: Shield, options: ScanOptions): Promise<number> {
  let lineNumber = 0;
  let failures = 0;
  const out: string[] = [];
  const flush = () => {
    if (out.length > 0) {
      process.stdout.write(out.join(''));
      out.length = 0;
    }
  };
  for await (const rawLine of byteLines(process.stdin)) {
    lineNumber++;
    let id: unknown = null;
    try {
      let line: string;
      try {
        line = strictUtf8.decode(rawLine);
      } catch {
        throw new ScanInputError('not valid UTF-8');
      }
      // A byte-order mark some editors put at the start of the file is not part of the JSON.
      if (lineNumber === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.trim().length === 0) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new ScanInputError('invalid JSON');
      }
      if (value && typeof value === 'object' && 'id' in value) id = (value as { id: unknown }).id;
      const record = jsonLineSchema.safeParse(value);
      if (!record.success) throw new ScanInputError('expected {"id": string|number, "text": string}');
      const size = Buffer.byteLength(record.data.text, 'utf8');
      if (size > options.maxSize) {
        throw new ScanInputError(`text is ${size} bytes, over the limit of ${options.maxSize} (--max-size)`);
      }
      if (record.data.text.includes('\u0000')) throw new ScanInputError('binary content (NUL byte) in text');
      const result = shield.protect(record.data.text, {
        vault: new Vault(),
        destination: options.destination,
        language: options.lang,
      });
      out.push(JSON.stringify({ id: record.data.id, entities: result.entities.map(presentEntity) }) + '\n');
    } catch (error) {
      failures++;
      process.stderr.write(`rempart scan: line ${lineNumber}: ${messageOf(error)}\n`);
      out.push(JSON.stringify({ id, entities: [], error: messageOf(error) }) + '\n');
    }
    if (out.length >= 256) flush();
  }
  flush();
  return failures > 0 ? 1 : 0;
}

/**
 * Splits a byte stream into lines without decoding it first, so each line's UTF-8 can be
 * checked on its own (a bad line is reported, the others still processed).
 */
async function* byteLines(stream: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let buffer = pending.length > 0 ? Buffer.concat([pending, bytes]) : bytes;
    let newline = buffer.indexOf(0x0a);
    while (newline !== -1) {
      yield buffer.subarray(0, newline);
      buffer = buffer.subarray(newline + 1);
      newline = buffer.indexOf(0x0a);
    }
    pending = Buffer.from(buffer);
  }
  if (pending.length > 0) yield pending;
}

function presentEntity(entity: DetectedEntity) {
  return {
    type: entity.type,
    subtype: entity.subtype ?? null,
    start: entity.start,
    end: entity.end,
    score: Math.round(entity.score * 1000) / 1000,
    text: entity.text,
  };
}

async function loadPolicy(path: string): Promise<Policy> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    throw new ScanInputError(`cannot read policy file ${path}: ${(error as NodeJS.ErrnoException).code ?? messageOf(error)}`);
  }
  let document: unknown;
  try {
    document = parseYaml(source); // YAML is a superset of JSON: one parser for both.
  } catch (error) {
    throw new ScanInputError(`policy file ${path} is not valid YAML/JSON: ${messageOf(error)}`);
  }
  try {
    return parsePolicy(document);
  } catch (error) {
    throw new ScanInputError(`policy file ${path}: ${messageOf(error)}`);
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Refuses binary data and oversized input with a message naming the source. */
function decodeText(bytes: Buffer, maxSize: number, source: string): string {
  if (bytes.length > maxSize) {
    throw new ScanInputError(`${source} is ${bytes.length} bytes, over the limit of ${maxSize} (--max-size)`);
  }
  if (bytes.includes(0)) throw new ScanInputError(`${source} looks binary (NUL byte); only UTF-8 text can be scanned`);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new ScanInputError(`${source} is not valid UTF-8 text`);
  }
}

function messageOf(error: unknown, path?: string): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = (error as NodeJS.ErrnoException).path ?? path ?? 'the input';
    if (code === 'ENOENT') return `cannot read ${where}: no such file`;
    if (code === 'EACCES') return `cannot read ${where}: permission denied`;
    if (code === 'EISDIR') return `cannot read ${where}: it is a directory`;
    return error.message;
  }
  return String(error);
}
