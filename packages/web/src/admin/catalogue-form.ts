/**
 * The provider and model forms of Admin → Providers and models, as plain data: what the fields
 * start with (add or edit) and the request body they make. The API key is write-only: an empty
 * field keeps the stored key when editing; "remove" sends null.
 */
import type { Destination } from '@rempart/shield';
import type { CatalogueModel, CatalogueProvider, ProviderType } from '../api/types.ts';

export const PROVIDER_TYPES: ProviderType[] = ['openai', 'azure', 'anthropic'];
export const LOCATIONS: Destination[] = ['on-premise', 'eu', 'non-eu'];
/** The server's rule for names (catalogueNameSchema). */
export const NAME_PATTERN = '[a-z0-9][a-z0-9._\\-]{0,62}';

export interface ProviderForm {
  name: string;
  type: ProviderType;
  location: Destination;
  baseUrl: string;
  apiKey: string;
  removeApiKey: boolean;
  apiVersion: string;
}

export function providerFormFrom(provider?: CatalogueProvider): ProviderForm {
  return {
    name: provider?.name ?? '',
    type: provider && provider.type !== 'offline' ? provider.type : 'openai',
    location: provider?.location ?? 'on-premise',
    baseUrl: provider?.baseUrl ?? '',
    apiKey: '',
    removeApiKey: false,
    apiVersion: provider?.apiVersion ?? '',
  };
}

/** Anthropic has a default address; OpenAI-compatible and Azure need one. */
export const baseUrlRequired = (type: ProviderType): boolean => type !== 'anthropic';
/** Azure and Anthropic refuse requests without a key; OpenAI-compatible servers (vLLM, Ollama) may not need one. */
export const apiKeyRequired = (type: ProviderType): boolean => type !== 'openai';

/** POST body (adding) or PATCH body (editing: only what changed, null = back to the default). */
export function providerRequest(form: ProviderForm, editing?: CatalogueProvider): Record<string, unknown> {
  const baseUrl = form.baseUrl.trim();
  const apiVersion = form.apiVersion.trim();
  const apiKey = form.apiKey.trim();
  if (!editing) {
    return {
      name: form.name.trim(),
      type: form.type,
      location: form.location,
      ...(baseUrl ? { baseUrl } : {}),
      ...(apiKey ? { apiKey } : {}),
      ...(form.type === 'azure' && apiVersion ? { apiVersion } : {}),
    };
  }
  const body: Record<string, unknown> = {};
  if (form.type !== editing.type) body.type = form.type;
  if (form.location !== editing.location) body.location = form.location;
  if (baseUrl !== (editing.baseUrl ?? '')) body.baseUrl = baseUrl || null;
  if (form.type === 'azure' && apiVersion !== (editing.apiVersion ?? '')) body.apiVersion = apiVersion || null;
  if (form.type !== 'azure' && editing.type === 'azure') body.apiVersion = null;
  if (apiKey) body.apiKey = apiKey;
  else if (form.removeApiKey) body.apiKey = null;
  return body;
}

export interface ModelForm {
  name: string;
  provider: string;
  upstreamModel: string;
  fallbacks: string;
  description: string;
}

export function modelFormFrom(model?: CatalogueModel, defaultProvider = ''): ModelForm {
  return {
    name: model?.id ?? '',
    provider: model?.provider ?? defaultProvider,
    upstreamModel: model && model.upstreamModel !== model.id ? model.upstreamModel : '',
    fallbacks: model?.fallbacks.join(', ') ?? '',
    description: model?.description ?? '',
  };
}

const listOf = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function modelRequest(form: ModelForm, editing?: CatalogueModel): Record<string, unknown> {
  const upstreamModel = form.upstreamModel.trim();
  const description = form.description.trim();
  const fallbacks = listOf(form.fallbacks);
  if (!editing) {
    return {
      name: form.name.trim(),
      provider: form.provider,
      ...(upstreamModel ? { upstreamModel } : {}),
      fallbacks,
      ...(description ? { description } : {}),
    };
  }
  return {
    provider: form.provider,
    upstreamModel: upstreamModel || null,
    fallbacks,
    description: description || null,
  };
}
