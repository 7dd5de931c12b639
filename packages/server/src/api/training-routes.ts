/**
 * Training modules (AI Act Art. 4): Markdown content and a quiz whose answers never leave the
 * server; attempts are scored here, the best one kept. Administrators write modules and may
 * require one before some models can be used.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { usageGatesOf } from '../commands/usage-gates.ts';
import type { ApiContext } from './context.ts';
import { notFound } from './problems.ts';
import { actorOf } from './route-policy.ts';

interface StoredQuestion {
  id: string;
  prompt: string;
  choices: string[];
  answer: number;
}

interface ModuleRow {
  id: string;
  title: string;
  summary: string;
  content_markdown: string;
  questions: StoredQuestion[] | string;
  pass_score: number;
  required_for: string[];
  created_at: Date;
  updated_at: Date;
}

const moduleBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    summary: z.string().trim().max(1_000).default(''),
    contentMarkdown: z.string().trim().min(1).max(200_000),
    passScore: z.number().min(0).max(1).default(0.8),
    questions: z
      .array(
        z
          .object({
            prompt: z.string().trim().min(1).max(2_000),
            choices: z.array(z.string().trim().min(1).max(500)).min(2).max(10),
            answer: z.number().int().min(0),
          })
          .strict()
          .refine((question) => question.answer < question.choices.length, { message: 'answer must be the index of one of the choices', path: ['answer'] }),
      )
      .min(1)
      .max(50),
    requiredFor: z.array(z.string().min(1).max(200)).max(100).default([]),
  })
  .strict();
const attemptBody = z.object({ answers: z.record(z.string(), z.number().int().min(0)) }).strict();
const idParams = z.object({ id: z.string().max(64) });
const isUuid = (value: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

const questionsOf = (row: ModuleRow): StoredQuestion[] => (typeof row.questions === 'string' ? JSON.parse(row.questions) : row.questions);

export async function trainingRoutes(app: FastifyInstance, { context }: { context: ApiContext }): Promise<void> {
  const { db } = context.services;
  const columns = 'id, title, summary, content_markdown, questions, pass_score, required_for, created_at, updated_at';

  async function findModule(id: string): Promise<ModuleRow> {
    const row = isUuid(id) ? (await db.query<ModuleRow>(`SELECT ${columns} FROM training_modules WHERE id = $1`, [id])).rows[0] : undefined;
    if (!row) throw notFound('This training module');
    return row;
  }

  const presentForAdmin = (row: ModuleRow) => ({
    id: row.id,
    title: row.title,
    summary: row.summary,
    contentMarkdown: row.content_markdown,
    passScore: row.pass_score,
    questions: questionsOf(row),
    requiredFor: row.required_for,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  });

  app.get('/training/modules', { config: { action: 'training:list' } }, async (request) => {
    const actor = actorOf(request);
    const result = await db.query<ModuleRow & { score: number | null; passed: boolean | null; completed_at: Date | null }>(
      `SELECT t.id, t.title, t.summary, t.content_markdown, t.questions, t.pass_score, t.required_for, t.created_at, t.updated_at,
              c.score, c.passed, c.completed_at
         FROM training_modules t LEFT JOIN training_completions c ON c.module_id = t.id AND c.user_id = $1
        ORDER BY t.created_at`,
      [actor.userId],
    );
    return {
      items: result.rows.map((row) => ({
        id: row.id,
        title: row.title,
        summary: row.summary,
        questionCount: questionsOf(row).length,
        passScore: row.pass_score,
        requiredFor: row.required_for,
        completed: row.completed_at ? { score: row.score, passed: row.passed, completedAt: new Date(row.completed_at).toISOString() } : null,
      })),
    };
  });

  app.get('/training/modules/:id', { config: { action: 'training:read' } }, async (request) => {
    const row = await findModule(idParams.parse(request.params).id);
    return {
      id: row.id,
      title: row.title,
      summary: row.summary,
      contentMarkdown: row.content_markdown,
      passScore: row.pass_score,
      // The answers stay on the server.
      questions: questionsOf(row).map((question) => ({ id: question.id, prompt: question.prompt, choices: question.choices })),
    };
  });

  app.post('/training/modules/:id/attempts', { config: { action: 'training:attempt' } }, async (request) => {
    const actor = actorOf(request);
    const row = await findModule(idParams.parse(request.params).id);
    const { answers } = attemptBody.parse(request.body);
    const questions = questionsOf(row);
    const results = questions.map((question) => ({ questionId: question.id, correct: answers[question.id] === question.answer }));
    const score = results.filter((result) => result.correct).length / questions.length;
    const passed = score >= row.pass_score;
    await db.query(
      `INSERT INTO training_completions (user_id, module_id, score, passed) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, module_id) DO UPDATE SET score = EXCLUDED.score, passed = EXCLUDED.passed, completed_at = now()
        WHERE EXCLUDED.score > training_completions.score`,
      [actor.userId, row.id, score, passed],
    );
    usageGatesOf(context.services).forget(actor.userId); // /v1 sees the result at once on this instance
    return { score, passed, results };
  });

  app.post('/admin/training/modules', { config: { action: 'training:manage' } }, async (request, reply) => {
    const body = moduleBody.parse(request.body);
    const questions = body.questions.map((question) => ({ id: randomUUID(), ...question }));
    const result = await db.query<ModuleRow>(
      `INSERT INTO training_modules (id, title, summary, content_markdown, questions, pass_score, required_for)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${columns}`,
      [randomUUID(), body.title, body.summary, body.contentMarkdown, JSON.stringify(questions), body.passScore, body.requiredFor],
    );
    const row = result.rows[0]!;
    await context.auditChange(request, 'training.module_created', { moduleId: row.id, requiredFor: row.required_for });
    await context.services.settingsChanges.notify(); // models' training requirements on /v1
    return reply.code(201).send(presentForAdmin(row));
  });

  app.put('/admin/training/modules/:id', { config: { action: 'training:manage' } }, async (request) => {
    const existing = await findModule(idParams.parse(request.params).id);
    const body = moduleBody.parse(request.body);
    // Editing the quiz invalidates earlier results only if the questions changed; keep it simple: new ids per save.
    const questions = body.questions.map((question) => ({ id: randomUUID(), ...question }));
    const result = await db.query<ModuleRow>(
      `UPDATE training_modules SET title = $2, summary = $3, content_markdown = $4, questions = $5, pass_score = $6, required_for = $7, updated_at = now()
        WHERE id = $1 RETURNING ${columns}`,
      [existing.id, body.title, body.summary, body.contentMarkdown, JSON.stringify(questions), body.passScore, body.requiredFor],
    );
    await context.auditChange(request, 'training.module_updated', { moduleId: existing.id, requiredFor: body.requiredFor });
    await context.services.settingsChanges.notify(); // models' training requirements on /v1
    return presentForAdmin(result.rows[0]!);
  });

  app.delete('/admin/training/modules/:id', { config: { action: 'training:manage' } }, async (request, reply) => {
    const existing = await findModule(idParams.parse(request.params).id);
    await db.query('DELETE FROM training_modules WHERE id = $1', [existing.id]);
    await context.auditChange(request, 'training.module_deleted', { moduleId: existing.id });
    await context.services.settingsChanges.notify(); // models' training requirements on /v1
    return reply.code(204).send();
  });

  app.get('/admin/training/report', { config: { action: 'compliance:read' } }, async () => {
    const result = await db.query<{ user_id: string; email: string; module_id: string; title: string; score: number; passed: boolean; completed_at: Date }>(
      `SELECT c.user_id, u.email, c.module_id, t.title, c.score, c.passed, c.completed_at
         FROM training_completions c JOIN users u ON u.id = c.user_id JOIN training_modules t ON t.id = c.module_id
        ORDER BY u.email, t.created_at`,
    );
    return {
      items: result.rows.map((row) => ({
        user: { id: row.user_id, email: row.email },
        moduleId: row.module_id,
        moduleTitle: row.title,
        score: row.score,
        passed: row.passed,
        completedAt: new Date(row.completed_at).toISOString(),
      })),
    };
  });

}
