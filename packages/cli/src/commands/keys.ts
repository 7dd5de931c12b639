/** `rempart keys create|list|revoke`: API keys for the OpenAI-compatible gateway. */
import type { Command } from 'commander';
import {
  ApiKeyInputError,
  AuditLog,
  createApiKey,
  findUserByEmail,
  listApiKeys,
  revokeApiKey,
  type ApiKeyInfo,
} from '@rempart/server';
import { z } from 'zod';
import { CommandError, commaList, configOption, EXIT_USAGE, parseOptions, runAction, withDatabase } from './cli-context.ts';

const createOptionsSchema = z.object({
  user: z.email('must be the e-mail address of an existing user'),
  name: z.string().trim().min(1).default('default'),
  expires: z.coerce.number().int('must be a whole number of days').positive('must be a positive number of days').max(3650).optional(),
  models: commaList.optional(),
  config: z.string().optional(),
});

const listOptionsSchema = z.object({
  user: z.email().optional(),
  json: z.boolean().default(false),
  config: z.string().optional(),
});

const revokeOptionsSchema = z.object({ config: z.string().optional() });

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('Manage API keys (Authorization: Bearer rk_…).');

  keys
    .command('create')
    .description('Create an API key for a user and print it — once: only its hash is stored.')
    .requiredOption('--user <email>', "the key owner's e-mail")
    .option('--name <name>', 'a label to recognise the key by', 'default')
    .option('--expires <days>', 'expire after this many days (default: never)')
    .option('--models <a,b>', "restrict the key to these models (within the owner's group allow-lists)")
    .option(...configOption)
    .addHelpText(
      'after',
      '\nThe key is printed alone on standard output, so it can be captured:\n  KEY=$(rempart keys create --user marie@example.fr --name ide --expires 90)',
    )
    .action((rawOptions: unknown) =>
      runAction('keys create', async () => {
        const options = parseOptions(createOptionsSchema, rawOptions);
        await withDatabase(options.config, async (db) => {
          const owner = await findUserByEmail(db, options.user);
          if (!owner) throw new CommandError(`no user has the e-mail ${options.user} (create one with \`rempart users add\`)`);
          const { key, info } = await createApiKey(db, {
            userId: owner.id,
            name: options.name,
            expiresAt: options.expires ? new Date(Date.now() + options.expires * 86_400_000) : undefined,
            allowedModels: options.models,
          });
          await new AuditLog(db).append({
            kind: 'admin',
            userId: owner.id,
            apiKeyId: info.id,
            details: {
              action: 'api_key.created',
              via: 'cli',
              prefix: info.prefix,
              expiresAt: info.expiresAt?.toISOString() ?? null,
              allowedModels: info.allowedModels,
            },
          });
          process.stdout.write(`${key}\n`);
          process.stderr.write(
            `Created key ${info.prefix}… "${info.name}" for ${owner.email} (id ${info.id})` +
              `${info.expiresAt ? `, expires ${info.expiresAt.toISOString()}` : ''}` +
              `${info.allowedModels ? `, models: ${info.allowedModels.join(', ')}` : ''}. ` +
              'Copy it now: it will not be shown again.\n',
          );
        });
      }),
    );

  keys
    .command('list')
    .description('List API keys (prefix, owner, status) — never the keys themselves.')
    .option('--user <email>', "only this user's keys")
    .option('--json', 'one JSON array instead of a table')
    .option(...configOption)
    .action((rawOptions: unknown) =>
      runAction('keys list', async () => {
        const options = parseOptions(listOptionsSchema, rawOptions);
        await withDatabase(options.config, async (db) => {
          const all = await listApiKeys(db, { userEmail: options.user });
          if (options.json) {
            process.stdout.write(JSON.stringify(all.map((info) => ({ ...info, status: statusOf(info) }))) + '\n');
            return;
          }
          if (all.length === 0) process.stderr.write('No API keys.\n');
          for (const info of all) {
            process.stdout.write(
              [
                info.id,
                `${info.prefix}…`,
                info.userEmail,
                info.name,
                statusOf(info),
                info.expiresAt ? `expires ${info.expiresAt.toISOString()}` : 'no expiry',
                info.allowedModels ? `models ${info.allowedModels.join(',')}` : 'all models',
                info.lastUsedAt ? `last used ${info.lastUsedAt.toISOString()}` : 'never used',
              ].join('\t') + '\n',
            );
          }
        });
      }),
    );

  keys
    .command('revoke')
    .description('Revoke an API key at once (by id or by the prefix shown in `keys list`).')
    .argument('<id-or-prefix>', 'the key id, or its prefix such as rk_AbCdEfGh')
    .option(...configOption)
    .action((idOrPrefix: string, rawOptions: unknown) =>
      runAction('keys revoke', async () => {
        const options = parseOptions(revokeOptionsSchema, rawOptions);
        await withDatabase(options.config, async (db) => {
          let info: ApiKeyInfo;
          try {
            info = await revokeApiKey(db, idOrPrefix.replace(/…$/, ''));
          } catch (error) {
            if (error instanceof ApiKeyInputError) throw new CommandError(error.message, EXIT_USAGE);
            throw error;
          }
          await new AuditLog(db).append({
            kind: 'admin',
            userId: info.userId,
            apiKeyId: info.id,
            details: { action: 'api_key.revoked', via: 'cli', prefix: info.prefix },
          });
          process.stdout.write(`Revoked ${info.prefix}… "${info.name}" of ${info.userEmail} (id ${info.id})\n`);
        });
      }),
    );
}

function statusOf(info: ApiKeyInfo): 'revoked' | 'expired' | 'active' {
  if (info.revokedAt) return 'revoked';
  if (info.expiresAt && info.expiresAt.getTime() <= Date.now()) return 'expired';
  return 'active';
}
