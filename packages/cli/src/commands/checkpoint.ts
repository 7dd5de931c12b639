/** `rempart checkpoint`: sign the audit chain head now; print the public key; verify chain and checkpoints. */
import type { Command } from 'commander';
import { z } from 'zod';
import { configOption, EXIT_FAILURE, parseOptions, runAction } from './cli-context.ts';
import { withCompliance } from './compliance-services.ts';

const optionsSchema = z.object({ json: z.boolean().default(false), config: z.string().optional() });

export function registerCheckpointCommand(program: Command): void {
  const checkpoint = program.command('checkpoint').description('Signed (Ed25519) checkpoints of the audit chain.');

  checkpoint
    .command('create', { isDefault: true })
    .description('Sign the current chain head (the server also does it once a day).')
    .option('--json', 'print the checkpoint as JSON')
    .option(...configOption)
    .action((rawOptions: unknown) =>
      runAction('checkpoint create', async () => {
        const options = parseOptions(optionsSchema, rawOptions);
        await withCompliance(options.config, async (compliance) => {
          const created = (await compliance.checkpoint('on_demand'))!;
          if (options.json) process.stdout.write(JSON.stringify(created) + '\n');
          else process.stdout.write(`Checkpoint ${created.id}: row ${created.lastId}, hash ${created.lastHash}, key ${created.keyId}\n`);
        });
      }),
    );

  checkpoint
    .command('public-key')
    .description('Print the public key (PEM) that verifies checkpoints, to give to auditors.')
    .option(...configOption)
    .action((rawOptions: unknown) =>
      runAction('checkpoint public-key', async () => {
        const options = parseOptions(optionsSchema, rawOptions);
        await withCompliance(options.config, async (compliance) => {
          process.stdout.write(compliance.signingKey.publicKeyPem);
        });
      }),
    );

  checkpoint
    .command('verify')
    .description('Verify the chain from the purge anchor and every signed checkpoint.')
    .option('--json', 'print the verification as JSON')
    .option(...configOption)
    .addHelpText('after', '\nExit codes: 0 intact; 1 broken; 2 bad usage.')
    .action((rawOptions: unknown) =>
      runAction('checkpoint verify', async () => {
        const options = parseOptions(optionsSchema, rawOptions);
        await withCompliance(options.config, async (compliance) => {
          const verification = await compliance.verify();
          if (options.json) process.stdout.write(JSON.stringify(verification) + '\n');
          else if (verification.ok) {
            process.stdout.write(`Audit trail intact: ${verification.checkedRows} records from anchor ${verification.anchor.anchorId}, ${verification.checkpoints.checked} signed checkpoints\n`);
          } else {
            process.stdout.write(`Audit trail BROKEN at ${verification.firstBrokenLink?.rowId}: ${verification.firstBrokenLink?.reason}\n`);
          }
          if (!verification.ok) process.exitCode = EXIT_FAILURE;
        });
      }),
    );
}
