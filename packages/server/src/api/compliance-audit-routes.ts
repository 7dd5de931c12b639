/** /api/compliance/audit/*: verification, aggregates, records, reasoned trails, checkpoints, exports. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditFiltersSchema, ReasonRequiredError } from '../compliance/audit-browse.ts';
import { VERIFY_SCRIPT, exportAuditPeriod } from '../compliance/audit-export.ts';
import { listCheckpoints } from '../compliance/checkpoints.ts';
import { toCsv } from '../compliance/csv.ts';
import { sendCsv } from './compliance-report-routes.ts';
import { complianceActorOf, type ComplianceRouteOptions } from './compliance-routes.ts';
import { ApiProblem } from './problems.ts';

const recordsQuery = auditFiltersSchema.omit({ userId: true }).extend({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  beforeId: z.coerce.number().int().min(1).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
const trailBody = z
  .object({
    filters: auditFiltersSchema.default({}),
    reason: z.string().trim().min(1).max(2000),
    limit: z.number().int().min(1).max(1000).default(200),
    beforeId: z.number().int().min(1).optional(),
  })
  .strict();
const csvQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });
const exportBody = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }), reason: z.string().trim().min(1).max(2000) })
  .strict();

function reasonProblem(error: unknown): never {
  if (error instanceof ReasonRequiredError) throw new ApiProblem(400, 'REASON_REQUIRED', error.message);
  throw error;
}

export async function complianceAuditRoutes(app: FastifyInstance, { compliance }: ComplianceRouteOptions): Promise<void> {
  app.get('/audit/verify', { config: { action: 'compliance:view' } }, async (request) => compliance.verifyAndAlert(complianceActorOf(request).userId));

  /** The aggregated view; CSV with ?format=csv (one row per count the console shows, the total first). */
  app.get('/audit/summary', { config: { action: 'compliance:view' } }, async (request, reply) => {
    const { format, ...filters } = auditFiltersSchema.omit({ userId: true }).extend(csvQuery.shape).parse(request.query);
    const summary = await compliance.browser.summary(filters);
    if (format === 'csv') {
      const tables = [
        ['kind', summary.byKind],
        ['model', summary.byModel],
        ['location', summary.byLocation],
        ['category', summary.entitiesByType],
        ['decision', summary.byDecision],
      ] as const;
      return sendCsv(reply, 'rempart-audit-summary', ['dimension', 'key', 'count'], [['total', 'all', summary.total], ...tables.flatMap(([dimension, rows]) => rows.map((row) => [dimension, row.key, row.count]))]);
    }
    return summary;
  });

  /** Records without who (no reason needed); CSV with ?format=csv. */
  app.get('/audit/records', { config: { action: 'compliance:view' } }, async (request, reply) => {
    const { limit, beforeId, format, ...filters } = recordsQuery.parse(request.query);
    const result = await compliance.browser.records(filters, { limit, ...(beforeId ? { beforeId } : {}) });
    if (format === 'csv') {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="rempart-audit-records.csv"')
        .send(toCsv(['id', 'created_at', 'kind', 'model', 'provider', 'location', 'categories', 'decision', 'refers_to', 'hash'], result.items.map((item) => [item.id, item.createdAt, item.kind, item.model, item.provider, item.location, item.categories.join(' '), item.decision, item.refersTo, item.hash])));
    }
    return result;
  });

  /** Individual trails (who did what): the reason is recorded and the DPO/admins alerted. */
  app.post('/audit/trails', { config: { action: 'compliance:trail' } }, async (request) => {
    const body = trailBody.parse(request.body);
    const actor = complianceActorOf(request);
    return compliance.browser
      .records(body.filters, { limit: body.limit, ...(body.beforeId ? { beforeId: body.beforeId } : {}), access: { readerId: actor.userId, reason: body.reason } })
      .catch(reasonProblem);
  });

  /** Who read individual trails and why; the CSV holds what the console shows (time, reader, reason), not the filters used. */
  app.get('/audit/access-log', { config: { action: 'compliance:view' } }, async (request, reply) => {
    const { format } = csvQuery.parse(request.query);
    const items = await compliance.browser.accessLog();
    if (format === 'csv') return sendCsv(reply, 'rempart-audit-access-log', ['created_at', 'reader_email', 'reason'], items.map((item) => [item.createdAt, item.readerEmail, item.reason]));
    return { items };
  });

  app.get('/audit/checkpoints', { config: { action: 'compliance:view' } }, async (request, reply) => {
    const { format } = csvQuery.parse(request.query);
    const items = (await listCheckpoints(compliance.services.db)).map(({ publicKeyPem: _publicKey, ...checkpoint }) => checkpoint);
    if (format === 'csv') {
      return sendCsv(reply, 'rempart-audit-checkpoints', ['id', 'created_at', 'kind', 'last_id', 'last_hash', 'key_id'], items.map((item) => [item.id, new Date(item.createdAt).toISOString(), item.kind, item.lastId, item.lastHash, item.keyId]));
    }
    return { keyId: compliance.signingKey.keyId, items };
  });
  app.post('/audit/checkpoints', { config: { action: 'compliance:checkpoint' } }, async (request, reply) => {
    const checkpoint = await compliance.checkpoint('on_demand', complianceActorOf(request).userId);
    return reply.code(201).send(checkpoint);
  });
  app.get('/audit/public-key', { config: { action: 'compliance:view' } }, async (_request, reply) =>
    reply.type('application/x-pem-file').header('content-disposition', 'attachment; filename="rempart-audit-public-key.pem"').send(compliance.signingKey.publicKeyPem),
  );
  app.get('/audit/verify-script', { config: { action: 'compliance:view' } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('content-disposition', 'attachment; filename="verify-audit-export.mjs"').send(VERIFY_SCRIPT),
  );

  /** A period's records as verifiable JSON lines (an export is a read of individual trails: reason + alert). */
  app.post('/audit/export', { config: { action: 'compliance:trail' } }, async (request, reply) => {
    const body = exportBody.parse(request.body);
    const actor = complianceActorOf(request);
    await compliance.browser.recordAccess({ readerId: actor.userId, reason: body.reason }, { export: { from: body.from, to: body.to } }, 'audit_export').catch(reasonProblem);
    const exported = await exportAuditPeriod(compliance.services.db, compliance.signingKey, { from: body.from, to: body.to });
    return reply
      .type('application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exported.fileName}"`)
      .header('x-rempart-records', String(exported.rowCount))
      .send(exported.jsonl);
  });
}
