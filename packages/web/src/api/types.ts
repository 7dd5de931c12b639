/** Shapes of the /api responses (docs/api.md), as the UI reads them. */
import type { Destination, EntityType } from '@rempart/shield';

export type Role = 'user' | 'admin' | 'dpo';
export type MfaState = 'not_enrolled' | 'pending' | 'verified';

export interface User {
  id: string;
  email: string;
  displayName: string | null;
  role: Role;
  groups: string[];
  createdAt: string;
  disabledAt: string | null;
  mfaEnabled: boolean;
  hasPassword: boolean;
  authSource: 'local' | 'oidc';
}

export interface CharterStatus {
  currentVersion: number | null;
  acceptedVersion: number | null;
  mustAccept: boolean;
}

export interface OidcInfo {
  enabled: boolean;
  label?: string;
}

export type SessionInfo =
  | {
      authenticated: true;
      method: 'session' | 'api_key';
      mfa: MfaState;
      csrfToken?: string;
      user: User;
      charter: CharterStatus;
      oidc?: OidcInfo;
      setupRequired: boolean;
    }
  | { authenticated: false; oidc?: OidcInfo; setupRequired: boolean };

export interface LoginResult {
  mfa: MfaState;
  csrfToken: string;
  user: User;
}

export interface ModelInfo {
  id: string;
  provider: string;
  location: Destination;
  available: boolean;
  requiredTraining: { id: string; title: string }[];
}

export interface Conversation {
  id: string;
  title: string | null;
  model: string | null;
  createdAt: string;
  updatedAt: string;
}

export type MessageStatus = 'complete' | 'streaming' | 'stopped' | 'failed' | 'blocked';
export type FeedbackRating = 'useful' | 'wrong' | 'harmful';

export interface Message {
  id: string;
  conversationId: string;
  role: 'user' | 'assistant';
  content: string;
  model: string | null;
  status: MessageStatus;
  protected: Partial<Record<EntityType, number>>;
  aiGenerated: boolean;
  feedback: { rating: FeedbackRating; comment: string | null } | null;
  createdAt: string;
  /** Passages the answer was given from ("Use my documents"); [] or absent when none. */
  citations?: Citation[];
}

/** A passage an answer cites (contract A): a link to it, never its text. */
export interface Citation {
  index: number;
  documentId: string;
  chunkId: string;
  title: string;
  page: number | null;
  link: string;
}

export interface Charter {
  current: { version: number; contentMarkdown: string; createdAt: string } | null;
  acceptedVersion: number | null;
  mustAccept: boolean;
}

export interface TrainingModuleSummary {
  id: string;
  title: string;
  summary: string | null;
  questionCount: number;
  passScore: number;
  completed: { score: number; passed: boolean; completedAt: string } | null;
  requiredFor: string[];
}

export interface TrainingModule {
  id: string;
  title: string;
  contentMarkdown: string;
  passScore: number;
  questions: { id: string; prompt: string; choices: string[] }[];
}

export interface AttemptResult {
  score: number;
  passed: boolean;
  results: { questionId: string; correct: boolean }[];
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  allowedModels: string[] | null;
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

export type ConcernCategory = 'privacy' | 'harmful_output' | 'misuse' | 'other';

export interface Concern {
  id: string;
  reporter: { id: string; email: string };
  category: ConcernCategory;
  description: string;
  conversationId: string | null;
  messageId: string | null;
  status: 'open' | 'closed';
  resolution: string | null;
  createdAt: string;
  handledBy: string | null;
  handledAt: string | null;
}

export interface Group {
  id: string;
  name: string;
  memberCount: number;
  models: string[] | null;
}

export type ProviderType = 'openai' | 'azure' | 'anthropic';
/** rempart.yaml's (read-only here), an administrator's, or the built-in offline model. */
export type CatalogueSource = 'config' | 'admin' | 'builtin';

/** A provider as administrators see it: whether a key is set, never the key. */
export interface CatalogueProvider {
  name: string;
  type: ProviderType | 'offline';
  location: Destination;
  baseUrl: string | null;
  source: CatalogueSource;
  apiKeySet: boolean;
  headerNames: string[];
  apiVersion?: string;
  anthropicVersion?: string;
  defaultMaxTokens?: number;
  /** Why it is not in service (null: in service). */
  problem: string | null;
  updatedAt: string | null;
}

export interface CatalogueModel {
  id: string;
  provider: string;
  location: Destination;
  description: string | null;
  fallbacks: string[];
  upstreamModel: string;
  source: CatalogueSource;
  problem: string | null;
  updatedAt: string | null;
}

export interface ProvidersInfo {
  providers: CatalogueProvider[];
  models: CatalogueModel[];
}

export interface ConnectionTest {
  ok: boolean;
  status: number | null;
  latencyMs: number | null;
  message: string;
}

export interface PolicyInfo {
  /** A shield policy object (validated by the shield's parsePolicy on both sides). */
  policy: unknown;
  source: 'config' | 'database';
  updatedAt: string | null;
}

/** null (or absent, from an older server) = no limit. */
export interface Limits {
  perKey?: number | null;
  perUser?: number | null;
}

export interface Quotas {
  requestsPerMinute: Limits;
  tokensPerDay: Limits;
}

export interface QuotasInfo extends Quotas {
  source?: 'config' | 'database';
  updatedAt?: string | null;
}

export type DocumentStatus = 'queued' | 'processing' | 'ready' | 'failed' | 'quarantined';

/** GET /api/documents/:id (docs/documents.md): never the content, never a detected value. */
export interface DocumentInfo {
  id: string;
  title: string;
  fileName: string | null;
  format: string;
  mediaType: string;
  sizeBytes: number;
  status: DocumentStatus;
  error: { code: string; detail: string } | null;
  pages: { total: number | null; processed: number };
  chunkCount: number;
  /** {ENTITY_TYPE: count} */
  sensitive: Record<string, number>;
  injection: { flagged: boolean; findings: { rule: string; chunk: number; page?: number }[] };
  groups: string[];
  mine: boolean;
  source: string;
  createdAt: string;
  updatedAt: string;
  links: { self: string; download: string };
}

export interface Passage {
  chunkId: string;
  documentId: string;
  title: string;
  text: string;
  page: number | null;
  heading: string | null;
  position: number;
}

export interface CharterAcceptances {
  currentVersion: number | null;
  items: { user: { id: string; email: string }; acceptedVersion: number; acceptedAt: string }[];
}

export interface TrainingReportRow {
  user: { id: string; email: string };
  moduleId: string;
  score: number;
  passed: boolean;
  completedAt: string;
}

/** `without_documents`: the passages found in the user's documents hold the blocked content (contract A). */
export type BlockedSuggestion =
  | { action: 'remove'; detail?: string }
  | { action: 'without_documents'; detail?: string }
  | { action: 'use_model'; model: string; location: Destination; detail?: string };

/** Extension members of a 422 SHIELD_BLOCKED problem. */
export interface BlockedDetails {
  blockedTypes: string[];
  destination?: Destination;
  suggestions?: BlockedSuggestion[];
}

export type Items<T> = { items: T[] };
