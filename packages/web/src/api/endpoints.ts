/** One function per /api route the UI uses (docs/api.md), typed. */
import { api, ApiError, problemFrom, requestHeaders, type Problem } from './http.ts';
import { readServerSentEvents } from './sse.ts';
import type {
  ApiKey,
  AttemptResult,
  Charter,
  CharterAcceptances,
  Citation,
  DocumentInfo,
  Concern,
  ConcernCategory,
  Conversation,
  FeedbackRating,
  Group,
  Items,
  LoginResult,
  Message,
  ModelInfo,
  Passage,
  PolicyInfo,
  CatalogueModel,
  CatalogueProvider,
  ConnectionTest,
  ProvidersInfo,
  Quotas,
  QuotasInfo,
  SessionInfo,
  TrainingModule,
  TrainingModuleSummary,
  TrainingReportRow,
  User,
} from './types.ts';

const id = encodeURIComponent;

export const authApi = {
  session: () => api.get<SessionInfo>('/api/auth/session'),
  login: (email: string, password: string) => api.post<LoginResult>('/api/auth/login', { email, password }),
  verifyMfa: (code: string) => api.post<LoginResult>('/api/auth/mfa', { code }),
  logout: () => api.post<void>('/api/auth/logout'),
  setupStatus: () => api.get<{ setupRequired: boolean }>('/api/setup'),
  setup: (body: { token: string; email: string; password: string; displayName?: string }) => api.post<{ user: User }>('/api/setup', body),
  oidcLoginUrl: (returnTo: string) => `/api/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`,
};

export const meApi = {
  update: (body: { displayName?: string }) => api.patch<User>('/api/me', body),
  changePassword: (currentPassword: string, newPassword: string) => api.post<void>('/api/me/password', { currentPassword, newPassword }),
  enrolMfa: () => api.post<{ secret: string; otpauthUri: string }>('/api/me/mfa/enrol'),
  confirmMfa: (code: string) => api.post<{ mfa: 'verified'; csrfToken: string }>('/api/me/mfa/confirm', { code }),
  apiKeys: () => api.get<Items<ApiKey>>('/api/me/api-keys'),
  createApiKey: (body: { name: string; expiresAt?: string }) => api.post<{ key: string; apiKey: ApiKey }>('/api/me/api-keys', body),
  revokeApiKey: (keyId: string) => api.delete<ApiKey>(`/api/me/api-keys/${id(keyId)}`),
};

export const modelsApi = { list: () => api.get<Items<ModelInfo>>('/api/models') };

export const charterApi = {
  get: () => api.get<Charter>('/api/charter'),
  accept: (version: number) => api.post<{ acceptedVersion: number }>('/api/charter/accept', { version }),
};

export const trainingApi = {
  modules: () => api.get<Items<TrainingModuleSummary>>('/api/training/modules'),
  module: (moduleId: string) => api.get<TrainingModule>(`/api/training/modules/${id(moduleId)}`),
  attempt: (moduleId: string, answers: Record<string, number>) =>
    api.post<AttemptResult>(`/api/training/modules/${id(moduleId)}/attempts`, { answers }),
};

export const conversationsApi = {
  list: (query?: string) => api.get<Items<Conversation>>(`/api/conversations${query ? `?q=${encodeURIComponent(query)}` : ''}`),
  create: (body: { title?: string; model?: string }) => api.post<Conversation>('/api/conversations', body),
  get: (conversationId: string) => api.get<{ conversation: Conversation; messages: Message[] }>(`/api/conversations/${id(conversationId)}`),
  update: (conversationId: string, body: { title?: string; model?: string }) => api.patch<Conversation>(`/api/conversations/${id(conversationId)}`, body),
  remove: (conversationId: string) => api.delete<void>(`/api/conversations/${id(conversationId)}`),
  feedback: (conversationId: string, messageId: string, rating: FeedbackRating, comment?: string) =>
    api.post<{ rating: FeedbackRating; comment: string | null; createdAt: string }>(
      `/api/conversations/${id(conversationId)}/messages/${id(messageId)}/feedback`,
      { rating, comment },
    ),
};

/** Upload is in api/upload.ts (XMLHttpRequest, for its progress events). */
export const documentsApi = {
  list: (limit = 200) => api.get<{ documents: DocumentInfo[] }>(`/api/documents?limit=${limit}`),
  get: (documentId: string) => api.get<{ document: DocumentInfo }>(`/api/documents/${id(documentId)}`),
  remove: (documentId: string) => api.delete<void>(`/api/documents/${id(documentId)}`),
  passage: (documentId: string, chunkId: string) =>
    api.get<{ passage: Passage }>(`/api/documents/${id(documentId)}/passages/${id(chunkId)}`),
  downloadUrl: (documentId: string) => `/api/documents/${id(documentId)}/download`,
};

export const concernsApi = {
  report: (body: { description: string; conversationId?: string; messageId?: string; category?: ConcernCategory }) =>
    api.post<Concern>('/api/concerns', body),
  list: (status: 'open' | 'closed') => api.get<Items<Concern>>(`/api/concerns?status=${status}`),
  update: (concernId: string, body: { status: 'open' | 'closed'; resolution?: string }) => api.patch<Concern>(`/api/concerns/${id(concernId)}`, body),
};

