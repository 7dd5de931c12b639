/** Child processes of the gateway benchmark: forked with IPC, waited for, stopped by pid. */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Forks a TypeScript module (same loader as this process); stdout/stderr to `logFile` or ignored. */
export function forkModule(modulePath: string, args: string[], logFile?: string, extraExecArgv: string[] = []): ChildProcess {
  const output = logFile ? openSync(logFile, 'a') : 'ignore';
  const child = fork(modulePath, args, { execArgv: [...process.execArgv, ...extraExecArgv], stdio: ['ignore', output, output, 'ipc'] });
  if (typeof output === 'number') closeSync(output);
  return child;
}

/** Spawns a plain Node script with IPC-less stdio to `logFile`. */
export function spawnNode(scriptPath: string, args: string[], environment: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const output = openSync(logFile, 'a');
  const child = spawn(process.execPath, [scriptPath, ...args], { env: environment, stdio: ['ignore', output, output] });
  closeSync(output);
  return child;
}

/** The next IPC message, or a rejection if the child exits first or `timeoutMs` elapses. */
export function nextMessage<T>(child: ChildProcess, what: string, timeoutMs = 120_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: unknown): void => finish(undefined, message as T);
    const onExit = (code: number | null): void => finish(new Error(`${what}: exited (code ${code}) before answering`));
    function finish(error: Error | undefined, message?: T): void {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message!);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Stops one child we started (by its pid) and waits for it to exit; `graceMs` first lets it exit on its own. */
export async function stopChild(child: ChildProcess, timeoutMs = 10_000, graceMs = 0): Promise<void> {
  if (graceMs > 0 && child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** A free loopback port (for children that take a port number rather than 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls until `url` answers (any HTTP status) or `timeoutMs` elapses. */
export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch (error) {
      if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** CPU seconds (user + system) a process used so far, from /proc (Linux; undefined elsewhere). */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime, stime are 14, 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticksPerSecond = 100; // USER_HZ on Linux
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}
