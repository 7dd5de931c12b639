/**
 * What the admin commands share: load the configuration, open (and migrate) the database,
 * run, close; print errors as one clear line with a meaningful exit code.
 */
import { ConfigError, DatabaseInUseError, loadConfig, openMigratedDatabase, type Database, type RempartConfig } from '@rempart/server';
import { z } from 'zod';

/** Exit codes: 0 success; 1 the operation failed; 2 bad usage or configuration. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** An error the user can act on: printed without a stack trace. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
  }
}

export const configOption = ['--config <file>', 'configuration file (default: ./rempart.yaml if present, else built-in defaults)'] as const;

/** Validates commander's options with zod; the error names the flag. */
export function parseOptions<Schema extends z.ZodType>(schema: Schema, rawOptions: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(rawOptions);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const flag = issue.path.length > 0 ? `--${kebab(String(issue.path[0]))}` : 'options';
  throw new CommandError(`invalid ${flag}: ${issue.message}`, EXIT_USAGE);
}

export function loadCliConfig(path: string | undefined): RempartConfig {
  try {
    return loadConfig({ path });
  } catch (error) {
    if (error instanceof ConfigError) throw new CommandError(error.message, EXIT_USAGE);
    throw error;
  }
}

export async function withDatabase<T>(
  configPath: string | undefined,
  work: (db: Database, config: RempartConfig) => Promise<T>,
): Promise<T> {
  const config = loadCliConfig(configPath);
  let db: Database;
  try {
    db = await openMigratedDatabase(config);
  } catch (error) {
    if (error instanceof DatabaseInUseError) throw new CommandError(error.message);
    throw new CommandError(`cannot open the database: ${(error as Error).message}`);
  }
  try {
    return await work(db, config);
  } finally {
    await db.close();
  }
}

/** Runs a command action; sets the exit code and prints errors as `rempart <command>: message`. */
export async function runAction(commandName: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    const exitCode = error instanceof CommandError ? error.exitCode : EXIT_FAILURE;
    process.stderr.write(`rempart ${commandName}: ${(error as Error).message ?? String(error)}\n`);
    process.exitCode = exitCode;
  }
}

/** "a, b,,c" → ["a","b","c"] */
export const commaList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
