/** /api/compliance: registers (AI systems, incidents), generated reports (Art. 30, DPIA), dashboards. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { aiSystemRegister } from '../compliance/ai-register.ts';
import { toCsv } from '../compliance/csv.ts';
import { dashboardData, dashboardTables } from '../compliance/dashboards.ts';
import { IncidentInputError, incidentInputSchema, incidentUpdateSchema } from '../compliance/incidents.ts';
import { markdownToPdf } from '../compliance/pdf-writer.ts';
import { dpiaMarkdown, recordsOfProcessingMarkdown } from '../compliance/reports.ts';
import { complianceActorOf, type ComplianceRouteOptions } from './compliance-routes.ts';
import { ApiProblem, notFound } from './problems.ts';

const formatQuery = z.object({ format: z.enum(['json', 'csv', 'md', 'pdf']).optional() });
const periodQuery = z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() });

function sendDocument(reply: FastifyReply, markdown: string, title: string, fileName: string, format: string | undefined) {
  if (format === 'pdf') {
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}.pdf"`).send(markdownToPdf(markdown, { title }));
  }
  return reply.type('text/markdown; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}.md"`).send(markdown);
}

/** A CSV table as a download (every console table has one). */
export function sendCsv(reply: FastifyReply, fileName: string, header: string[], rows: (string | number | boolean | null | undefined)[][]) {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}.csv"`).send(toCsv(header, rows));
}

export async function complianceReportRoutes(app: FastifyInstance, { compliance }: ComplianceRouteOptions): Promise<void> {
  // rempart.yaml with the providers and models in service now (administrators' included).
  const config = () => ({ ...compliance.services.config, ...compliance.services.catalogue.sections() });

  app.get('/registers/ai-systems', { config: { action: 'compliance:view' } }, async (request, reply) => {
    const items = aiSystemRegister(config());
    if (formatQuery.parse(request.query).format === 'csv') {
      return sendCsv(reply, 'rempart-ai-systems', ['model', 'provider', 'provider_type', 'location', 'purpose', 'transfer_basis', 'no_training', 'provider_retention_days', 'contract', 'risk_class', 'use_cases', 'annex_iii', 'warnings'], items.map((item) => [item.model, item.provider, item.providerType, item.location, item.purpose, item.transferBasis, item.noTraining, item.providerRetentionDays, item.contract, item.riskClass, item.useCases.join('; '), item.annexIii.map((hit) => hit.point).join(' '), item.warnings.join(' ')]));
    }
    return { items };
  });

  app.get('/reports/records-of-processing', { config: { action: 'compliance:view' } }, async (request, reply) =>
    sendDocument(reply, recordsOfProcessingMarkdown(config()), 'Record of processing activities (GDPR Art. 30)', 'rempart-records-of-processing', formatQuery.parse(request.query).format),
  );
  app.get('/reports/dpia', { config: { action: 'compliance:view' } }, async (request, reply) =>
    sendDocument(reply, dpiaMarkdown(config()), 'DPIA draft (GDPR Art. 35)', 'rempart-dpia-draft', formatQuery.parse(request.query).format),
  );

  app.get('/incidents', { config: { action: 'compliance:incidents' } }, async (request, reply) => {
    const items = await compliance.incidents.list();
    if (formatQuery.parse(request.query).format === 'csv') {
      return sendCsv(reply, 'rempart-incidents', ['id', 'title', 'status', 'aware_at', 'personal_data_breach', 'gdpr_deadline', 'authority_notified_at', 'ai_serious_incident', 'ai_act_deadline', 'ai_reported_at', 'concern_id'], items.map((item) => [item.id, item.title, item.status, item.awareAt, item.personalDataBreach, item.gdprClock?.deadline, item.authorityNotifiedAt, item.aiSeriousIncident, item.aiActClock?.deadline, item.aiReportedAt, item.concernId]));
    }
    return { items };
  });
  app.get('/incidents/concerns', { config: { action: 'compliance:incidents' } }, async () => ({ items: await compliance.incidents.openConcerns() }));
  app.post('/incidents', { config: { action: 'compliance:incidents' } }, async (request, reply) => {
    const body = incidentInputSchema.parse(request.body);
    const actor = complianceActorOf(request);
    try {
      const incident = await compliance.incidents.create(body, actor.userId);
      await compliance.services.auditLog.append({ kind: 'admin', userId: actor.userId, details: { action: 'incident.create', incident: incident.id, personalDataBreach: incident.personalDataBreach, aiSeriousIncident: incident.aiSeriousIncident } });
      return reply.code(201).send(incident);
    } catch (error) {
      if (error instanceof IncidentInputError) throw new ApiProblem(400, 'VALIDATION_FAILED', error.message);
      throw error;
    }
  });
  app.patch('/incidents/:id', { config: { action: 'compliance:incidents' } }, async (request) => {
    const { id } = z.object({ id: z.uuid() }).parse(request.params);
    const updated = await compliance.incidents.update(id, incidentUpdateSchema.parse(request.body));
    if (!updated) throw notFound('This incident');
    await compliance.services.auditLog.append({ kind: 'admin', userId: complianceActorOf(request).userId, details: { action: 'incident.update', incident: id, status: updated.status } });
    return updated;
  });

  app.get('/dashboard', { config: { action: 'compliance:view' } }, async (request) => {
    const query = periodQuery.parse(request.query);
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 86_400_000);
    return dashboardData(compliance.services.db, { from, to });
  });
  app.get('/dashboard/:table', { config: { action: 'compliance:view' } }, async (request, reply) => {
    const { table } = z.object({ table: z.string().regex(/^[a-z-]+\.csv$/) }).parse(request.params);
    const query = periodQuery.parse(request.query);
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 86_400_000);
    const tables = dashboardTables(await dashboardData(compliance.services.db, { from, to }));
    const chosen = tables[table.replace(/\.csv$/, '')];
    if (!chosen) throw notFound('This table');
    return sendCsv(reply, `rempart-${table.replace(/\.csv$/, '')}`, chosen.header, chosen.rows);
  });
}
