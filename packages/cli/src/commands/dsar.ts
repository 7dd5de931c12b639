/** `rempart dsar`: people's rights requests (GDPR Art. 15, 17, 20) from the command line. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { CommandError, configOption, EXIT_USAGE, parseOptions, runAction } from './cli-context.ts';
import { withCompliance } from './compliance-services.ts';
import type { ComplianceService } from '@rempart/server';

const createSchema = z.object({
  kind: z.enum(['access', 'erasure', 'portability']),
  email: z.email(),
  identifier: z.array(z.string().min(3)).default([]),
  config: z.string().optional(),
  json: z.boolean().default(false),
});
const listSchema = z.object({ config: z.string().optional(), json: z.boolean().default(false) });
const exportSchema = z.object({ format: z.enum(['json', 'csv']).default('json'), out: z.string().optional(), config: z.string().optional() });
const eraseSchema = z.object({ yes: z.boolean().default(false), config: z.string().optional(), json: z.boolean().default(false) });

const collect = (value: string, previous: string[] = []) => [...previous, value];

async function requestOrFail(compliance: ComplianceService, id: string) {
  const request = await compliance.rights.get(id);
  if (!request) throw new CommandError(`no rights request ${id}`);
  return request;
}

export function registerDsarCommand(program: Command): void {
  const dsar = program.command('dsar').description("People's rights requests: access, erasure, portability (one-month deadline).");

  dsar
    .command('create')
    .description('Register a request (the deadline is one month after --received, default now).')
    .requiredOption('--kind <kind>', 'access | erasure | portability')
    .requiredOption('--email <email>', "the person's e-mail")
    .option('--identifier <text>', 'another identifier to look for (name, employee number…); repeatable', collect)
    .option('--json', 'print as JSON')
    .option(...configOption)
    .action((rawOptions: unknown) =>
      runAction('dsar create', async () => {
        const options = parseOptions(createSchema, rawOptions);
        await withCompliance(options.config, async (compliance) => {
          const created = await compliance.rights.create({ kind: options.kind, subjectEmail: options.email, identifiers: options.identifier }, undefined);
          process.stdout.write(options.json ? JSON.stringify(created) + '\n' : `Request ${created.id} (${created.kind}) registered; due ${created.dueAt}\n`);
        });
      }),
    );

  dsar
    .command('list')
    .description('Requests, open ones first, with days left.')
    .option('--json', 'print as JSON')
    .option(...configOption)
    .action((rawOptions: unknown) =>
      runAction('dsar list', async () => {
        const options = parseOptions(listSchema, rawOptions);
        await withCompliance(options.config, async (compliance) => {
          const items = await compliance.rights.list();
          if (options.json) process.stdout.write(JSON.stringify(items) + '\n');
          else for (const item of items) process.stdout.write(`${item.id}  ${item.kind.padEnd(11)} ${item.status.padEnd(9)} due ${item.dueAt.slice(0, 10)}${item.overdue ? '  OVERDUE' : item.daysLeft !== null ? `  ${item.daysLeft} days left` : ''}\n`);
        });
      }),
    );

  dsar
    .command('export <id>')
    .description("Everything held about the request's subject, as JSON or CSV.")
    .option('--format <format>', 'json | csv', 'json')
    .option('--out <file>', 'write to this file (default: standard output)')
    .option(...configOption)
    .action((id: string, rawOptions: unknown) =>
      runAction('dsar export', async () => {
        const options = parseOptions(exportSchema, rawOptions);
        await withCompliance(options.config, async (compliance) => {
          const found = await compliance.rights.search(await requestOrFail(compliance, id), undefined);
          const text = compliance.personDataExport(found, options.format);
          if (options.out) writeFileSync(options.out, text, { mode: 0o600 });
          else process.stdout.write(text + (text.endsWith('\n') ? '' : '\n'));
        });
      }),
    );

  dsar
    .command('erase <id>')
    .description("Erase the request's subject everywhere (account, conversations, documents and search index, vault entries).")
    .option('--yes', 'confirm: this cannot be undone')
    .option('--json', 'print the result as JSON')
    .option(...configOption)
    .action((id: string, rawOptions: unknown) =>
      runAction('dsar erase', async () => {
        const options = parseOptions(eraseSchema, rawOptions);
        if (!options.yes) throw new CommandError('erasure cannot be undone: add --yes to confirm', EXIT_USAGE);
        await withCompliance(options.config, async (compliance) => {
          const request = await requestOrFail(compliance, id);
          if (request.kind !== 'erasure') throw new CommandError(`request ${id} is a${request.kind === 'access' ? 'n' : ''} ${request.kind} request, not an erasure`);
          const { erasure } = await compliance.rights.erase(request, undefined);
          process.stdout.write(options.json ? JSON.stringify(erasure) + '\n' : `Erased: account ${erasure.accountDeleted ? 'deleted' : 'none'}, ${erasure.vaultEntriesRemoved} vault entries, ${erasure.messagesRedacted} messages and ${erasure.passagesRedacted} document passages redacted${erasure.originalFilesToReview.length > 0 ? `; review these original files by hand: ${erasure.originalFilesToReview.join(', ')}` : ''}\n`);
        });
      }),
    );
}

