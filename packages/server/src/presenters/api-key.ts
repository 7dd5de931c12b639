import type { ApiKeyInfo } from '../auth/api-keys.ts';

export function presentApiKey(info: ApiKeyInfo) {
  return {
    id: info.id,
    name: info.name,
    prefix: info.prefix,
    allowedModels: info.allowedModels,
    expiresAt: info.expiresAt?.toISOString() ?? null,
    revokedAt: info.revokedAt?.toISOString() ?? null,
    createdAt: info.createdAt.toISOString(),
    lastUsedAt: info.lastUsedAt?.toISOString() ?? null,
  };
}

export function presentApiKeyWithOwner(info: ApiKeyInfo) {
  return { ...presentApiKey(info), userId: info.userId, userEmail: info.userEmail };
}
