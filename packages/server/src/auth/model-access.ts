import type { Actor } from './actor.ts';

export interface ModelAccessSettings {
  /** Group name → models its members may use ("*" = all). */
  groups: Record<string, { models: string[] }>;
  /** Models for users in no configured group ("*" = all). */
  defaultModels: string[];
}

/**
 * Which models an actor may use: the union of the allow-lists of their configured groups
 * (or the default list when none of their groups is configured), intersected with the API
 * key's own restriction. One function, so /v1/models and the chat route agree.
 */
export function createModelAccess(settings: ModelAccessSettings) {
  const allowListsOf = (actor: Actor): string[][] => {
    const lists = actor.groups.flatMap((group) => {
      const configured = settings.groups[group];
      return configured ? [configured.models] : [];
    });
    return lists.length > 0 ? lists : [settings.defaultModels];
  };

  const mayUse = (actor: Actor, model: string): boolean => {
    const byGroups = allowListsOf(actor).some((models) => models.includes('*') || models.includes(model));
    const byKey = actor.keyAllowedModels === undefined || actor.keyAllowedModels.includes(model);
    return byGroups && byKey;
  };

  return {
    mayUse,
    /** The subset of `models` the actor may use, in the given order. */
    filter: (actor: Actor, models: readonly string[]): string[] => models.filter((model) => mayUse(actor, model)),
  };
}

export type ModelAccess = ReturnType<typeof createModelAccess>;
