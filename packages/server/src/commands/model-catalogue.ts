/**
 * The models a person may use in the workspace: the configured models (or the built-in
 * offline one), filtered by group allow-lists (with administrators' overrides) and the API
 * key's restriction, each marked with the training modules still required for it.
 */
import type { Actor } from '../auth/actor.ts';
import type { RempartConfig } from '../config/load-config.ts';
import type { Database } from '../db/database.ts';
import type { Location } from '../providers/config-schema.ts';
import { OFFLINE_MODEL } from '../providers/offline-adapter.ts';
import type { WorkspaceSettings } from './workspace-settings.ts';

export interface CatalogueModel {
  id: string;
  provider: string;
  location: Location;
  description: string | null;
  fallbacks: string[];
}

/** Every configured model with its provider's location (no secrets). */
export function configuredModels(config: RempartConfig): CatalogueModel[] {
  const entries = Object.entries(config.models);
  if (entries.length === 0) {
    return [{ id: OFFLINE_MODEL, provider: 'offline', location: 'on-premise', description: 'Built-in answer: no model is connected yet.', fallbacks: [] }];
  }
  return entries.map(([id, model]) => {
    const provider = config.providers[model.provider];
    return {
      id,
      provider: model.provider,
      location: provider?.location ?? 'on-premise',
      description: model.description ?? null,
      fallbacks: model.fallbacks,
    };
  });
}

export interface RequiredModule {
  id: string;
  title: string;
}

/** model → training modules the user has not passed yet, among those required for it. */
export async function missingTraining(db: Database, userId: string): Promise<Map<string, RequiredModule[]>> {
  const result = await db.query<{ id: string; title: string; required_for: string[] }>(
    `SELECT t.id, t.title, t.required_for FROM training_modules t
      WHERE cardinality(t.required_for) > 0
        AND NOT EXISTS (SELECT 1 FROM training_completions c WHERE c.module_id = t.id AND c.user_id = $1 AND c.passed)
      ORDER BY t.created_at`,
    [userId],
  );
  const missing = new Map<string, RequiredModule[]>();
  for (const row of result.rows) {
    for (const model of row.required_for) missing.set(model, [...(missing.get(model) ?? []), { id: row.id, title: row.title }]);
  }
  return missing;
}

export interface UsableModel extends CatalogueModel {
  /** False while required training is missing. */
  available: boolean;
  requiredTraining: RequiredModule[];
}

export async function usableModels(db: Database, config: RempartConfig, settings: WorkspaceSettings, actor: Actor): Promise<UsableModel[]> {
  const access = await settings.modelAccess();
  const missing = await missingTraining(db, actor.userId);
  return configuredModels(config)
    .filter((model) => access.mayUse(actor, model.id))
    .map((model) => {
      const requiredTraining = missing.get(model.id) ?? [];
      return { ...model, available: requiredTraining.length === 0, requiredTraining };
    });
}
