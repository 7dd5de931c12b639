import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Read-only external dev data (see /work/shared/data/MANIFEST.md). Override with REMPART_EVAL_DATA. */
export const DATA_DIR = process.env.REMPART_EVAL_DATA ?? '/work/shared/data';
export const BENCH_DIR = join(here, '../../..');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
