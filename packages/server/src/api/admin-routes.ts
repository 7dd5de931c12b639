/**
 * Administration: users and groups, everyone's API keys, the shield policy, per-group model allow-lists, quotas (rate limits
 * and daily token quotas, applied by the limiter from the next request). Every
 * change is appended to the audit chain.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { isShieldError } from '@rempart/shield';
import { z } from 'zod';
import { listApiKeys, revokeApiKey } from '../auth/api-keys.ts';
import { checkPasswordLength, SetupError } from '../commands/first-start.ts';
import type { EffectiveQuotas } from '../commands/workspace-settings.ts';
import { findUserById, presentAllUsers, presentUserById } from '../commands/user-lookup.ts';
import { presentApiKeyWithOwner } from '../presenters/api-key.ts';
import { hashPassword } from '../sessions/passwords.ts';
import { createUser, UserInputError } from '../users/users.ts';
import type { ApiContext } from './context.ts';
import { ApiProblem, conflict, notFound } from './problems.ts';
import { actorOf } from './route-policy.ts';

const ROLES = ['user', 'admin', 'dpo'] as const;
const groupName = z.string().trim().min(1).max(100);
const createUserBody = z
  .object({
    email: z.email().max(320),
    displayName: z.string().trim().min(1).max(200).optional(),
    role: z.enum(ROLES).default('user'),
    groups: z.array(groupName).max(100).default([]),
    password: z.string().min(1).max(1024).optional(),
  })
  .strict();
const updateUserBody = z
  .object({
    displayName: z.string().trim().min(1).max(200).nullable().optional(),
    role: z.enum(ROLES).optional(),
    groups: z.array(groupName).max(100).optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
const idParams = z.object({ id: z.uuid() });
const groupBody = z.object({ name: groupName }).strict();
const groupModelsBody = z.object({ models: z.array(z.string().min(1).max(200)).max(500).nullable() }).strict();
const policyBody = z.object({ policy: z.record(z.string(), z.unknown()) }).strict();

export async function adminRoutes(app: FastifyInstance, { context }: { context: ApiContext }): Promise<void> {
  const { db, config } = context.services;

  // ── users ──
  app.get('/admin/users', { config: { action: 'compliance:read' } }, async () => ({ items: await presentAllUsers(db, context.credentials) }));

  app.post('/admin/users', { config: { action: 'user:manage' } }, async (request, reply) => {
    const body = createUserBody.parse(request.body);
    if (body.password !== undefined) {
      try {
        checkPasswordLength(body.password);
      } catch (error) {
        if (error instanceof SetupError) throw new ApiProblem(400, 'PASSWORD_TOO_SHORT', `${error.message}.`);
        throw error;
      }
    }
    let user;
    try {
      user = await createUser(db, { email: body.email, role: body.role, groups: body.groups, ...(body.displayName ? { displayName: body.displayName } : {}) });
    } catch (error) {
      if (error instanceof UserInputError) throw conflict('USER_EXISTS', `${error.message}.`);
      throw error;
    }
    if (body.password !== undefined) await context.credentials.setPassword(user.id, await hashPassword(body.password));
    await context.auditChange(request, 'user.created', { targetUserId: user.id, role: body.role, groups: body.groups });
    return reply.code(201).send(await presentUserById(db, context.credentials, user.id));
  });

  app.patch('/admin/users/:id', { config: { action: 'user:manage' } }, async (request) => {
    const { id } = idParams.parse(request.params);
    const body = updateUserBody.parse(request.body);
    const actor = actorOf(request);
    const user = await findUserById(db, id);
    if (!user) throw notFound('This user');
    if (id === actor.userId && (body.disabled === true || (body.role !== undefined && body.role !== 'admin'))) {
      throw new ApiProblem(409, 'CANNOT_DEMOTE_SELF', 'You cannot disable yourself or remove your own admin role: ask another administrator.');
    }
    await db.transaction(async (tx) => {
      if (body.displayName !== undefined) await tx.query('UPDATE users SET display_name = $2 WHERE id = $1', [id, body.displayName]);
      if (body.role !== undefined) await tx.query('UPDATE users SET role = $2 WHERE id = $1', [id, body.role]);
      if (body.disabled !== undefined) {
        await tx.query(`UPDATE users SET disabled_at = ${body.disabled ? 'COALESCE(disabled_at, now())' : 'NULL'} WHERE id = $1`, [id]);
        if (body.disabled) await context.sessions.deleteForUser(id, { db: tx });
      }
      if (body.groups !== undefined) {
        await tx.query('DELETE FROM user_groups WHERE user_id = $1', [id]);
        for (const name of new Set(body.groups)) {
          await tx.query('INSERT INTO groups (id, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [randomUUID(), name]);
          await tx.query('INSERT INTO user_groups (user_id, group_id) SELECT $1, id FROM groups WHERE name = $2 ON CONFLICT DO NOTHING', [id, name]);
        }
      }
    });
    context.services.authenticator.invalidate(); // role, groups or status changed: cached key lookups are stale
    await context.auditChange(request, 'user.updated', {
      targetUserId: id,
      changed: Object.keys(body).sort(),
      ...(body.role ? { role: body.role } : {}),
      ...(body.groups ? { groups: body.groups } : {}),
      ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
    });
    return presentUserById(db, context.credentials, id);
  });

  app.post('/admin/users/:id/reset-mfa', { config: { action: 'user:manage' } }, async (request) => {
    const { id } = idParams.parse(request.params);
    if (!(await findUserById(db, id))) throw notFound('This user');
    await context.credentials.resetTotp(id);
    await context.sessions.deleteForUser(id, { except: actorOf(request).sessionIdHash ?? '' });
    await context.auditChange(request, 'user.mfa_reset', { targetUserId: id });
    return presentUserById(db, context.credentials, id);
  });

  // ── groups ──
  app.get('/admin/groups', { config: { action: 'compliance:read' } }, async () => {
    const result = await db.query<{ id: string; name: string; member_count: unknown; models: string[] | null }>(
      `SELECT g.id, g.name, (SELECT count(*) FROM user_groups ug WHERE ug.group_id = g.id) AS member_count, o.models
         FROM groups g LEFT JOIN group_model_overrides o ON o.group_id = g.id ORDER BY g.name`,
    );
    return {
      items: result.rows.map((row) => ({
        id: row.id,
        name: row.name,
        memberCount: Number(row.member_count),
        models: row.models,
        configuredModels: config.groups[row.name]?.models ?? null,
      })),
    };
  });

  app.post('/admin/groups', { config: { action: 'group:manage' } }, async (request, reply) => {
    const { name } = groupBody.parse(request.body);
    const id = randomUUID();
    const inserted = await db.query('INSERT INTO groups (id, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [id, name]);
    if (inserted.rowCount !== 1) throw conflict('GROUP_EXISTS', `A group named ${name} already exists.`);
    await context.auditChange(request, 'group.created', { groupId: id, name });
    return reply.code(201).send({ id, name, memberCount: 0, models: null, configuredModels: config.groups[name]?.models ?? null });
  });

  app.delete('/admin/groups/:id', { config: { action: 'group:manage' } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const deleted = await db.query<{ name: string }>('DELETE FROM groups WHERE id = $1 RETURNING name', [id]);
    if (deleted.rowCount !== 1) throw notFound('This group');
    context.services.authenticator.invalidate();
    await context.services.settingsChanges.notify();
    await context.auditChange(request, 'group.deleted', { groupId: id, name: deleted.rows[0]!.name });
    return reply.code(204).send();
  });

  app.put('/admin/groups/:id/models', { config: { action: 'group:manage' } }, async (request) => {
    const { id } = idParams.parse(request.params);
    const { models } = groupModelsBody.parse(request.body);
    const group = (await db.query<{ name: string }>('SELECT name FROM groups WHERE id = $1', [id])).rows[0];
    if (!group) throw notFound('This group');
    const known = new Set(context.services.catalogue.view().models.map((model) => model.id));
    const unknown = (models ?? []).filter((model) => model !== '*' && !known.has(model));
    if (unknown.length > 0) {
      throw new ApiProblem(400, 'UNKNOWN_MODEL', `Unknown model(s): ${unknown.join(', ')}. GET /api/admin/providers lists the configured ones.`);
    }
    if (models === null) await db.query('DELETE FROM group_model_overrides WHERE group_id = $1', [id]);
    else {
      await db.query(
        `INSERT INTO group_model_overrides (group_id, models) VALUES ($1, $2)
         ON CONFLICT (group_id) DO UPDATE SET models = EXCLUDED.models, updated_at = now()`,
        [id, models],
      );
    }
    await context.services.settingsChanges.notify();
    await context.auditChange(request, 'group.models_set', { groupId: id, name: group.name, models });
    return { id, name: group.name, models, configuredModels: config.groups[group.name]?.models ?? null };
  });

  // ── everyone's API keys ──
  app.get('/admin/api-keys', { config: { action: 'apiKey:manageAll' } }, async () => ({ items: (await listApiKeys(db)).map(presentApiKeyWithOwner) }));

  app.delete('/admin/api-keys/:id', { config: { action: 'apiKey:manageAll' } }, async (request) => {
    const { id } = idParams.parse(request.params);
    const [info] = await listApiKeys(db, { id });
    if (!info) throw notFound('This API key');
    const revoked = await revokeApiKey(db, id);
    context.services.authenticator.invalidate();
    await context.auditChange(request, 'api_key.revoked', { apiKeyPrefix: revoked.prefix, targetUserId: revoked.userId });
    return presentApiKeyWithOwner(revoked);
  });

  // ── policy, quotas (providers and models: catalogue-routes.ts) ──
  app.get('/admin/policy', { config: { action: 'compliance:read' } }, async () => {
    const effective = await context.settings.policy();
    return { policy: effective.policy, source: effective.source, updatedAt: effective.updatedAt?.toISOString() ?? null };
  });

  app.put('/admin/policy', { config: { action: 'policy:update' } }, async (request) => {
    const { policy } = policyBody.parse(request.body);
    let stored;
    try {
      stored = await context.settings.setPolicy(policy, actorOf(request).userId);
    } catch (error) {
      if (isShieldError(error)) throw new ApiProblem(400, 'POLICY_INVALID', `${error.message}.`);
      throw error;
    }
    await context.services.settingsChanges.notify();
    await context.auditChange(request, 'policy.updated', {
      default: stored.default,
      ruleCount: Object.keys(stored.rules ?? {}).length,
      destinations: Object.keys(stored.destinations ?? {}).sort(),
      customTermCount: stored.customTerms?.length ?? 0,
    });
    const effective = await context.settings.policy();
    return { policy: effective.policy, source: effective.source, updatedAt: effective.updatedAt?.toISOString() ?? null };
  });

  app.get('/admin/quotas', { config: { action: 'compliance:read' } }, async () => presentQuotas(await context.settings.quotas()));

  // Validated by quotasSchema (ZodError → 400 VALIDATION_FAILED): integers ≥ 1 or null, all four given.
  app.put('/admin/quotas', { config: { action: 'quotas:update' } }, async (request) => {
    const before = await context.settings.quotas();
    const stored = await context.settings.setQuotas(request.body, actorOf(request).userId);
    await context.services.settingsChanges.notify(); // the limiter of this instance applies them to the next request
    await context.auditChange(request, 'quotas.updated', {
      previous: { requestsPerMinute: before.quotas.requestsPerMinute, tokensPerDay: before.quotas.tokensPerDay, source: before.source },
      requestsPerMinute: stored.requestsPerMinute,
      tokensPerDay: stored.tokensPerDay,
    });
    return presentQuotas(await context.settings.quotas());
  });
}

function presentQuotas(effective: EffectiveQuotas) {
  return {
    requestsPerMinute: effective.quotas.requestsPerMinute,
    tokensPerDay: effective.quotas.tokensPerDay,
    source: effective.source,
    updatedAt: effective.updatedAt?.toISOString() ?? null,
  };
}
