/** `rempart purge`: the retention purge now (the same job the server runs on its timer). */
import type { Command } from 'commander';
import { PurgeBusyError } from '@rempart/server';
import { z } from 'zod';
import { CommandError, configOption, parseOptions, runAction } from './cli-context.ts';
import { withCompliance } from './compliance-services.ts';

const optionsSchema = z.object({ json: z.boolean().default(false), config: z.string().optional() });

export function registerPurgeCommand(program: Command): void {
  program
    .command('purge')
    .description('Delete what has outlived its retention period (conversations, vaults, documents, audit metadata); resumes an interrupted purge.')
    .option('--json', 'print the run as JSON')
    .option(...configOption)
    .addHelpText('after', '\nRetention comes from rempart.yaml (compliance.retention). Exit codes: 0 done; 1 failed or another purge is running; 2 bad usage.')
    .action((rawOptions: unknown) =>
      runAction('purge', async () => {
        const options = parseOptions(optionsSchema, rawOptions);
        await withCompliance(options.config, async (compliance) => {
          let run;
          try {
            run = await compliance.purge('cli');
          } catch (error) {
            if (error instanceof PurgeBusyError) throw new CommandError(error.message);
            throw error;
          }
          if (options.json) {
            process.stdout.write(JSON.stringify(run) + '\n');
            return;
          }
          const deleted = Object.entries(run.progress).map(([step, progress]) => `${step} ${progress?.deleted ?? 0}`);
          process.stdout.write(`Purge ${run.resumed ? 'resumed and ' : ''}done (run ${run.id}): deleted ${deleted.join(', ')}.\n`);
        });
      }),
    );
}
