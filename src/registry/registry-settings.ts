import { errors } from '../core/errors.ts';
import {
  parseCompatibilityLevel,
  parseCompatibilityPolicy,
  parseRegistryMode,
  type CompatibilityLevel,
  type CompatibilityPolicy,
  type RegistryMode,
} from '../core/types.ts';
import type { Actor } from '../core/governance/roles.ts';
import type { Relaxation } from '../core/governance/guard-rules.ts';
import type { ScopeConfig, Store } from '../store/store.ts';
import { effectiveConfig, effectiveMode, resolveConfig, resolveMode, type RegistryContext } from './registry-context.ts';
import { guardedSettingsChange } from './settings-guard.ts';
import { validateSubjectName } from './subject-name.ts';

/** GET /config answers `compatibilityLevel`; PUT takes `compatibility` (Confluent's two spellings). */
export interface ConfigBody {
  compatibilityLevel: CompatibilityLevel;
  compatibilityPolicy: CompatibilityPolicy;
  normalize?: boolean;
}

export interface ConfigUpdateBody {
  compatibility?: CompatibilityLevel;
  compatibilityPolicy?: CompatibilityPolicy;
  normalize?: boolean;
}

function configBody(config: { compatibilityLevel: CompatibilityLevel; compatibilityPolicy: CompatibilityPolicy; normalize: boolean }): ConfigBody {
  return {
    compatibilityLevel: config.compatibilityLevel,
    compatibilityPolicy: config.compatibilityPolicy,
    ...(config.normalize && { normalize: true }),
  };
}

/**
 * GET /config[/{subject}]. A subject without its own config is 40408 unless
 * `defaultToGlobal`; one with a partial config answers the effective values,
 * because clients read `compatibilityLevel` and fail when it is missing.
 */
export async function getConfig(ctx: RegistryContext, subject: string | null, defaultToGlobal: boolean): Promise<ConfigBody> {
  if (subject !== null && !defaultToGlobal && !(await ctx.store.getConfig(subject))) {
    throw errors.subjectCompatibilityNotConfigured(subject);
  }
  return configBody(await effectiveConfig(ctx, subject));
}

export async function updateConfig(ctx: RegistryContext, subject: string | null, body: unknown, actor: Actor): Promise<ConfigUpdateBody> {
  if (subject !== null) validateSubjectName(subject, ctx.settings.maxSubjectLength);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw errors.badRequest('The request body must be a JSON object such as {"compatibility": "BACKWARD"}.');
  }
  const raw = body as Record<string, unknown>;
  const update: ScopeConfig = {};
  const levelRaw = raw.compatibility ?? raw.compatibilityLevel;
  if (levelRaw !== undefined && levelRaw !== null) {
    const level = parseCompatibilityLevel(levelRaw);
    if (!level) throw errors.invalidCompatibilityLevel(String(levelRaw));
    update.compatibilityLevel = level;
  }
  if (raw.compatibilityPolicy !== undefined && raw.compatibilityPolicy !== null) {
    const policy = parseCompatibilityPolicy(raw.compatibilityPolicy);
    if (!policy) throw errors.invalidCompatibilityLevel(String(raw.compatibilityPolicy));
    update.compatibilityPolicy = policy;
  }
  if (raw.normalize !== undefined && raw.normalize !== null) {
    if (typeof raw.normalize !== 'boolean') throw errors.badRequest('"normalize" must be true or false.');
    update.normalize = raw.normalize;
  }
  const merged = await guardedSettingsChange(
    ctx,
    subject,
    actor,
    (store, of) => configRelaxation(ctx, store, of, async (scope) => (scope === subject ? { ...(await store.getConfig(scope)), ...update } : store.getConfig(scope))),
    async (store) => {
      const next = { ...(await store.getConfig(subject)), ...update };
      await store.setConfig(subject, next);
      return next;
    },
  );
  return {
    ...(merged.compatibilityLevel && { compatibility: merged.compatibilityLevel }),
    ...(merged.compatibilityPolicy && { compatibilityPolicy: merged.compatibilityPolicy }),
    ...(merged.normalize !== undefined && { normalize: merged.normalize }),
  };
}

