import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DatabaseInUseError extends Error {
  readonly code = 'DATABASE_IN_USE';
}

const LOCK_FILE = 'rempart.lock';

/**
 * The embedded database is a folder one process may open at a time: two processes writing
 * it would corrupt it. A lock file holding the owner's pid says who has it; a lock left by a
 * process that died is taken over.
 */
export function lockDataFolder(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseInUseError(
          `the embedded database in ${dataDir} is in use by process ${owner} (a running \`rempart serve\`?). ` +
            'Stop it first, or use PostgreSQL (DATABASE_URL) to manage users and keys while the server runs.',
        );
      }
      if (owner === process.pid) {
        throw new DatabaseInUseError(`the embedded database in ${dataDir} is already open in this process`);
      }
      unlinkSync(path); // stale: its owner is gone
    }
  }
  throw new DatabaseInUseError(`cannot lock the embedded database in ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
