/**
 * Which models a request may go to, in order: the requested one, or — when routing rules
 * forbid its location for the entity types found — the rules' fallback models; then the
 * model's configured fallbacks. Every candidate must be allowed for the caller and sit in a
 * location every matching rule allows. Pure: no I/O, decided before anything leaves.
 */
import type { EntityType } from '@rempart/shield';
import type { Location, RoutingRule } from '../providers/config-schema.ts';
import type { ModelRegistry, ModelRoute } from '../providers/registry.ts';

export type RoutePlan =
  | { ok: true; candidates: ModelRoute[]; rerouted: boolean }
  | { ok: false; matchedTypes: EntityType[]; allowedLocations: Location[] };

export function planRoute(
  requested: ModelRoute,
  typesFound: ReadonlySet<EntityType>,
  rules: readonly RoutingRule[],
  registry: ModelRegistry,
  mayUse: (model: string) => boolean,
): RoutePlan {
  const matching = typesFound.size === 0 ? [] : rules.filter((rule) => rule.when.types.some((type) => typesFound.has(type)));
  const locationAllowed = (location: Location): boolean => matching.every((rule) => rule.allowLocations.includes(location));

  const ordered: ModelRoute[] = [];
  const seen = new Set<string>();
  const consider = (route: ModelRoute | undefined, checkAccess: boolean): void => {
    if (!route || seen.has(route.name)) return;
    seen.add(route.name);
    if (!locationAllowed(route.location)) return;
    if (checkAccess && !mayUse(route.name)) return;
    ordered.push(route);
  };

  const rerouted = !locationAllowed(requested.location);
  if (rerouted) {
    for (const rule of matching) if (rule.fallbackModel) consider(registry.get(rule.fallbackModel), true);
  } else {
    consider(requested, false); // access to the requested model was checked already
  }
  for (const fallback of requested.fallbacks) consider(registry.get(fallback), true);

  if (ordered.length === 0) {
    const matchedTypes = [...new Set(matching.flatMap((rule) => rule.when.types.filter((type) => typesFound.has(type))))];
    const allowedLocations = (['on-premise', 'eu', 'non-eu'] as const).filter(locationAllowed);
    return { ok: false, matchedTypes, allowedLocations };
  }
  return { ok: true, candidates: ordered, rerouted };
}
