import type { RegistryServices } from '../compose-registry.ts';
import type { VersionDifference } from '../core/compat/check-compatibility.ts';
import type { FoldedDiff } from '../core/diff/fold-rows.ts';
import type { DiffFlag } from '../core/diff/side-by-side.ts';
import type { ChangeRequest } from '../core/governance/change-request-types.ts';
import { windowSubjects } from '../core/governance/change-request.ts';
import type { ValidationFailure } from '../core/governance/governance-types.ts';
import type { CompatibilityLevel, SchemaType } from '../core/types.ts';
import { planBundle } from '../governance/bundle-plan.ts';

/** One subject of a change request's bundle beside what the registry holds. */
export interface BundleSubjectDiff {
  subject: string;
  schemaType: SchemaType;
  /** The version the proposal is compared with: the registry's latest, or after apply the version before the bundle's. */
  base: { version: number; id: number } | null;
  /** After apply: the version the bundle registered. */
  registered?: { version: number; id: number };
  /** Whether the schema is new to the subject, already there, or the plan could not be made (why). */
  status: 'changed' | 'unchanged' | 'new-subject' | 'not-planned';
  note?: string;
  diff: FoldedDiff;
}

const LEVEL_DIRECTIONS: Record<CompatibilityLevel, Array<'backward' | 'forward'>> = {
  NONE: [],
  BACKWARD: ['backward'],
  BACKWARD_TRANSITIVE: ['backward'],
  FORWARD: ['forward'],
  FORWARD_TRANSITIVE: ['forward'],
  FULL: ['backward', 'forward'],
  FULL_TRANSITIVE: ['backward', 'forward'],
};

type SchemaText = { schemaType: SchemaType; text: string };

/** Two schemas side by side, flagged and folded, computed on the engine's worker (a megabyte schema is CPU work). */
export function schemaDiff(services: RegistryServices, old: SchemaText | null, next: SchemaText, flags: DiffFlag[]): Promise<FoldedDiff> {
  return services.registry.ctx.catalog.run('sideBySide', { old, new: next, flags });
}

/** The verdict a reviewer sees on a difference: breaking, compatible, or breaking as the author declared (a planned major). */
export function flagOf(d: Pick<VersionDifference, 'ruleId' | 'path' | 'message' | 'compatible' | 'direction'>, declaredMajor: boolean): DiffFlag {
  const verdict = d.compatible ? 'compatible' : declaredMajor ? 'declared-major' : 'breaking';
  return { ruleId: d.ruleId, path: d.path, message: d.message, verdict, direction: d.direction };
}

/**
 * The change request's bundle, subject by subject, as a side-by-side diff
 * with every difference flagged. Before apply, each proposal is judged as
 * applying would judge it now (planBundle), against the subject's latest
 * version; after apply, the registered version is compared with the one
 * before it, so the page still shows what was approved.
 */
export async function bundleDiffs(services: RegistryServices, cr: ChangeRequest): Promise<BundleSubjectDiff[]> {
  if (cr.canary) return registeredDiffs(services, cr);
  const { registry } = services;
  let plan: Awaited<ReturnType<typeof planBundle>> | undefined;
  let planError: string | undefined;
  try {
    plan = await planBundle(registry.ctx, cr);
  } catch (err) {
    planError = (err as Error).message;
  }
  const out: BundleSubjectDiff[] = [];
  for (const entry of cr.schemas) {
    const latest = await registry.store.getVersionWithSchema(entry.subject, 'latest');
    const live = latest && !latest.version.deleted ? latest : undefined;
    const base = live ? { version: live.version.version, id: live.schema.id } : null;
    const old = live ? { schemaType: live.schema.schemaType, text: live.schema.schema } : null;
    const proposed = { schemaType: entry.schemaType, text: entry.schema };
    const planned = plan?.subjects.find((s) => s.subject === entry.subject);
    const declared = cr.majorChanges.includes(entry.subject);
    const shown = { subject: entry.subject, schemaType: entry.schemaType, base };
    if (!planned) {
      out.push({ ...shown, status: 'not-planned', note: planError, diff: await schemaDiff(services, old, proposed, []) });
    } else if (!planned.plan) {
      out.push({ ...shown, status: 'unchanged', note: `already registered as version ${planned.version}`, diff: await schemaDiff(services, old, proposed, []) });
    } else {
      // Differences from the newest version compared sit on the diff; breaks against older versions (transitive levels) are listed above it.
      const flags = planned.plan.compatibility.differences.map((d) => ({ ...flagOf(d, declared), againstVersion: base && d.version !== base.version ? d.version : undefined }));
      const diff = await schemaDiff(services, old, proposed, flags.filter((f) => f.againstVersion === undefined).map(({ againstVersion: _, ...f }) => f));
      out.push({ ...shown, status: base ? 'changed' : 'new-subject', diff: withOlderUnplaced(diff, flags) });
    }
  }
  return out;
}

