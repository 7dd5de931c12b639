/**
 * `rempart audit verify`: checks the hash chain of the audit trail, from the retention purge's
 * anchor when old rows were purged (`rempart checkpoint verify` also checks the signed checkpoints).
 */
import type { Command } from 'commander';
import { verifyAuditChain } from '@rempart/server';
import { z } from 'zod';
import { configOption, EXIT_FAILURE, parseOptions, runAction, withDatabase } from './cli-context.ts';

const verifyOptionsSchema = z.object({ json: z.boolean().default(false), config: z.string().optional() });

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('The tamper-evident audit trail.');

  audit
    .command('verify')
    .description('Recompute the hash chain (from the retention purge anchor, if any) and report the first broken link (row id and reason).')
    .option('--json', 'print {"ok","checkedRows","lastHash","firstBrokenLink","purgedThrough"} as JSON')
    .option(...configOption)
    .addHelpText('after', '\nExit codes: 0 the chain is intact; 1 it is broken (or could not be read); 2 bad usage.')
    .action((rawOptions: unknown) =>
      runAction('audit verify', async () => {
        const options = parseOptions(verifyOptionsSchema, rawOptions);
        await withDatabase(options.config, async (db) => {
          const verification = await verifyAuditChain(db);
          const purged =
            verification.purgedThrough === undefined
              ? ''
              : ` after the retention purge anchor (rows 1…${verification.purgedThrough} purged)`;
          if (options.json) {
            process.stdout.write(JSON.stringify(verification) + '\n');
          } else if (verification.ok) {
            process.stdout.write(`Audit chain intact: ${verification.checkedRows} records${purged}, last hash ${verification.lastHash}\n`);
          } else {
            const link = verification.firstBrokenLink!;
            process.stdout.write(
              `Audit chain BROKEN at row ${link.rowId}: ${link.reason} (${verification.checkedRows} records verified before it${purged})\n`,
            );
          }
          if (!verification.ok) process.exitCode = EXIT_FAILURE;
        });
      }),
    );
}
