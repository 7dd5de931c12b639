import { describe, expect, it } from 'vitest';
import type { CatalogueModel, CatalogueProvider } from '../api/types.ts';
import { modelFormFrom, modelRequest, providerFormFrom, providerRequest } from './catalogue-form.ts';

const stored: CatalogueProvider = {
  name: 'azure-eu',
  type: 'azure',
  location: 'eu',
  baseUrl: 'https://acme.openai.azure.com',
  source: 'admin',
  apiKeySet: true,
  headerNames: [],
  apiVersion: '2024-10-21',
  problem: null,
  updatedAt: '2026-12-01T10:00:00.000Z',
};

describe('provider form', () => {
  it('adds with only the fields filled in, the key trimmed', () => {
    const form = { ...providerFormFrom(), name: ' mistral ', location: 'eu' as const, baseUrl: 'https://api.mistral.ai/v1 ', apiKey: ' sk-1 ' };
    expect(providerRequest(form)).toEqual({ name: 'mistral', type: 'openai', location: 'eu', baseUrl: 'https://api.mistral.ai/v1', apiKey: 'sk-1' });
  });

  it('edits with only what changed: an empty key field keeps the stored key', () => {
    const form = providerFormFrom(stored);
    expect(form.apiKey).toBe('');
    expect(providerRequest(form, stored)).toEqual({});
    expect(providerRequest({ ...form, location: 'non-eu' }, stored)).toEqual({ location: 'non-eu' });
    expect(providerRequest({ ...form, apiKey: 'new-key' }, stored)).toEqual({ apiKey: 'new-key' });
    expect(providerRequest({ ...form, removeApiKey: true }, stored)).toEqual({ apiKey: null });
    expect(providerRequest({ ...form, apiVersion: '' }, stored)).toEqual({ apiVersion: null });
    expect(providerRequest({ ...form, type: 'openai' }, stored)).toEqual({ type: 'openai', apiVersion: null });
  });
});

describe('model form', () => {
  const model: CatalogueModel = {
    id: 'gpt-eu',
    provider: 'azure-eu',
    location: 'eu',
    description: null,
    fallbacks: ['local'],
    upstreamModel: 'my-deployment',
    source: 'admin',
    problem: null,
    updatedAt: null,
  };

  it('adds with fallbacks from a comma list and no empty optional field', () => {
    expect(modelRequest({ name: 'm', provider: 'p', upstreamModel: ' ', fallbacks: 'a, b,,', description: '' })).toEqual({ name: 'm', provider: 'p', fallbacks: ['a', 'b'] });
  });

  it('edits: emptied fields return to their default (null)', () => {
    const form = modelFormFrom(model);
    expect(form).toEqual({ name: 'gpt-eu', provider: 'azure-eu', upstreamModel: 'my-deployment', fallbacks: 'local', description: '' });
    expect(modelRequest({ ...form, upstreamModel: '', fallbacks: '' }, model)).toEqual({ provider: 'azure-eu', upstreamModel: null, fallbacks: [], description: null });
  });
});
