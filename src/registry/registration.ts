import type { CompatibilityResult } from '../core/compat/check-compatibility.ts';
import { errors, isRegistryError, type RegistryError } from '../core/errors.ts';
import type { SchemaInfo } from '../engine/engine-types.ts';
import { compatIdForVersion } from '../core/governance/compat-id.ts';
import { LOCAL_ACTOR, type Actor } from '../core/governance/roles.ts';
import { judgeRelaxation, judgesDeletedVersions, loadGuardState, markUnaudited, unauditedReason } from '../governance/subject-guard.ts';
import type { SchemaValidationReport } from '../core/governance/governance-types.ts';
import { summarizeBreaking } from '../core/governance/validation-report.ts';
import { StoreConflictError } from '../store/store.ts';
import { comparedVersions, judgingFor, latestWithWithdrawn, planVersion, purgeableVersions } from './plan-version.ts';
import { effectiveConfig, effectiveMode, type RegistryContext } from './registry-context.ts';
import { schemaVersionBody, type SchemaVersionBody } from './responses.ts';
import { parseSchemaRequest, type SchemaRequest } from './schema-request.ts';
import { validateSubjectName } from './subject-name.ts';
import { parseVersionId } from './version-id.ts';

export interface RegistrationOutcome {
  id: number;
  version: number;
  subject: string;
  /** false when this schema was already registered under the subject (nothing was written). */
  created: boolean;
  schemaCompatId?: string;
  /** The validation report of a new version (absent when nothing was written). */
  report?: SchemaValidationReport;
  /** Set when an incompatible schema was registered because the validation mode is canary. */
  warning?: string;
}

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

/** Everything a registration decides, decided while the subject is locked: mode, config, versions, governance. */
async function registerLocked(
  ctx: RegistryContext,
  subject: string,
  request: SchemaRequest,
  options: RegisterOptions,
): Promise<RegistrationOutcome | { refused: RegistryError }> {
  const registryMode = await effectiveMode(ctx, subject);
  if (registryMode === 'READONLY' || registryMode === 'READONLY_OVERRIDE') {
    throw errors.operationNotPermitted(`Subject '${subject}' is in read-only mode (${registryMode}); writes are refused until PUT /mode sets READWRITE`);
  }
  const importing = request.id !== undefined;
  if (importing && registryMode !== 'IMPORT') {
    throw errors.operationNotPermitted(`Subject '${subject}' is not in import mode: registering a schema with an explicit "id" needs PUT /mode/{subject} {"mode":"IMPORT"}`);
  }
  if (!importing && registryMode === 'IMPORT') {
    throw errors.operationNotPermitted(`Subject '${subject}' is in import mode: give the schema's "id", or set the mode back to READWRITE`);
  }
  const config = await effectiveConfig(ctx, subject);
  const normalize = options.normalize || config.normalize;
  const forceStrict = options.strict ?? false;
  const { store } = ctx;
  const versions = await store.getVersions(subject);
  const maxVersion = versions.reduce((m, v) => Math.max(m, v.version), 0);
  const compatLog = await store.getCompatIds(subject);

  // A schema the subject already has answers without a new version (every producer start sends one).
  const alreadyRegistered = async (fingerprint: string): Promise<RegistrationOutcome | undefined> => {
    const existing = await store.findSchemaByFingerprint(fingerprint);
    if (!existing) {
      if (importing && (await store.getSchema(request.id!))) {
        throw errors.operationNotPermitted(`Overwrite new schema with id ${request.id} is not permitted: that id already holds another schema`);
      }
      return undefined;
    }
    if (importing && existing.id !== request.id) throw errors.idDoesNotMatch(existing.id, request.id!);
    const live = versions.filter((v) => v.schemaId === existing.id && !v.deleted).at(-1);
    if (!live || (request.version !== undefined && request.version !== live.version)) return undefined;
    const schemaCompatId = compatIdForVersion(compatLog, live.version);
    return { id: existing.id, version: live.version, subject, created: false, ...(schemaCompatId && { schemaCompatId }) };
  };
  const known = ctx.catalog.known(request, normalize);
  const knownOutcome = known && (await alreadyRegistered(known.fingerprint));
  if (knownOutcome) return knownOutcome;

  const guard = await loadGuardState(store, subject, ctx.settings.validationMode);
  const evaluation = await ctx.catalog.evaluate(request, normalize, judgingFor(versions, config, { importing, includeDeleted: judgesDeletedVersions(guard) }));
  const { info } = evaluation;
  const unchanged = await alreadyRegistered(info.fingerprint);
  if (unchanged) {
    ctx.catalog.remember(request, normalize, info);
    return unchanged;
  }

  // A subject strict with no audit entry behind it takes no new schema until
  // one is recorded. Re-registering a schema it already has (every producer
  // start does) changes nothing and is answered above.
  const unaudited = unauditedReason(guard);
  if (unaudited) throw errors.subjectUnaudited(subject, unaudited);
  // An import takes the schema as it was, unchecked: on a strict subject (even
  // one set to IMPORT before it became strict) that is an admin's relaxation.
  const actor = options.actor ?? LOCAL_ACTOR;
  const importRelaxation = { kind: 'import' as const, what: `importing schema id ${request.id} unchecked` };
  const importVerdict = importing ? judgeRelaxation(guard, importRelaxation, actor) : 'allow';

  let version: number | undefined;
  if (request.version !== undefined) {
    if (!importing && request.version !== maxVersion + 1) {
      throw errors.invalidSchema(`Invalid schema: version ${request.version} was requested, but the next version of subject '${subject}' is ${maxVersion + 1}`);
    }
    if (importing && versions.some((v) => v.version === request.version)) {
      throw errors.operationNotPermitted(`Version ${request.version} of subject '${subject}' already exists with another schema`);
    }
    version = request.version;
  }

  // A request may ask for strict (?validationMode=strict): it can tighten the subject's mode, never loosen it.
  const mode = forceStrict ? 'strict' : guard.mode.mode;
  const existing = await store.findSchemaByFingerprint(info.fingerprint);
  const plan = planVersion({
    subject,
    info,
    evaluation,
    versions,
    compatLog,
    mode,
    createdAt: ctx.clock.now().toISOString(),
    id: request.id,
    version,
    purgeVersions: existing ? await purgeableVersions(store, subject, versions, existing.id, judgesDeletedVersions(guard)) : [],
    existingSchemaId: existing?.id,
  });
  const { compatibility, schemaCompatId } = plan;

  if (!compatibility.compatible && mode === 'strict') {
    const refused = plan.refusedReport();
    await store.recordRefusal(refused, 'strict');
    ctx.events.validationFailed(subject, 'strict');
    return { refused: incompatibleError(ctx, subject, compatibility).withExtra({ report: refused }) };
  }

  const result = await store.registerVersion(plan.input);
  if (importVerdict === 'unaudit') await markUnaudited(store, guard, importRelaxation, actor, ctx.clock.now());
  ctx.catalog.remember(request, normalize, info);
  ctx.events.versionRegistered(info.type);
  if (!compatibility.compatible) ctx.events.validationFailed(subject, mode);
  const finalReport = { ...plan.input.governance!.report, schemaId: result.schemaId, version: result.version };
  return {
    id: result.schemaId,
    version: result.version,
    subject,
    created: true,
    schemaCompatId,
    report: finalReport,
    ...(!compatibility.compatible && { warning: `Registered in canary mode although ${summarizeBreaking(finalReport)}` }),
  };
}

