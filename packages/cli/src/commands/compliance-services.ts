/** Opens the server's services for a compliance command (purge, checkpoint, dsar) and closes them after. */
import { ComplianceService, openServices } from '@rempart/server';
import { CommandError, loadCliConfig } from './cli-context.ts';

export async function withCompliance<T>(configPath: string | undefined, work: (compliance: ComplianceService) => Promise<T>): Promise<T> {
  const config = loadCliConfig(configPath);
  let services: Awaited<ReturnType<typeof openServices>>;
  try {
    services = await openServices(config, { environment: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' } });
  } catch (error) {
    throw new CommandError(`cannot open the database: ${(error as Error).message}`);
  }
  try {
    return await work(new ComplianceService(services));
  } finally {
    await services.close();
  }
}