function withOlderUnplaced(diff: FoldedDiff, flags: Array<DiffFlag & { againstVersion?: number }>): FoldedDiff {
  const older = flags.filter((f) => f.againstVersion !== undefined).map(({ againstVersion, ...f }) => ({ ...f, message: `against version ${againstVersion}: ${f.message}` }));
  return older.length === 0 ? diff : { ...diff, unplaced: [...diff.unplaced, ...older] };
}

async function registeredDiffs(services: RegistryServices, cr: ChangeRequest): Promise<BundleSubjectDiff[]> {
  const { registry } = services;
  const out: BundleSubjectDiff[] = [];
  for (const entry of cr.schemas) {
    const registered = cr.canary!.registered.find((r) => r.subject === entry.subject);
    const proposed = { schemaType: entry.schemaType, text: entry.schema };
    const shown = { subject: entry.subject, schemaType: entry.schemaType };
    if (!registered) {
      out.push({ ...shown, base: null, status: 'not-planned', diff: await schemaDiff(services, null, proposed, []) });
      continue;
    }
    const reg = { version: registered.version, id: registered.schemaId };
    const before = (await registry.store.getVersions(entry.subject)).filter((v) => v.version < registered.version && !v.deleted).at(-1);
    const oldSchema = before && registered.created ? await registry.store.getSchema(before.schemaId) : undefined;
    if (!registered.created) {
      out.push({ ...shown, base: reg, registered: reg, status: 'unchanged', note: `already registered as version ${registered.version}`, diff: await schemaDiff(services, proposed, proposed, []) });
    } else if (!before || !oldSchema) {
      out.push({ ...shown, base: null, registered: reg, status: 'new-subject', diff: await schemaDiff(services, null, proposed, []) });
    } else {
      const flags = await versionFlags(services, entry.subject, before.version, registered.version, cr.majorChanges.includes(entry.subject));
      const diff = await schemaDiff(services, { schemaType: oldSchema.schemaType, text: oldSchema.schema }, proposed, flags);
      out.push({ ...shown, base: { version: before.version, id: before.schemaId }, registered: reg, status: 'changed', diff });
    }
  }
  return out;
}

/**
 * Two stored versions' differences as flags: both directions, each
 * breaking only where the subject's level reads that direction.
 */
export async function versionFlags(services: RegistryServices, subject: string, from: number, to: number, declaredMajor = false): Promise<DiffFlag[]> {
  const diff = await services.governance.diff(subject, String(from), String(to));
  const counted = LEVEL_DIRECTIONS[diff.compatibilityLevel];
  const flags: DiffFlag[] = [];
  for (const [direction, result] of [['backward', diff.backward], ['forward', diff.forward]] as const) {
    for (const d of result.differences) {
      const breaking = !d.compatible && counted.includes(direction);
      // A forward-only difference that the level ignores is noise on the page.
      if (direction === 'forward' && !breaking) continue;
      flags.push(flagOf({ ...d, compatible: !breaking, direction }, declaredMajor));
    }
  }
  return flags;
}

/** Failures a change request page lists at most; the count covers them all. */
export const SHOWN_FAILURES = 100;

/**
 * The failures a canary window saw (what the promotion counts): the first
 * SHOWN_FAILURES with subject, version, who, when and the report, and how
 * many there were in all (counted by the store, so a window with a hundred
 * thousand costs one count).
 */
export async function windowFailures(services: RegistryServices, cr: ChangeRequest): Promise<{ list: ValidationFailure[]; total: number }> {
  if (!cr.canary) return { list: [], total: 0 };
  const filter = { subjects: windowSubjects(cr), since: cr.canary.startedAt, excludeChangeRequest: cr.id, ...(cr.closed && { until: cr.closed.at }) };
  const { store } = services.registry;
  return { list: await store.listFailures({ ...filter, limit: SHOWN_FAILURES }), total: await store.countFailures(filter) };
}
