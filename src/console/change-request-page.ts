import type { RegistryServices } from '../compose-registry.ts';
import type { VersionDifference } from '../core/compat/check-compatibility.ts';
import { formatSchemaText, sideBySide, type DiffFlag, type SideBySideDiff } from '../core/diff/side-by-side.ts';
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
  diff: SideBySideDiff;
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
    const oldText = live ? formatSchemaText(live.schema.schemaType, live.schema.schema) : null;
    const newText = formatSchemaText(entry.schemaType, entry.schema);
    const planned = plan?.subjects.find((s) => s.subject === entry.subject);
    const declared = cr.majorChanges.includes(entry.subject);
    if (!planned) {
      out.push({ subject: entry.subject, schemaType: entry.schemaType, base, status: 'not-planned', note: planError, diff: sideBySide(oldText, newText, []) });
      continue;
    }
    if (!planned.plan) {
      out.push({ subject: entry.subject, schemaType: entry.schemaType, base, status: 'unchanged', note: `already registered as version ${planned.version}`, diff: sideBySide(oldText, newText, []) });
      continue;
    }
    // Differences from the newest version compared sit on the diff; breaks against older versions (transitive levels) are listed above it.
    const flags = planned.plan.compatibility.differences.map((d) => ({ ...flagOf(d, declared), ...(base && d.version !== base.version && { againstVersion: d.version }) }));
    out.push({ subject: entry.subject, schemaType: entry.schemaType, base, status: base ? 'changed' : 'new-subject', diff: withOlderUnplaced(sideBySide(oldText, newText, flags.filter((f) => !('againstVersion' in f))), flags) });
  }
  return out;
}

function withOlderUnplaced(diff: SideBySideDiff, flags: Array<DiffFlag & { againstVersion?: number }>): SideBySideDiff {
  const older = flags.filter((f) => f.againstVersion !== undefined).map((f) => ({ ...f, message: `against version ${f.againstVersion}: ${f.message}` }));
  return older.length === 0 ? diff : { ...diff, unplaced: [...diff.unplaced, ...older] };
}

async function registeredDiffs(services: RegistryServices, cr: ChangeRequest): Promise<BundleSubjectDiff[]> {
  const { registry } = services;
  const out: BundleSubjectDiff[] = [];
  for (const entry of cr.schemas) {
    const registered = cr.canary!.registered.find((r) => r.subject === entry.subject);
    const newText = formatSchemaText(entry.schemaType, entry.schema);
    if (!registered) {
      out.push({ subject: entry.subject, schemaType: entry.schemaType, base: null, status: 'not-planned', diff: sideBySide(null, newText, []) });
      continue;
    }
    const versions = await registry.store.getVersions(entry.subject);
    const before = versions.filter((v) => v.version < registered.version && !v.deleted).at(-1);
    const reg = { version: registered.version, id: registered.schemaId };
    if (!registered.created) {
      out.push({ subject: entry.subject, schemaType: entry.schemaType, base: reg, registered: reg, status: 'unchanged', note: `already registered as version ${registered.version}`, diff: sideBySide(newText, newText, []) });
      continue;
    }
    if (!before) {
      out.push({ subject: entry.subject, schemaType: entry.schemaType, base: null, registered: reg, status: 'new-subject', diff: sideBySide(null, newText, []) });
      continue;
    }
    const oldSchema = await registry.store.getSchema(before.schemaId);
    const oldText = oldSchema ? formatSchemaText(oldSchema.schemaType, oldSchema.schema) : null;
    const flags = await versionFlags(services, entry.subject, before.version, registered.version, cr.majorChanges.includes(entry.subject));
    out.push({
      subject: entry.subject,
      schemaType: entry.schemaType,
      base: { version: before.version, id: before.schemaId },
      registered: reg,
      status: 'changed',
      diff: sideBySide(oldText, newText, flags),
    });
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

/** The failures a canary window saw (what the promotion counts): subject, version, who, when and the report. */
export async function windowFailures(services: RegistryServices, cr: ChangeRequest): Promise<ValidationFailure[]> {
  if (!cr.canary) return [];
  const failures = await services.registry.store.listFailures({ subjects: windowSubjects(cr), since: cr.canary.startedAt });
  const until = cr.closed?.at;
  return failures.filter((f) => f.report.changeRequestId !== cr.id && (until === undefined || f.createdAt <= until));
}
