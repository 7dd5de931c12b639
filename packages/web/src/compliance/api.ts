/** Calls to /api/compliance (docs/compliance.md) and the shapes they return. */
import { api, ApiError, problemFrom, requestHeaders } from '../api/http.ts';

export const BASE = '/api/compliance';

export interface CountByKey { key: string; count: number }

export interface Verification {
  ok: boolean;
  checkedRows: number;
  lastHash: string;
  firstBrokenLink?: { rowId: number; reason: string };
  anchor: { anchorId: number; anchorHash: string };
  checkpoints: { checked: number; foreignKeyIds: string[] };
  verifiedAt: string;
}

export interface AuditSummary {
  total: number;
  byKind: CountByKey[];
  byModel: CountByKey[];
  byLocation: CountByKey[];
  byDecision: CountByKey[];
  entitiesByType: CountByKey[];
}

export interface AuditRecordView {
  id: number;
  createdAt: string;
  kind: string;
  model: string | null;
  provider: string | null;
  location: string | null;
  categories: string[];
  decision: string | null;
  refersTo: number | null;
  userId?: string | null;
  userEmail?: string | null;
  hash: string;
}

export interface CheckpointView { id: number; kind: string; day: string | null; lastId: number; lastHash: string; keyId: string; createdAt: string }
export interface Alert { id: string; kind: string; actorEmail: string | null; summary: string; acknowledgedAt: string | null; createdAt: string }
export interface AccessEntry { id: string; readerEmail: string | null; reason: string; createdAt: string }

export interface Dashboard {
  from: string;
  to: string;
  requestsPerDay: { day: string; forwarded: number; blocked: number; failed: number }[];
  entitiesByType: { type: string; count: number }[];
  blockedByReason: { reason: string; count: number }[];
  requestsByLocation: { location: string; count: number }[];
  charter: { currentVersion: number | null; activeUsers: number; accepted: number };
  training: { moduleId: string; title: string; activeUsers: number; passed: number }[];
}

export type RightsKind = 'access' | 'erasure' | 'portability';
export interface RightsRequest {
  id: string;
  kind: RightsKind;
  status: 'open' | 'completed' | 'rejected';
  subjectEmail: string;
  identifiers: string[];
  receivedAt: string;
  dueAt: string;
  completedAt: string | null;
  daysLeft: number | null;
  overdue: boolean;
}
export interface ErasureResult { accountDeleted: boolean; vaultEntriesRemoved: number; messagesRedacted: number; passagesRedacted: number; originalFilesToReview: string[] }

export interface AiSystem {
  model: string;
  provider: string;
  location: string;
  purpose: string;
  transferBasis?: string;
  noTraining: boolean;
  providerRetentionDays?: number;
  contract?: string;
  riskClass: string;
  useCases: string[];
  annexIii: { useCase: string; point: string; title: string }[];
  warnings: string[];
}

export interface Clock { deadline: string; hoursLeft: number | null; done: boolean; late: boolean }
export interface Incident {
  id: string;
  title: string;
  description: string;
  personalDataBreach: boolean;
  aiSeriousIncident: 'standard' | 'death' | 'widespread' | null;
  status: 'open' | 'notified' | 'closed';
  awareAt: string;
  gdprClock: Clock | null;
  aiActClock: Clock | null;
}
export interface PendingConcern { id: string; category: string; description: string; createdAt: string }

export interface PurgeRun { id: string; trigger: string; status: string; progress: Record<string, { deleted: number; done: boolean }>; startedAt: string; finishedAt: string | null }
export interface RetentionInfo {
  retention: { conversationDays: number; documentDays: number | null; auditMonths: number };
  runs: PurgeRun[];
}

export type AuditFilters = Partial<Record<'kind' | 'model' | 'provider' | 'location' | 'category' | 'decision' | 'from' | 'to', string>>;

