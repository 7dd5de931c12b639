/** The usage charter (AI Act Art. 4): read, accept; administrators publish new versions. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { usageGatesOf } from '../commands/usage-gates.ts';
import { charterSatisfied } from '../policies/api-actor.ts';
import type { ApiContext } from './context.ts';
import { ApiProblem, conflict } from './problems.ts';
import { actorOf } from './route-policy.ts';

const acceptBody = z.object({ version: z.number().int().positive() }).strict();
const publishBody = z.object({ contentMarkdown: z.string().trim().min(1).max(100_000) }).strict();

interface CharterRow {
  version: number;
  content_markdown: string;
  created_at: Date;
}

export async function charterRoutes(app: FastifyInstance, { context }: { context: ApiContext }): Promise<void> {
  const { db } = context.services;

  const current = async (): Promise<CharterRow | undefined> =>
    (await db.query<CharterRow>('SELECT version, content_markdown, created_at FROM charter_versions ORDER BY version DESC LIMIT 1')).rows[0];

  app.get('/charter', { config: { action: 'charter:read' } }, async (request) => {
    const actor = actorOf(request);
    const row = await current();
    return {
      current: row ? { version: row.version, contentMarkdown: row.content_markdown, createdAt: new Date(row.created_at).toISOString() } : null,
      acceptedVersion: actor.charter.acceptedVersion,
      mustAccept: !charterSatisfied(actor),
    };
  });

  app.post('/charter/accept', { config: { action: 'charter:accept' } }, async (request) => {
    const actor = actorOf(request);
    const { version } = acceptBody.parse(request.body);
    const row = await current();
    if (!row) throw new ApiProblem(404, 'NO_CHARTER', 'No usage charter has been published: there is nothing to accept.');
    if (row.version !== version) {
      throw conflict('CHARTER_VERSION_OUTDATED', `Version ${version} is not the current charter (version ${row.version}): read the current one and accept it.`, { currentVersion: row.version });
    }
    await db.query('INSERT INTO charter_acceptances (user_id, version) VALUES ($1, $2) ON CONFLICT DO NOTHING', [actor.userId, version]);
    usageGatesOf(context.services).forget(actor.userId); // /v1 admits them at once on this instance
    return { acceptedVersion: version };
  });

  app.post('/admin/charter', { config: { action: 'charter:publish' } }, async (request, reply) => {
    const actor = actorOf(request);
    const { contentMarkdown } = publishBody.parse(request.body);
    // The next number, computed in the insert: two concurrent edits cannot share a version (primary key).
    const result = await db.query<CharterRow>(
      `INSERT INTO charter_versions (version, content_markdown, created_by)
       SELECT COALESCE(max(version), 0) + 1, $1, $2 FROM charter_versions
       RETURNING version, content_markdown, created_at`,
      [contentMarkdown, actor.userId],
    );
    const row = result.rows[0]!;
    await context.auditChange(request, 'charter.published', { version: row.version });
    await context.services.settingsChanges.notify(); // /v1 asks everyone for the new version at once on this instance
    return reply.code(201).send({ version: row.version, contentMarkdown: row.content_markdown, createdAt: new Date(row.created_at).toISOString() });
  });

  app.get('/admin/charter/acceptances', { config: { action: 'compliance:read' } }, async () => {
    const row = await current();
    const result = await db.query<{ id: string; email: string; version: number | null; accepted_at: Date | null }>(
      `SELECT u.id, u.email, a.version, a.accepted_at FROM users u
         LEFT JOIN LATERAL (SELECT version, accepted_at FROM charter_acceptances WHERE user_id = u.id ORDER BY version DESC LIMIT 1) a ON true
        WHERE u.disabled_at IS NULL ORDER BY u.email`,
    );
    return {
      currentVersion: row?.version ?? null,
      items: result.rows.map((item) => ({
        user: { id: item.id, email: item.email },
        acceptedVersion: item.version,
        acceptedAt: item.accepted_at ? new Date(item.accepted_at).toISOString() : null,
      })),
    };
  });
}