function incompatibleError(ctx: RegistryContext, subject: string, compatibility: CompatibilityResult): RegistryError {
  const details = `[${compatibility.messages.join(', ')}]`;
  return ctx.settings.incompatibleErrorCode === 40901
    ? errors.incompatibleSchemaDetailed(subject, details)
    : errors.incompatibleSchema(subject, details);
}

/** POST /subjects/{subject}: the version under which this exact schema is registered. */
export async function lookup(
  ctx: RegistryContext,
  subject: string,
  body: unknown,
  options: { deleted: boolean },
): Promise<SchemaVersionBody> {
  const request = parseSchemaRequest(body, ctx.settings, subject);
  const versions = (await ctx.store.getVersions(subject)).filter((v) => options.deleted || !v.deleted);
  if (versions.length === 0) throw errors.subjectNotFound(subject);
  let info: SchemaInfo;
  try {
    info = await ctx.catalog.describe(request, false);
  } catch (err) {
    // A schema whose references do not exist cannot have been registered.
    if (isRegistryError(err) && err.extra?.reference) throw errors.schemaNotFound();
    throw err;
  }
  const existing = await ctx.store.findSchemaByFingerprint(info.fingerprint);
  const match = existing && versions.filter((v) => v.schemaId === existing.id).at(-1);
  if (!existing || !match) throw errors.schemaNotFound();
  ctx.catalog.remember(request, false, info);
  return schemaVersionBody(match, existing);
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
  const versions = await ctx.store.getVersions(subject);
  const live = versions.filter((v) => !v.deleted).reverse();
  const config = await effectiveConfig(ctx, subject);
  // As a registration would judge it: a governed subject against the versions it served, too.
  const governed = judgesDeletedVersions(await loadGuardState(ctx.store, subject, ctx.settings.validationMode));
  let targets = comparedVersions(versions, config.compatibilityLevel, governed);
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
