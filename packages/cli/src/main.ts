/** The `rempart` command: one entry, one file per subcommand. */
import { Command } from 'commander';
import { registerScanCommand } from './commands/scan.ts';

const program = new Command('rempart')
  .description('Rempart: use generative AI without anything sensitive leaving.')
  .showHelpAfterError()
  .exitOverride((error) => {
    // Commander's own usage errors (unknown option, missing argument): exit code 2 like ours.
    process.exit(error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0 ? 0 : 2);
  });

registerScanCommand(program);
// `scan` needs only the shield: it must start fast (one process per file in scripts) and work
// without the server's dependencies. The server's commands are loaded for everything else.
if (process.argv[2] !== 'scan') {
  const [serve, users, keys, audit] = await Promise.all([
    import('./commands/serve.ts'),
    import('./commands/users.ts'),
    import('./commands/keys.ts'),
    import('./commands/audit.ts'),
  ]);
  serve.registerServeCommand(program);
  users.registerUsersCommand(program);
  keys.registerKeysCommand(program);
  audit.registerAuditCommand(program);
  (await import('./commands/purge.ts')).registerPurgeCommand(program);
  (await import('./commands/checkpoint.ts')).registerCheckpointCommand(program);
  (await import('./commands/dsar.ts')).registerDsarCommand(program);
}

await program.parseAsync(process.argv);
