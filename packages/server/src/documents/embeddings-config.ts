/**
 * `documents.embeddings.model` in rempart.yaml names one of the configured models; its
 * provider's OpenAI-compatible endpoint computes the vectors (after the shield, with the
 * policy of that provider's location). Only `openai`-type providers speak `/v1/embeddings`
 * in the shape the embeddings client sends.
 */
import type { Location, ModelsConfig, ProvidersConfig } from '../providers/config-schema.ts';

export interface EmbeddingsEndpoint {
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** The provider's location: the shield applies that destination's policy. */
  location: Location;
}

interface DocumentsSection {
  embeddings?: { model: string } | undefined;
}

/** Problems in `documents.embeddings` (empty = valid), in the configuration loader's wording. */
export function documentsConfigProblems(config: { documents: DocumentsSection; providers: ProvidersConfig; models: ModelsConfig }): string[] {
  const name = config.documents.embeddings?.model;
  if (name === undefined) return [];
  const model = config.models[name];
  if (!model) return [`documents.embeddings.model: no model named '${name}' under models`];
  const provider = config.providers[model.provider];
  if (provider && provider.type !== 'openai') {
    return [`documents.embeddings.model: '${name}' is served by a provider of type '${provider.type}'; embeddings need an OpenAI-compatible provider (type openai)`];
  }
  return [];
}

/** The endpoint for the documents module, or undefined when embeddings are not configured. */
export function embeddingsEndpointFrom(config: { documents: DocumentsSection; providers: ProvidersConfig; models: ModelsConfig }): EmbeddingsEndpoint | undefined {
  const name = config.documents.embeddings?.model;
  if (name === undefined) return undefined;
  const model = config.models[name]!;
  const provider = config.providers[model.provider]!;
  if (provider.type !== 'openai') return undefined; // refused at load by documentsConfigProblems
  return {
    baseUrl: provider.baseUrl,
    ...(provider.apiKey ? { apiKey: provider.apiKey } : {}),
    model: model.upstreamModel ?? name,
    location: provider.location,
  };
}
