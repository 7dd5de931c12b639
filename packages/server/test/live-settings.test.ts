/**
 * LiveSettings (the administrators' policy and model lists for /v1): a refresh asked while a
 * periodic load is running — the admin route's notify() after storing a change — must not be
 * answered by that load, which may have read the settings before the change.
 */
import { createShield, parsePolicy } from '@rempart/shield';
import { describe, expect, it } from 'vitest';
import { createModelAccess, type ModelAccess } from '../src/auth/model-access.ts';
import type { Actor } from '../src/auth/actor.ts';
import { LiveSettings } from '../src/commands/live-settings.ts';
import type { EffectivePolicy } from '../src/commands/workspace-settings.ts';

const actor: Actor = { userId: 'u1', email: 'u1@example.org', role: 'user', groups: ['staff'] };
const accessTo = (models: string[]): ModelAccess => createModelAccess({ groups: { staff: { models } }, defaultModels: [] });

describe('LiveSettings', () => {
  it('a refresh asked during a running load waits for a load started after it', async () => {
    let stored = accessTo(['old-model']);
    const pending: (() => void)[] = [];
    let loads = 0;
    const policy: EffectivePolicy = { policy: parsePolicy({ default: 'pseudonymize' }), source: 'config', updatedAt: null };
    const live = new LiveSettings({
      settings: {
        policy: async () => policy,
        modelAccess: () => {
          loads++;
          const value = stored; // read when the load starts, as the SELECT would
          return new Promise<ModelAccess>((resolve) => pending.push(() => resolve(value)));
        },
      },
      configShield: createShield({ policy: policy.policy, hashKey: new Uint8Array(32) }),
      hashKey: new Uint8Array(32),
    });
    const periodic = live.refresh();
    await new Promise((resolve) => setImmediate(resolve));
    stored = accessTo(['new-model']); // the administrator's change is stored meanwhile
    const notified = live.refresh();
    expect(loads).toBe(1);
    pending.shift()!();
    await periodic;
    expect(live.modelAccess.mayUse(actor, 'new-model')).toBe(false); // the periodic load predates the change
    await new Promise((resolve) => setImmediate(resolve));
    expect(loads).toBe(2);
    pending.shift()!();
    await notified;
    expect(live.modelAccess.mayUse(actor, 'new-model')).toBe(true);
    expect(live.modelAccess.mayUse(actor, 'old-model')).toBe(false);
  });
});
