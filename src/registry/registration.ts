import type { CompatibilityResult } from '../core/compat/check-compatibility.ts';
import { errors, isRegistryError, type RegistryError } from '../core/errors.ts';
import { judgesDeletedVersions } from '../core/governance/guard-rules.ts';
import { LOCAL_ACTOR, type Actor } from '../core/governance/roles.ts';
import { summarizeBreaking } from '../core/governance/validation-report.ts';
import type { SchemaInfo } from '../engine/engine-types.ts';
import { StoreConflictError, type Store, type SubjectVersion } from '../store/store.ts';
import { admitRegistration, alreadyRegistered, planRegistration, registrationJudging, type RegistrationOutcome } from './plan-registration.ts';
import { comparedVersions, latestWithWithdrawn } from './plan-version.ts';
import { type RegistryContext } from './registry-context.ts';
import { schemaVersionBody, type SchemaVersionBody } from './responses.ts';
import { parseSchemaRequest, type SchemaRequest } from './schema-request.ts';
import { configOf, guardOf } from './subject-state.ts';
import { validateSubjectName } from './subject-name.ts';
import { parseVersionId } from './version-id.ts';

export type { RegistrationOutcome };

const MAX_ATTEMPTS = 5;

export interface RegisterOptions {
  normalize: boolean;
  /** ?validationMode=strict: tightens the subject's mode for this request. */
  strict?: boolean;
  /** Who registers: an import into a strict subject is an admin's relaxation. */
  actor?: Actor;
}

/** POST /subjects/{subject}/versions, with Confluent's rules and schemagate's validation modes. */
export async function register(
  ctx: RegistryContext,
  subject: string,
  body: unknown,
  options: RegisterOptions,
): Promise<RegistrationOutcome> {
  validateSubjectName(subject, ctx.settings.maxSubjectLength);
  const request = parseSchemaRequest(body, ctx.settings, subject);
  const outcome = await withRetries(() => ctx.store.locked([subject], (store) => registerLocked({ ...ctx, store }, subject, request, options)));
  // A refusal is answered once its report and failure event are committed: thrown inside the lock, it would roll them back.
  if ('refused' in outcome) throw outcome.refused;
  return outcome;
}

/**
 * Runs a write that checks its expectations, again when another writer got
 * there first. Inside `locked` that cannot happen (every writer takes the
 * subject's lock); the retry covers writers that do not share it, such as
 * a second process on one SQLite file.
 */
export async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof StoreConflictError) || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}

/**
 * One registration, inside the subject's lock: the subject read in one
 * store call, the candidate judged by the engine once, the decision made by
 * planRegistration, and one write.
 */
async function registerLocked(
  ctx: RegistryContext,
  subject: string,
  request: SchemaRequest,
  options: RegisterOptions,
): Promise<RegistrationOutcome | { refused: RegistryError }> {
  const { store } = ctx;
  const snapshot = await store.loadSubject(subject);
  admitRegistration(snapshot, request);
  const normalize = options.normalize || configOf(snapshot, ctx.settings).normalize;

  // A request registered before answers from the snapshot, without the engine.
  const known = ctx.catalog.known(request, normalize);
  if (known) {
    if (request.id !== undefined) await checkImportedId(store, request, known.fingerprint);
    const outcome = alreadyRegistered(snapshot, request, known.fingerprint);
    if (outcome) return outcome;
  }
  const source = await ctx.catalog.sourceOf(request);
  const { info, ...evaluation } = await ctx.catalog.evaluate(request, normalize, registrationJudging(snapshot, request, ctx.settings), source);
  if (request.id !== undefined) await checkImportedId(store, request, info.fingerprint);
  const decision = planRegistration(snapshot, { request, info, evaluation }, {
    settings: ctx.settings,
    normalize,
    strict: options.strict ?? false,
    actor: options.actor ?? LOCAL_ACTOR,
    now: ctx.clock.now(),
  });
  if (decision.kind === 'already-registered') {
    ctx.catalog.remember(request, normalize, info);
    return decision.outcome;
  }
  if (decision.kind === 'refuse') {
    await store.recordRefusal(decision.report, 'strict');
    ctx.events.validationFailed(subject, 'strict');
    return { refused: decision.error };
  }
  const { plan } = decision;
  const result = await store.registerVersion(plan.input);
  if (decision.unaudit) await store.setSubjectGovernance(subject, decision.unaudit);
  ctx.catalog.remember(request, normalize, info);
  if (result.newSchema) ctx.catalog.rememberStored(result.schemaId, info, source);
  ctx.events.versionRegistered(info.type);
  if (!plan.compatibility.compatible) ctx.events.validationFailed(subject, plan.input.governance!.report.mode);
  const finalReport = { ...plan.input.governance!.report, schemaId: result.schemaId, version: result.version };
  return {
    id: result.schemaId,
    version: result.version,
    subject,
    created: true,
    schemaCompatId: plan.schemaCompatId,
    report: finalReport,
    ...(!plan.compatibility.compatible && { warning: `Registered in canary mode although ${summarizeBreaking(finalReport)}` }),
  };
}

