/** `rempart users add|list`: people who may use Rempart. */
import type { Command } from 'commander';
import { AuditLog, createUser, listUsers, UserInputError } from '@rempart/server';
import { z } from 'zod';
import { CommandError, commaList, configOption, EXIT_USAGE, parseOptions, runAction, withDatabase } from './cli-context.ts';

const addOptionsSchema = z.object({
  email: z.email('must be an e-mail address'),
  name: z.string().trim().min(1).optional(),
  role: z.enum(['user', 'admin', 'dpo']).default('user'),
  groups: commaList.optional(),
  config: z.string().optional(),
});

const listOptionsSchema = z.object({ json: z.boolean().default(false), config: z.string().optional() });

export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('Manage the people who may use Rempart.');

  users
    .command('add')
    .description('Create a user (then give them a key with `rempart keys create --user EMAIL`).')
    .requiredOption('--email <email>', 'e-mail address (the login, unique)')
    .option('--name <name>', 'display name')
    .option('--role <role>', 'user, admin or dpo', 'user')
    .option('--groups <a,b>', 'comma-separated group names (model allow-lists are set per group in rempart.yaml)')
    .option(...configOption)
    .addHelpText('after', '\nExample:\n  rempart users add --email marie@example.fr --name "Marie" --groups legal,finance')
    .action((rawOptions: unknown) =>
      runAction('users add', async () => {
        const options = parseOptions(addOptionsSchema, rawOptions);
        await withDatabase(options.config, async (db) => {
          try {
            const user = await createUser(db, {
              email: options.email,
              displayName: options.name,
              role: options.role,
              groups: options.groups,
            });
            await new AuditLog(db).append({
              kind: 'admin',
              userId: user.id,
              details: { action: 'user.created', via: 'cli', role: user.role, groups: user.groups },
            });
            process.stdout.write(
              `Created ${user.role} ${user.email} (id ${user.id})${user.groups.length > 0 ? ` in groups ${user.groups.join(', ')}` : ''}\n`,
            );
          } catch (error) {
            if (error instanceof UserInputError) throw new CommandError(error.message, EXIT_USAGE);
            throw error;
          }
        });
      }),
    );

  users
    .command('list')
    .description('List users, their role and groups.')
    .option('--json', 'one JSON array instead of a table')
    .option(...configOption)
    .action((rawOptions: unknown) =>
      runAction('users list', async () => {
        const options = parseOptions(listOptionsSchema, rawOptions);
        await withDatabase(options.config, async (db) => {
          const all = await listUsers(db);
          if (options.json) {
            process.stdout.write(JSON.stringify(all) + '\n');
            return;
          }
          for (const user of all) {
            process.stdout.write(
              `${user.email}\t${user.role}\t${user.groups.join(',') || '-'}\t${user.disabledAt ? 'disabled' : 'active'}\t${user.id}\n`,
            );
          }
        });
      }),
    );
}