/** DELETE /config[/{subject}]: answers the config that was removed. */
export async function deleteConfig(ctx: RegistryContext, subject: string | null, actor: Actor): Promise<ConfigBody> {
  if (subject !== null && !(await ctx.store.getConfig(subject))) throw errors.subjectNotFound(subject);
  const before = configBody(await effectiveConfig(ctx, subject));
  await guardedSettingsChange(
    ctx,
    subject,
    actor,
    (store, of) => configRelaxation(ctx, store, of, async (scope) => (scope === subject ? undefined : store.getConfig(scope))),
    (store) => store.deleteConfig(subject),
  );
  return before;
}

/**
 * What a config change does to `of` (a subject, or null for the global
 * default): its effective level and policy before, and after, with
 * `configAfter` answering each scope's config as the change leaves it.
 */
async function configRelaxation(
  ctx: RegistryContext,
  store: Store,
  of: string | null,
  configAfter: (scope: string | null) => Promise<ScopeConfig | undefined>,
): Promise<Relaxation> {
  const own = of === null ? undefined : await store.getConfig(of);
  const from = resolveConfig(own, await store.getConfig(null), ctx.settings);
  const to = resolveConfig(of === null ? undefined : await configAfter(of), await configAfter(null), ctx.settings);
  return { kind: 'config', from, to };
}

export async function getMode(ctx: RegistryContext, subject: string | null, defaultToGlobal: boolean): Promise<{ mode: RegistryMode }> {
  if (subject !== null && !defaultToGlobal && !(await ctx.store.getMode(subject))) throw errors.subjectModeNotConfigured(subject);
  return { mode: await effectiveMode(ctx, subject) };
}

/**
 * PUT /mode[/{subject}]. Entering IMPORT needs an empty registry (or subject)
 * unless `force`, because imported ids must not collide with existing ones.
 */
export async function updateMode(ctx: RegistryContext, subject: string | null, body: unknown, force: boolean, actor: Actor): Promise<{ mode: RegistryMode }> {
  if (subject !== null) validateSubjectName(subject, ctx.settings.maxSubjectLength);
  const raw = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).mode : undefined;
  if (raw === undefined) throw errors.badRequest('The request body must be a JSON object such as {"mode": "READWRITE"}.');
  const mode = parseRegistryMode(raw);
  if (!mode) throw errors.invalidMode(String(raw));
  if (mode === 'IMPORT' && !force && (await effectiveMode(ctx, subject)) !== 'IMPORT') {
    const live = subject === null ? await ctx.store.listSubjects() : (await ctx.store.getVersions(subject)).filter((v) => !v.deleted);
    if (live.length > 0) {
      throw errors.operationNotPermitted('Cannot import since found existing subjects; delete them first or pass force=true');
    }
  }
  await guardedSettingsChange(
    ctx,
    subject,
    actor,
    (store, of) => importRelaxation(store, of, async (scope) => (scope === subject ? mode : store.getMode(scope))),
    (store) => store.setMode(subject, mode),
  );
  return { mode };
}

export async function deleteMode(ctx: RegistryContext, subject: string | null, actor: Actor): Promise<{ mode: RegistryMode }> {
  const before = await ctx.store.getMode(subject);
  if (subject !== null && !before) throw errors.subjectNotFound(subject);
  await guardedSettingsChange(
    ctx,
    subject,
    actor,
    (store, of) => importRelaxation(store, of, async (scope) => (scope === subject ? undefined : store.getMode(scope))),
    (store) => store.deleteMode(subject),
  );
  return { mode: before ?? 'READWRITE' };
}

/** IMPORT mode takes schemas without any check: a relaxation when the change puts `of` in it. */
async function importRelaxation(store: Store, of: string | null, modeAfter: (scope: string | null) => Promise<RegistryMode | undefined>): Promise<Relaxation | undefined> {
  const [before, after] = [await resolveMode(of, (scope) => store.getMode(scope)), await resolveMode(of, modeAfter)];
  return after === 'IMPORT' && before !== 'IMPORT' ? { kind: 'import' } : undefined;
}
