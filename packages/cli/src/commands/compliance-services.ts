/** Opens the server's services for a compliance command (purge, checkpoint, dsar) and closes them after. */
import { ComplianceService, createLogger, openServices } from '@rempart/server';
import { CommandError, loadCliConfig } from './cli-context.ts';

export async function withCompliance<T>(configPath: string | undefined, work: (compliance: ComplianceService) => Promise<T>): Promise<T> {
  const config = loadCliConfig(configPath);
  let services: Awaited<ReturnType<typeof openServices>>;
  try {
    // Logs (e.g. the purge's alert) go to stderr: stdout is the command's result (--json).
    const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', stderr: true });
    services = await openServices(config, { logger, environment: process.env });
  } catch (error) {
    throw new CommandError(`cannot open the database: ${(error as Error).message}`);
  }
  try {
    return await work(new ComplianceService(services));
  } finally {
    await services.close();
  }
}
