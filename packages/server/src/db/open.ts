import { resolve } from 'node:path';
import type { Database } from './database.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export interface DatabaseLocation {
  /** `postgres://…` for a real PostgreSQL; absent (or `pglite:`) for the embedded one. */
  url?: string;
  /** Data folder of the embedded database (and of the generated secret key). */
  dataDir: string;
  /** PostgreSQL schema to use (default: the server's search_path). */
  schema?: string;
}

/** Opens the database the configuration names. */
export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  const url = location.url?.trim();
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    return openPostgres({ url, schema: location.schema });
  }
  if (url && url !== 'pglite:' && !url.startsWith('pglite:')) {
    throw new Error(`database.url must start with postgres:// or pglite: (got a ${url.split(':')[0]}: URL)`);
  }
  // `pglite:memory` is an in-memory database (tests, demos); `pglite:/path` a folder.
  const path = url?.slice('pglite:'.length);
  if (path === 'memory') return openPglite(undefined);
  return openPglite(resolve(path || resolve(location.dataDir, 'pglite')));
}