export function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * The CSV download of each console table (server-side, like every other export: the session
 * cookie authenticates the GET; the server writes only what the table shows).
 */
export const csvUrls = {
  auditSummary: (filters: AuditFilters) => `${BASE}/audit/summary${query({ ...filters, format: 'csv' })}`,
  auditRecords: (filters: AuditFilters) => `${BASE}/audit/records${query({ ...filters, format: 'csv', limit: '1000' })}`,
  checkpoints: () => `${BASE}/audit/checkpoints?format=csv`,
  alerts: () => `${BASE}/alerts?format=csv`,
  accessLog: () => `${BASE}/audit/access-log?format=csv`,
  retention: () => `${BASE}/retention?format=csv`,
  purgeRuns: () => `${BASE}/retention/runs?format=csv`,
};

export const complianceApi = {
  verify: () => api.get<Verification>(`${BASE}/audit/verify`),
  summary: (filters: AuditFilters) => api.get<AuditSummary>(`${BASE}/audit/summary${query(filters)}`),
  records: (filters: AuditFilters) => api.get<{ items: AuditRecordView[] }>(`${BASE}/audit/records${query({ ...filters, limit: '50' })}`),
  trail: (body: { filters: AuditFilters & { userId?: string }; reason: string }) => api.post<{ items: AuditRecordView[] }>(`${BASE}/audit/trails`, body),
  checkpoints: () => api.get<{ keyId: string; items: CheckpointView[] }>(`${BASE}/audit/checkpoints`),
  createCheckpoint: () => api.post<CheckpointView>(`${BASE}/audit/checkpoints`),
  alerts: () => api.get<{ items: Alert[] }>(`${BASE}/alerts`),
  acknowledge: (id: string) => api.post<Alert>(`${BASE}/alerts/${id}/acknowledge`),
  accessLog: () => api.get<{ items: AccessEntry[] }>(`${BASE}/audit/access-log`),
  dashboard: (from?: string, to?: string) => api.get<Dashboard>(`${BASE}/dashboard${query({ from, to })}`),
  rights: () => api.get<{ items: RightsRequest[] }>(`${BASE}/rights`),
  createRights: (body: { kind: RightsKind; subjectEmail: string; identifiers: string[] }) => api.post<RightsRequest>(`${BASE}/rights`, body),
  searchRights: (id: string) => api.post<{ counts: Record<string, number> }>(`${BASE}/rights/${id}/search`),
  eraseRights: (id: string) => api.post<{ erasure: ErasureResult }>(`${BASE}/rights/${id}/erase`),
  closeRights: (id: string) => api.post<RightsRequest>(`${BASE}/rights/${id}/close`, { status: 'completed' }),
  aiSystems: () => api.get<{ items: AiSystem[] }>(`${BASE}/registers/ai-systems`),
  incidents: () => api.get<{ items: Incident[] }>(`${BASE}/incidents`),
  pendingConcerns: () => api.get<{ items: PendingConcern[] }>(`${BASE}/incidents/concerns`),
  createIncident: (body: { title: string; description: string; personalDataBreach: boolean; aiSeriousIncident: Incident['aiSeriousIncident']; awareAt?: string; concernId?: string }) =>
    api.post<Incident>(`${BASE}/incidents`, body),
  updateIncident: (id: string, body: { status?: Incident['status']; authorityNotifiedAt?: string; aiReportedAt?: string }) => api.patch<Incident>(`${BASE}/incidents/${id}`, body),
  retention: () => api.get<RetentionInfo>(`${BASE}/retention`),
  purge: () => api.post<PurgeRun>(`${BASE}/retention/purge`),
};

/** Downloads a POST answer (the audit export) as a file. */
export async function downloadPost(path: string, body: unknown, fallbackName: string): Promise<void> {
  const response = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: requestHeaders('POST', true), body: JSON.stringify(body) });
  if (!response.ok) throw new ApiError(await problemFrom(response));
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}
