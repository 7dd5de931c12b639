/**
 * The models a person may use in the workspace: those in service (rempart.yaml's and the
 * administrators', or the built-in offline one), filtered by group allow-lists (with administrators' overrides) and the API
 * key's restriction, each marked with the training modules still required for it.
 */
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/database.ts';
import type { CatalogueModel, LiveCatalogue } from './live-catalogue.ts';
import type { WorkspaceSettings } from './workspace-settings.ts';

export type { CatalogueModel } from './live-catalogue.ts';

/** The models in service (rempart.yaml's and the administrators'), or the built-in offline one. */
export function servedModels(catalogue: Pick<LiveCatalogue, 'view'>): CatalogueModel[] {
  return catalogue.view().models.filter((model) => model.problem === null);
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

export async function usableModels(db: Database, catalogue: Pick<LiveCatalogue, 'view'>, settings: WorkspaceSettings, actor: Actor): Promise<UsableModel[]> {
  const access = await settings.modelAccess();
  const missing = await missingTraining(db, actor.userId);
  return servedModels(catalogue)
    .filter((model) => access.mayUse(actor, model.id))
    .map((model) => {
      const requiredTraining = missing.get(model.id) ?? [];
      return { ...model, available: requiredTraining.length === 0, requiredTraining };
    });
}
