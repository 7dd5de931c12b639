/** `rempart serve`: runs the server (gateway, workspace API, observability). */
import type { Command } from 'commander';
import { startServer } from '@rempart/server';
import { z } from 'zod';
import { CommandError, configOption, loadCliConfig, parseOptions, runAction } from './cli-context.ts';

const serveOptionsSchema = z.object({
  config: z.string().optional(),
  port: z.coerce.number().int('must be a whole number').min(0).max(65_535, 'must be at most 65535').optional(),
  host: z.string().min(1).optional(),
});

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the Rempart server (OpenAI-compatible gateway on /v1, /healthz, /readyz, /metrics).')
    .option(...configOption)
    .option('--port <n>', 'port to listen on (default: server.port from the configuration, 8080)')
    .option('--host <address>', 'interface to listen on (default: server.host, 127.0.0.1)')
    .addHelpText(
      'after',
      `
Environment: DATABASE_URL (postgres://… ; default: embedded database in ./data),
REMPART_SECRET_KEY (vault encryption key, 32 bytes base64/hex), REMPART_BOOTSTRAP_ADMIN_EMAIL and
REMPART_BOOTSTRAP_API_KEY (create an administrator and their key on first start), LOG_LEVEL.`,
    )
    .action((rawOptions: unknown) =>
      runAction('serve', async () => {
        const options = parseOptions(serveOptionsSchema, rawOptions);
        const config = loadCliConfig(options.config);
        const server = await startServer({
          config: {
            ...config,
            server: {
              ...config.server,
              ...(options.port !== undefined ? { port: options.port } : {}),
              ...(options.host !== undefined ? { host: options.host } : {}),
            },
          },
        }).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'EADDRINUSE') throw new CommandError(`port ${options.port ?? config.server.port} is already in use (choose another with --port)`);
          throw error;
        });
        server.app.log.info({ url: server.url, database: config.database.url ? 'postgres' : 'embedded' }, `Rempart listening on ${server.url}`);
        process.stderr.write(`\n  Rempart is running: ${server.url}  (workspace, /v1 gateway, /healthz). Stop with Ctrl+C.\n\n`);
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          server.app.log.info({ signal }, 'shutting down');
          server.close().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      }),
    );
}
