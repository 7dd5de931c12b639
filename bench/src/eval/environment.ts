/** Where a result came from: commit (and whether the shield had uncommitted changes), runtime, CPUs. */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR } from './datasets/paths.ts';

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export function runEnvironment(): Record<string, string | number> {
  const commit = git(['-C', BENCH_DIR, 'rev-parse', '--short', 'HEAD']) ?? 'unknown';
  // Others edit the shield concurrently: a run may include work not committed yet.
  const dirty = git(['-C', BENCH_DIR, 'status', '--porcelain', '--', join(BENCH_DIR, '../packages/shield')]);
  return {
    commit: dirty ? `${commit} + uncommitted changes in packages/shield` : commit,
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  };
}
