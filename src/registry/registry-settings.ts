import { errors } from '../core/errors.ts';
import {
  parseCompatibilityLevel,
  parseCompatibilityPolicy,
  parseRegistryMode,
  type CompatibilityLevel,
  type CompatibilityPolicy,
  type RegistryMode,
} from '../core/types.ts';
import type { ScopeConfig } from '../store/store.ts';
import { effectiveConfig, effectiveMode, type RegistryContext } from './registry-context.ts';
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

export async function updateConfig(ctx: RegistryContext, subject: string | null, body: unknown): Promise<ConfigUpdateBody> {
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
  const merged = { ...(await ctx.store.getConfig(subject)), ...update };
  await ctx.store.setConfig(subject, merged);
  return {
    ...(merged.compatibilityLevel && { compatibility: merged.compatibilityLevel }),
    ...(merged.compatibilityPolicy && { compatibilityPolicy: merged.compatibilityPolicy }),
    ...(merged.normalize !== undefined && { normalize: merged.normalize }),
  };
}

/** DELETE /config[/{subject}]: answers the config that was removed. */
export async function deleteConfig(ctx: RegistryContext, subject: string | null): Promise<ConfigBody> {
  if (subject !== null && !(await ctx.store.getConfig(subject))) throw errors.subjectNotFound(subject);
  const before = configBody(await effectiveConfig(ctx, subject));
  await ctx.store.deleteConfig(subject);
  return before;
}

export async function getMode(ctx: RegistryContext, subject: string | null, defaultToGlobal: boolean): Promise<{ mode: RegistryMode }> {
  if (subject !== null && !defaultToGlobal && !(await ctx.store.getMode(subject))) throw errors.subjectModeNotConfigured(subject);
  return { mode: await effectiveMode(ctx, subject) };
}

/**
 * PUT /mode[/{subject}]. Entering IMPORT needs an empty registry (or subject)
 * unless `force`, because imported ids must not collide with existing ones.
 */
export async function updateMode(ctx: RegistryContext, subject: string | null, body: unknown, force: boolean): Promise<{ mode: RegistryMode }> {
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
  await ctx.store.setMode(subject, mode);
  return { mode };
}

export async function deleteMode(ctx: RegistryContext, subject: string | null): Promise<{ mode: RegistryMode }> {
  const before = await ctx.store.getMode(subject);
  if (subject !== null && !before) throw errors.subjectNotFound(subject);
  await ctx.store.deleteMode(subject);
  return { mode: before ?? 'READWRITE' };
}
