/**
 * What every /api plugin receives: the server's services plus the workspace's own stores,
 * built once when the API plugin is registered.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditDetails } from '../audit/record.ts';
import type { DocumentsModule } from '../documents/documents-module.ts';
import type { ApiActor } from '../policies/api-actor.ts';
import type { ServerServices } from '../services.ts';
import { authConfigOf, type AuthConfig } from '../sessions/auth-config.ts';
import { CredentialStore } from '../sessions/credentials.ts';
import { LoginThrottle } from '../sessions/login-throttle.ts';
import { SessionStore } from '../sessions/session-store.ts';
import { WorkspaceChat } from '../commands/workspace-chat.ts';
import { WorkspaceSettings } from '../commands/workspace-settings.ts';

export interface ApiContext {
  services: ServerServices;
  auth: AuthConfig;
  sessions: SessionStore;
  credentials: CredentialStore;
  throttle: LoginThrottle;
  settings: WorkspaceSettings;
  /** The gateway's chat pipeline, for the workspace's messages. */
  chat: WorkspaceChat;
  /** Process environment (bootstrap password); tests pass their own. */
  environment: Record<string, string | undefined>;
  /** Appends an 'admin' record to the audit chain for a change made through the API. */
  auditChange(request: FastifyRequest, action: string, details?: AuditDetails): Promise<void>;
}

/** `documents`: the documents module, for the chat with documents (absent → `useDocuments` fails closed). */
export function createApiContext(services: ServerServices, environment: Record<string, string | undefined>, documents?: DocumentsModule): ApiContext {
  const auth = authConfigOf(services.config);
  return {
    services,
    auth,
    environment,
    sessions: new SessionStore(services.db, {
      idleMs: auth.session.idleMinutes * 60_000,
      absoluteMs: auth.session.absoluteHours * 3_600_000,
    }),
    credentials: new CredentialStore(services.db, services.secretKey),
    throttle: new LoginThrottle(services.db, auth.loginLimits),
    settings: new WorkspaceSettings(services.db, services.config),
    chat: new WorkspaceChat(services, documents),
    async auditChange(request, action, details = {}) {
      const actor: ApiActor | undefined = request.apiActor;
      await services.auditLog.append({
        kind: 'admin',
        requestId: request.id,
        ...(actor ? { userId: actor.userId } : {}),
        ...(actor?.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}),
        details: { action, via: 'api', ...details },
      });
    },
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the API plugin's authentication hook; undefined = anonymous. */
    apiActor: ApiActor | undefined;
  }
  interface FastifyContextConfig {
    /** The policy action every /api route declares (see policies/authorize.ts). */
    action?: import('../policies/authorize.ts').Action;
  }
}