/** An import names its id: that id must be this schema's, or free (the only registration that reads beyond the subject). */
async function checkImportedId(store: Store, request: SchemaRequest, fingerprint: string): Promise<void> {
  const existing = await store.findSchemaByFingerprint(fingerprint);
  if (existing && existing.id !== request.id) throw errors.idDoesNotMatch(existing.id, request.id!);
  if (!existing && (await store.getSchema(request.id!))) {
    throw errors.operationNotPermitted(`Overwrite new schema with id ${request.id} is not permitted: that id already holds another schema`);
  }
}

/** POST /subjects/{subject}: the version under which this exact schema is registered. */
export async function lookup(
  ctx: RegistryContext,
  subject: string,
  body: unknown,
  options: { deleted: boolean },
): Promise<SchemaVersionBody> {
  const request = parseSchemaRequest(body, ctx.settings, subject);
  // The subject's own versions, one store read, decide the answer (however many subjects share the schema).
  const visible = (await ctx.store.getVersions(subject)).filter((v) => options.deleted || !v.deleted);
  let info: SchemaInfo;
  try {
    info = await ctx.catalog.describe(request, false);
  } catch (err) {
    // A subject that does not exist answers 40401 whatever was posted; a schema whose references do not exist cannot have been registered.
    if (visible.length === 0 || (isRegistryError(err) && err.extra?.reference)) throw notFound(subject, visible);
    throw err;
  }
  // The id the fingerprint is stored under is cached; one that finds nothing is asked for again (another process may have removed it).
  const under = (id: number | undefined) => (id === undefined ? undefined : visible.filter((v) => v.schemaId === id).at(-1));
  const match = under(await ctx.catalog.idOf(info.fingerprint)) ?? under(await ctx.catalog.idOf(info.fingerprint, true));
  if (!match) throw notFound(subject, visible);
  const schema = await ctx.catalog.stored(match.schemaId);
  if (!schema) throw errors.schemaNotFound();
  ctx.catalog.remember(request, false, info);
  return schemaVersionBody(match, schema);
}

/** 40401 when the subject has no (visible) versions, else 40403. */
function notFound(subject: string, visible: readonly SubjectVersion[]): RegistryError {
  return visible.length === 0 ? errors.subjectNotFound(subject) : errors.schemaNotFound();
}

export interface CompatibilityCheckBody {
  is_compatible: boolean;
  messages?: string[];
}

/** POST /compatibility/subjects/{subject}/versions[/{version}]. */
export async function testCompatibility(
  ctx: RegistryContext,
  subject: string,
  versionRaw: string | undefined,
  body: unknown,
  options: { verbose: boolean },
): Promise<CompatibilityCheckBody> {
  const snapshot = await ctx.store.loadSubject(subject);
  const { versions } = snapshot;
  const live = versions.filter((v) => !v.deleted).reverse();
  const config = configOf(snapshot, ctx.settings);
  // As a registration would judge it: a governed subject against the versions it served, too.
  const governed = judgesDeletedVersions(guardOf(snapshot, ctx.settings.validationMode));
  let targets: readonly SubjectVersion[] = comparedVersions(versions, config.compatibilityLevel, governed);
  if (versionRaw !== undefined) {
    const id = parseVersionId(versionRaw);
    const chosen = id !== 'latest' ? live.filter((v) => v.version === id) : governed ? latestWithWithdrawn(versions) : live.slice(0, 1);
    if (chosen.length === 0 && id !== 'latest') throw errors.versionNotFound(id);
    targets = config.compatibilityLevel === 'NONE' ? [] : chosen;
  }
  const request = parseSchemaRequest(body, ctx.settings, subject);
  const previous = targets.map((v) => ({ version: v.version, id: v.schemaId }));
  let result: CompatibilityResult;
  try {
    ({ result } = await ctx.catalog.evaluate(request, false, { previous, level: config.compatibilityLevel, policy: config.compatibilityPolicy }));
  } catch (err) {
    if (options.verbose && isRegistryError(err) && err.key === 'invalidSchema') return { is_compatible: false, messages: [err.message] };
    throw err;
  }
  return options.verbose ? { is_compatible: result.compatible, messages: result.messages } : { is_compatible: result.compatible };
}
