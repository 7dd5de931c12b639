/**
 * LiveCatalogue (rempart.yaml's models merged with the administrators'): connection pools are
 * reused while a provider is unchanged and closed after a grace period once replaced; entries
 * that cannot be used are left out with their problem; a catalogue that cannot be refreshed
 * fails closed; rempart.yaml wins a name conflict.
 */
import { describe, expect, it } from 'vitest';
import { LiveCatalogue } from '../src/commands/live-catalogue.ts';
import type { LoadedProvider, StoredModel } from '../src/providers/catalogue-store.ts';
import { modelsSchema, providerSchema, providersSchema } from '../src/providers/config-schema.ts';
import { OFFLINE_MODEL } from '../src/providers/offline-adapter.ts';

const silent = { warn: () => {}, error: () => {} };
const at = new Date('2026-12-01T10:00:00Z');

function adminProvider(name: string, baseUrl: string, extra: Partial<LoadedProvider> = {}): LoadedProvider {
  const settings = { type: 'openai' as const, location: 'eu', baseUrl };
  return { name, settings, apiKeySet: false, createdAt: at, updatedAt: at, config: providerSchema.parse(settings), ...extra } as LoadedProvider;
}
function adminModel(name: string, provider: string, fallbacks: string[] = []): StoredModel {
  return { name, settings: { provider, fallbacks }, createdAt: at, updatedAt: at };
}

describe('LiveCatalogue', () => {
  it('serves the built-in offline model only while no model exists anywhere', async () => {
    let models: StoredModel[] = [];
    const catalogue = new LiveCatalogue({
      config: { providers: {}, models: {} },
      store: { providers: async () => [adminProvider('eu', 'http://127.0.0.1:9/v1')], models: async () => models },
      logger: silent,
    });
    await catalogue.refresh();
    expect(catalogue.names).toEqual([OFFLINE_MODEL]);
    models = [adminModel('eu-model', 'eu')];
    await catalogue.refresh();
    expect(catalogue.names).toEqual(['eu-model']);
    expect(catalogue.get('eu-model')).toMatchObject({ location: 'eu', upstreamModel: 'eu-model' });
    await catalogue.close();
  });

  it('reuses an unchanged provider’s adapter, replaces a changed one and closes it after the grace period', async () => {
    let baseUrl = 'http://127.0.0.1:9/v1';
    const catalogue = new LiveCatalogue({
      config: { providers: {}, models: {} },
      store: { providers: async () => [adminProvider('eu', baseUrl)], models: async () => [adminModel('m', 'eu')] },
      logger: silent,
      retireGraceMs: 20,
    });
    await catalogue.refresh();
    const first = catalogue.get('m')!.adapter;
    await catalogue.refresh();
    expect(catalogue.get('m')!.adapter).toBe(first);
    let closed = false;
    const close = first.close.bind(first);
    (first as { close: () => Promise<void> }).close = async () => {
      closed = true;
      await close();
    };
    baseUrl = 'http://127.0.0.1:10/v1';
    await catalogue.refresh();
    expect(catalogue.get('m')!.adapter).not.toBe(first);
    expect(closed).toBe(false); // requests that already chose it may still use it
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(closed).toBe(true);
    await catalogue.close();
  });

  it('leaves out unusable entries with their problem, keeps the rest; rempart.yaml wins a name', async () => {
    const catalogue = new LiveCatalogue({
      config: {
        providers: providersSchema.parse({ local: { type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', location: 'on-premise' } }),
        models: modelsSchema.parse({ shared: { provider: 'local' } }),
      },
      store: {
        providers: async () => [
          adminProvider('sealed', 'http://127.0.0.1:9/v1', { config: undefined, problem: 'its API key does not decrypt' } as Partial<LoadedProvider>),
          adminProvider('local', 'http://127.0.0.1:11/v1'),
          adminProvider('fine', 'http://127.0.0.1:12/v1'),
        ],
        models: async () => [adminModel('on-sealed', 'sealed'), adminModel('chained', 'fine', ['on-sealed']), adminModel('ok', 'fine', ['shared']), adminModel('shared', 'fine')],
      },
      logger: silent,
    });
    await catalogue.refresh();
    expect(catalogue.names).toEqual(['shared', 'ok']);
    expect(catalogue.get('shared')!.adapter.name).toBe('local'); // rempart.yaml's
    const view = catalogue.view();
    expect(view.providers.find((provider) => provider.name === 'sealed')?.problem).toBe('its API key does not decrypt');
    expect(view.providers.filter((provider) => provider.name === 'local').map((provider) => provider.source)).toEqual(['config', 'admin']);
    expect(view.providers.find((provider) => provider.source === 'admin' && provider.name === 'local')?.problem).toMatch(/rempart\.yaml/);
    expect(view.models.find((model) => model.id === 'on-sealed')?.problem).toBe('its provider sealed is not in service');
    expect(view.models.find((model) => model.id === 'chained')?.problem).toBe('its fallback on-sealed is not in service');
    expect(Object.keys(catalogue.sections().models)).toEqual(['shared', 'ok']);
    await catalogue.close();
  });

  it('fails closed when it could not be refreshed for longer than maxStaleMs', async () => {
    let now = 1_000_000;
    let reachable = true;
    const catalogue = new LiveCatalogue({
      config: { providers: {}, models: {} },
      store: {
        providers: async () => {
          if (!reachable) throw new Error('database unreachable');
          return [adminProvider('eu', 'http://127.0.0.1:9/v1')];
        },
        models: async () => [adminModel('m', 'eu')],
      },
      logger: silent,
      now: () => now,
      maxStaleMs: 30_000,
    });
    await catalogue.refresh();
    reachable = false;
    await expect(catalogue.refresh()).rejects.toThrow('database unreachable');
    now += 10_000;
    expect(catalogue.get('m')).toBeDefined(); // still within the allowed staleness
    now += 25_000;
    expect(() => catalogue.get('m')).toThrow(/could not be refreshed/);
    expect(() => catalogue.names).toThrow(/could not be refreshed/);
    reachable = true;
    await catalogue.refresh();
    expect(catalogue.get('m')).toBeDefined();
    await catalogue.close();
  });
});
