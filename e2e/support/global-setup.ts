/**
 * Runs once before the browser tests: builds the web app when packages/web/dist is missing or
 * older than its sources (so the tests never drive a stale build), and checks Chromium is there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_PATH } from './browser.ts';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const webRoot = join(repositoryRoot, 'packages/web');
const builtIndex = join(webRoot, 'dist/index.html');
/** What the bundle is made of: the app's sources and the shield it embeds for the live preview. */
const sourceRoots = [join(webRoot, 'src'), join(webRoot, 'index.html'), join(webRoot, 'vite.config.ts'), join(repositoryRoot, 'packages/shield/src')];

function newestModification(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestModification(join(path, entry)));
  return newest;
}

export default function setup(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run \`apt-get update && apt-get install -y chromium\``);
  }
  const stale = !existsSync(builtIndex) || Math.max(...sourceRoots.filter(existsSync).map(newestModification)) > statSync(builtIndex).mtimeMs;
  if (stale) execFileSync('npm', ['run', 'build', '-w', '@rempart/web'], { cwd: repositoryRoot, stdio: 'inherit' });
}
