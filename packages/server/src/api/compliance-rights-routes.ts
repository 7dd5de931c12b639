/** /api/compliance/rights/*: people's rights requests (GDPR Art. 15, 17, 20). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { toCsv } from '../compliance/csv.ts';
import { personDataCsv, personDataJson } from '../compliance/rights/person-export.ts';
import { personDataCounts } from '../compliance/rights/person-search.ts';
import { RIGHTS_KINDS } from '../compliance/rights/rights-requests.ts';
import { complianceActorOf, type ComplianceRouteOptions } from './compliance-routes.ts';
import { ApiProblem, notFound } from './problems.ts';

const createBody = z
  .object({
    kind: z.enum(RIGHTS_KINDS),
    subjectEmail: z.email().max(320),
    identifiers: z.array(z.string().trim().min(3).max(200)).max(20).default([]),
    receivedAt: z.iso.datetime({ offset: true }).optional(),
    notes: z.string().max(2000).optional(),
  })
  .strict();
const idParams = z.object({ id: z.uuid() });
const closeBody = z.object({ status: z.enum(['completed', 'rejected']), notes: z.string().max(2000).optional() }).strict();
const exportQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

export async function complianceRightsRoutes(app: FastifyInstance, { compliance }: ComplianceRouteOptions): Promise<void> {
  const { rights } = compliance;
  const load = async (id: string) => {
    const request = await rights.get(id);
    if (!request) throw notFound('This request');
    return request;
  };

  app.get('/rights', { config: { action: 'compliance:rights' } }, async (request, reply) => {
    const items = await rights.list();
    if ((request.query as { format?: string }).format === 'csv') {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="rempart-rights-requests.csv"')
        .send(toCsv(['id', 'kind', 'status', 'received_at', 'due_at', 'completed_at', 'days_left', 'overdue'], items.map((item) => [item.id, item.kind, item.status, item.receivedAt, item.dueAt, item.completedAt, item.daysLeft, item.overdue])));
    }
    return { items };
  });
  app.post('/rights', { config: { action: 'compliance:rights' } }, async (request, reply) => {
    const body = createBody.parse(request.body);
    const created = await rights.create({ kind: body.kind, subjectEmail: body.subjectEmail, identifiers: body.identifiers, ...(body.receivedAt ? { receivedAt: new Date(body.receivedAt) } : {}), ...(body.notes ? { notes: body.notes } : {}) }, complianceActorOf(request).userId);
    return reply.code(201).send(created);
  });
  app.get('/rights/:id', { config: { action: 'compliance:rights' } }, async (request) => load(idParams.parse(request.params).id));

  /** What was found, per store (counts) and in full. */
  app.post('/rights/:id/search', { config: { action: 'compliance:rights' } }, async (request) => {
    const found = await rights.search(await load(idParams.parse(request.params).id), complianceActorOf(request).userId);
    return { counts: personDataCounts(found), data: found };
  });
  app.get('/rights/:id/export', { config: { action: 'compliance:rights' } }, async (request, reply) => {
    const rightsRequest = await load(idParams.parse(request.params).id);
    const { format } = exportQuery.parse(request.query);
    const found = await rights.search(rightsRequest, complianceActorOf(request).userId);
    const name = `rempart-person-data-${rightsRequest.id.slice(0, 8)}`;
    return format === 'csv'
      ? reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(personDataCsv(found))
      : reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="${name}.json"`).send(personDataJson(found));
  });
  app.post('/rights/:id/erase', { config: { action: 'compliance:rights' } }, async (request) => {
    const rightsRequest = await load(idParams.parse(request.params).id);
    if (rightsRequest.kind !== 'erasure') throw new ApiProblem(409, 'NOT_AN_ERASURE_REQUEST', 'Only an erasure request erases data; register one (kind "erasure").');
    if (rightsRequest.status !== 'open') throw new ApiProblem(409, 'REQUEST_CLOSED', 'This request is already closed.');
    return rights.erase(rightsRequest, complianceActorOf(request).userId);
  });
  app.post('/rights/:id/close', { config: { action: 'compliance:rights' } }, async (request) => {
    const rightsRequest = await load(idParams.parse(request.params).id);
    const body = closeBody.parse(request.body);
    return rights.close(rightsRequest.id, body.status, rightsRequest.result ?? {}, complianceActorOf(request).userId, body.notes);
  });
}
