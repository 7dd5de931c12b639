/** The models the caller may use, with their location and any training still required. */
import type { FastifyInstance } from 'fastify';
import { usableModels } from '../commands/model-catalogue.ts';
import type { ApiContext } from './context.ts';
import { actorOf } from './route-policy.ts';

export async function modelRoutes(app: FastifyInstance, { context }: { context: ApiContext }): Promise<void> {
  app.get('/models', { config: { action: 'model:list' } }, async (request) => {
    const models = await usableModels(context.services.db, context.services.catalogue, context.settings, actorOf(request));
    return {
      items: models.map((model) => ({
        id: model.id,
        provider: model.provider,
        location: model.location,
        description: model.description,
        available: model.available,
        requiredTraining: model.requiredTraining,
      })),
    };
  });
}
