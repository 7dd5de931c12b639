/**
 * The ways forward after a refused message, from the server's suggestions: ask again without
 * the documents (their passages held the blocked content), remove it from the message, or switch
 * to a model where it may go (only models the user may use now).
 */
import type { BlockedDetails, ModelInfo } from '../api/types.ts';

export interface BlockedAdvice {
  withoutDocuments: boolean;
  remove: boolean;
  models: { model: string; location: NonNullable<BlockedDetails['destination']> }[];
}

export function blockedAdvice(details: BlockedDetails, models: ModelInfo[]): BlockedAdvice {
  const suggestions = Array.isArray(details.suggestions) ? details.suggestions : [];
  const withoutDocuments = suggestions.some((suggestion) => suggestion.action === 'without_documents');
  return {
    withoutDocuments,
    // Without documents in play the message itself is the cause (and a server that suggests nothing meant that too).
    remove: !withoutDocuments || suggestions.some((suggestion) => suggestion.action === 'remove'),
    models: suggestions.flatMap((suggestion) =>
      suggestion.action === 'use_model' && models.some((model) => model.id === suggestion.model && model.available)
        ? [{ model: suggestion.model, location: suggestion.location }]
        : [],
    ),
  };
}
