/** First start: the one-time setup link creates the first administrator. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { completeSetup, setupRequired, SetupError } from '../commands/first-start.ts';
import { presentUserById } from '../commands/user-lookup.ts';
import type { ApiContext } from './context.ts';
import { ApiProblem } from './problems.ts';

const setupBody = z
  .object({
    token: z.string().min(1).max(200),
    email: z.email().max(320),
    password: z.string().min(1).max(1024),
    displayName: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export async function setupRoutes(app: FastifyInstance, { context }: { context: ApiContext }): Promise<void> {
  const { db, auditLog } = context.services;

  app.get('/setup', { config: { action: 'setup:use' } }, async () => ({ setupRequired: await setupRequired(db) }));

  app.post('/setup', { config: { action: 'setup:use' } }, async (request, reply) => {
    const body = setupBody.parse(request.body);
    try {
      const user = await completeSetup(db, context.credentials, auditLog, body);
      return reply.code(201).send({ user: await presentUserById(db, context.credentials, user.id) });
    } catch (error) {
      if (error instanceof SetupError) {
        const status = error.code === 'SETUP_TOKEN_INVALID' ? 403 : error.code === 'SETUP_ALREADY_DONE' ? 409 : 400;
        throw new ApiProblem(status, error.code, `${error.message}.`);
      }
      throw error;
    }
  });
}
