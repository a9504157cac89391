import { errors } from '../core/errors.ts';
import type { BundleEntryResult, SubjectJudging } from '../engine/engine-types.ts';
import { judgingFor, planVersion, type VersionPlan } from '../registry/plan-version.ts';
import type { RegistryContext } from '../registry/registry-context.ts';
import { configOf, guardOf, liveVersionWith, maxVersionOf, purgeableVersions, registryModeOf } from '../registry/subject-state.ts';
import type { SubjectSnapshot } from '../store/store.ts';
import { subjectChange, type SubjectChange } from '../core/governance/bundle-change.ts';
import type { ChangeRequest } from '../core/governance/change-request-types.ts';
import type { ReportedChange } from '../core/governance/governance-types.ts';
import { judgesDeletedVersions, type GuardState } from '../core/governance/guard-rules.ts';
import { summarizeBreaking } from '../core/governance/validation-report.ts';

export interface PlannedSubject {
  subject: string;
  /** The version the subject will have the bundle's schema as. */
  version: number;
  /** Present when the schema is new to the subject. */
  plan?: VersionPlan;
  /** The schema's id when it is already registered under the subject. */
  existingId?: number;
  change: SubjectChange;
}

export interface BundlePlan {
  /** Dependencies first, so a referenced schema is written before its referrers. */
  subjects: PlannedSubject[];
  /** Incompatibilities the author did not declare as major changes: the registry moved since the dry-run. */
  undeclaredBreaks: string[];
}

/** What a bundle's subjects are judged with, read once per subject: their snapshot, guard state and the engine's judging. */
export interface BundleSubject {
  snapshot: SubjectSnapshot;
  guard: GuardState;
  judging: SubjectJudging;
  /** The version a new schema would get. */
  nextVersion: number;
}

/** Reads each subject of a bundle once, as a registration of it now would be judged (withdrawn versions included where governed). */
export async function bundleSubjects(ctx: RegistryContext, subjects: Iterable<string>): Promise<Map<string, BundleSubject>> {
  const out = new Map<string, BundleSubject>();
  for (const subject of subjects) {
    const snapshot = await ctx.store.loadSubject(subject);
    const guard = guardOf(snapshot, ctx.settings.validationMode);
    const judging = judgingFor(snapshot.versions, configOf(snapshot, ctx.settings), { includeDeleted: judgesDeletedVersions(guard) });
    out.set(subject, { snapshot, guard, judging, nextVersion: maxVersionOf(snapshot) + 1 });
  }
  return out;
}

/**
 * How applying a CR's bundle would register it now. A schema referencing
 * another subject of the bundle points at the version the bundle gives that
 * subject: the next version if its schema is new, the existing one if it is
 * already registered. Since that choice changes the referrer's own identity,
 * the plan is iterated until no planned version moves.
 */
export async function planBundle(ctx: RegistryContext, cr: ChangeRequest): Promise<BundlePlan> {
  const read = await bundleSubjects(ctx, cr.schemas.map((s) => s.subject));
  for (const [subject, { snapshot }] of read) {
    const mode = registryModeOf(snapshot);
    if (mode !== 'READWRITE') {
      throw errors.operationNotPermitted(`Subject '${subject}' is in ${mode} mode: change request ${cr.id} can only be applied to subjects in READWRITE mode`);
    }
  }
  const snapshotOf = (subject: string) => read.get(subject)!.snapshot;
  const judge: Record<string, SubjectJudging> = Object.fromEntries([...read].map(([subject, r]) => [subject, r.judging]));
  const next = (subject: string) => read.get(subject)!.nextVersion;
  const planned: Record<string, number> = Object.fromEntries(cr.schemas.map((e) => [e.subject, next(e.subject)]));
  const existing = new Map<string, number>();
  let entries: BundleEntryResult[] = [];
  for (let round = 0; round <= cr.schemas.length; round++) {
    entries = (await ctx.catalog.run('bundle', { ns: ctx.catalog.ns, entries: cr.schemas, nextVersions: { ...planned }, judge })).entries;
    let moved = false;
    for (const { entry, info, error } of entries) {
      if (!info) throw errors.invalidSchema(`${error} (subject '${entry.subject}')`);
      const live = liveVersionWith(snapshotOf(entry.subject), info.fingerprint);
      const version = live ? live.version : next(entry.subject);
      if (live) existing.set(entry.subject, live.schemaId);
      else existing.delete(entry.subject);
      if (planned[entry.subject] !== version) {
        planned[entry.subject] = version;
        moved = true;
      }
    }
    if (!moved) break;
  }

  const subjects: PlannedSubject[] = [];
  const undeclaredBreaks: string[] = [];
  const createdAt = ctx.clock.now().toISOString();
  for (const { entry, info, evaluation } of dependenciesFirst(entries)) {
    const version = planned[entry.subject];
    const existingId = existing.get(entry.subject);
    if (existingId !== undefined) {
      subjects.push({ subject: entry.subject, version, existingId, change: subjectChange(false, read.get(entry.subject)!.guard.mode.mode) });
      continue;
    }
    const snapshot = snapshotOf(entry.subject);
    const plan = planVersion({
      snapshot,
      info: info!,
      evaluation: evaluation!,
      // Applying puts the subjects in canary: an intended major change registers and is recorded.
      mode: 'canary',
      createdAt,
      purgeVersions: purgeableVersions(snapshot, info!.fingerprint, judgesDeletedVersions(read.get(entry.subject)!.guard)),
      changeRequestId: cr.id,
      declaredMajor: cr.majorChanges.includes(entry.subject),
    });
    if (!plan.compatibility.compatible && !cr.majorChanges.includes(entry.subject)) {
      undeclaredBreaks.push(`${entry.subject} is ${summarizeBreaking(plan.input.governance!.report, { naming: false })}`);
    } else if (plan.planned) {
      // A declared major covers the breaks its approvers saw in the dry-run, not whatever the registry makes of it since.
      const unseen = breaksBeyondEvidence(cr, entry.subject, plan.input.governance!.report.breakingChanges);
      if (unseen.length > 0) undeclaredBreaks.push(`${entry.subject} now also breaks ${unseen.join(', ')}, which its dry-run did not show`);
    }
    subjects.push({ subject: entry.subject, version, plan, change: 'schema' });
  }
  return { subjects, undeclaredBreaks };
}

/** The breaks (rule at path) a declared major change has now that its dry-run evidence did not list. */
function breaksBeyondEvidence(cr: ChangeRequest, subject: string, breaks: readonly ReportedChange[]): string[] {
  const seen = new Set((cr.dryRun?.subjects.find((s) => s.subject === subject)?.breakingChanges ?? []).map((c) => `${c.ruleId} at ${c.path}`));
  return [...new Set(breaks.map((c) => `${c.ruleId} at ${c.path}`))].filter((key) => !seen.has(key));
}

/** Entries ordered so that every bundle subject an entry references comes before it. */
function dependenciesFirst(entries: BundleEntryResult[]): BundleEntryResult[] {
  const bySubject = new Map(entries.map((e) => [e.entry.subject, e]));
  const out: BundleEntryResult[] = [];
  const placed = new Set<string>();
  const place = (e: BundleEntryResult) => {
    if (placed.has(e.entry.subject)) return;
    placed.add(e.entry.subject);
    for (const ref of e.entry.references) {
      const target = bySubject.get(ref.subject);
      if (target) place(target);
    }
    out.push(e);
  };
  entries.forEach(place);
  return out;
}