export const adminApi = {
  users: () => api.get<Items<User>>('/api/admin/users'),
  createUser: (body: { email: string; displayName?: string; role?: string; groups?: string[]; password?: string }) => api.post<User>('/api/admin/users', body),
  updateUser: (userId: string, body: { displayName?: string; role?: string; groups?: string[]; disabled?: boolean }) =>
    api.patch<User>(`/api/admin/users/${id(userId)}`, body),
  resetMfa: (userId: string) => api.post<User>(`/api/admin/users/${id(userId)}/reset-mfa`),
  groups: () => api.get<Items<Group>>('/api/admin/groups'),
  createGroup: (name: string) => api.post<Group>('/api/admin/groups', { name }),
  deleteGroup: (groupId: string) => api.delete<void>(`/api/admin/groups/${id(groupId)}`),
  setGroupModels: (groupId: string, models: string[] | null) => api.put<Group>(`/api/admin/groups/${id(groupId)}/models`, { models }),
  apiKeys: () => api.get<Items<ApiKey & { userId: string; userEmail: string }>>('/api/admin/api-keys'),
  revokeApiKey: (keyId: string) => api.delete<ApiKey>(`/api/admin/api-keys/${id(keyId)}`),
  providers: () => api.get<ProvidersInfo>('/api/admin/providers'),
  createProvider: (body: Record<string, unknown>) => api.post<CatalogueProvider>('/api/admin/providers', body),
  updateProvider: (name: string, body: Record<string, unknown>) => api.patch<CatalogueProvider>(`/api/admin/providers/${id(name)}`, body),
  deleteProvider: (name: string) => api.delete<void>(`/api/admin/providers/${id(name)}`),
  testProvider: (name: string) => api.post<ConnectionTest>(`/api/admin/providers/${id(name)}/test`),
  createModel: (body: Record<string, unknown>) => api.post<CatalogueModel>('/api/admin/models', body),
  updateModel: (name: string, body: Record<string, unknown>) => api.patch<CatalogueModel>(`/api/admin/models/${id(name)}`, body),
  deleteModel: (name: string) => api.delete<void>(`/api/admin/models/${id(name)}`),
  policy: () => api.get<PolicyInfo>('/api/admin/policy'),
  savePolicy: (policy: unknown) => api.put<PolicyInfo>('/api/admin/policy', { policy }),
  quotas: () => api.get<QuotasInfo>('/api/admin/quotas'),
  saveQuotas: (quotas: Quotas) => api.put<QuotasInfo>('/api/admin/quotas', quotas),
  publishCharter: (contentMarkdown: string) => api.post<{ version: number }>('/api/admin/charter', { contentMarkdown }),
  charterAcceptances: () => api.get<CharterAcceptances>('/api/admin/charter/acceptances'),
  createModule: (body: TrainingModuleInput) => api.post<TrainingModule>('/api/admin/training/modules', body),
  updateModule: (moduleId: string, body: TrainingModuleInput) => api.put<TrainingModule>(`/api/admin/training/modules/${id(moduleId)}`, body),
  deleteModule: (moduleId: string) => api.delete<void>(`/api/admin/training/modules/${id(moduleId)}`),
  trainingReport: () => api.get<Items<TrainingReportRow>>('/api/admin/training/report'),
};

export interface TrainingModuleInput {
  title: string;
  summary?: string;
  contentMarkdown: string;
  passScore: number;
  questions: { prompt: string; choices: string[]; answer: number }[];
  requiredFor?: string[];
}

/** What the chat does with each event of an answer stream. */
export interface AnswerStreamHandlers {
  onMessages(messages: { userMessage: Message; assistantMessage: Message }): void;
  onDelta(content: string): void;
  /** The passages the answer is given from (sent before the first delta when documents are used). */
  onCitations?(citations: Citation[]): void;
  onDone(messages: { userMessage: Message; assistantMessage: Message }): void;
  onError(problem: Problem): void;
}

/**
 * Sends a message (or asks to regenerate) and follows the answer stream. Errors before the
 * stream starts (blocked, charter, training…) throw an ApiError; aborting `signal` stops the
 * answer on the server too (it sees the connection close).
 */
export async function streamAnswer(
  path: string,
  body: unknown,
  handlers: AnswerStreamHandlers,
  signal: AbortSignal,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { ...requestHeaders('POST', true), accept: 'text/event-stream' },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR' });
  }
  if (!response.ok || !response.body) throw new ApiError(await problemFrom(response));
  try {
    for await (const event of readServerSentEvents(response.body)) {
      const data: unknown = JSON.parse(event.data);
      switch (event.event) {
        case 'message':
          handlers.onMessages(data as { userMessage: Message; assistantMessage: Message });
          break;
        case 'delta':
          handlers.onDelta((data as { content: string }).content);
          break;
        case 'citations': {
          const citations = (data as { citations?: unknown }).citations;
          handlers.onCitations?.(Array.isArray(citations) ? (citations as Citation[]) : []);
          break;
        }
        case 'done':
          handlers.onDone(data as { userMessage: Message; assistantMessage: Message });
          break;
        case 'error':
          handlers.onError((data as { problem: Problem }).problem);
          break;
      }
    }
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return;
    if (signal.aborted) return;
    handlers.onError({ status: 0, code: 'NETWORK_ERROR' });
  }
}

export const sendMessagePath = (conversationId: string) => `/api/conversations/${id(conversationId)}/messages`;
export const regeneratePath = (conversationId: string) => `/api/conversations/${id(conversationId)}/regenerate`;
