import { formatDuration } from '../core/duration.ts';
import { errors, type RegistryError } from '../core/errors.ts';
import type { RegistryContext } from '../registry/registry-context.ts';
import { StoreConflictError } from '../store/store.ts';
import type { AuditEntry } from '../core/governance/audit-log.ts';
import { planBundle } from './bundle-plan.ts';
import * as machine from '../core/governance/change-request.ts';
import type { ChangeRequest, DryRunEvidence } from '../core/governance/change-request-types.ts';
import { readApproval, readChangeRequestFields, readNotes, readProposal } from './change-request-input.ts';
import { dryRun } from './dry-run.ts';
import { judgeDryRun } from './dry-run-evidence.ts';
import { changeRequestEvents } from '../core/governance/notification-events.ts';
import { assertStillInWindow, canaryFailureCount, changeRequestView, governancePolicy } from './change-request-reads.ts';
import { SETTINGS_LOCK } from '../core/governance/guard-rules.ts';
import { assertAudited, inOtherCanaries } from '../registry/subject-guard.ts';
import { actorLabel, type Actor } from '../core/governance/roles.ts';

const MAX_ATTEMPTS = 5;
const MAX_ID = 2 ** 31 - 1;

/**
 * Change requests end to end: each operation loads the CR, lets the pure
 * state machine decide, and saves the result with a compare-and-set on its
 * revision, so two concurrent operations on one CR never both succeed.
 */
export class ChangeRequestService {
  constructor(private readonly ctx: RegistryContext) {}

  private get store() {
    return this.ctx.store;
  }

  private now(): Date {
    return this.ctx.clock.now();
  }

  policy(): Promise<machine.GovernancePolicy> {
    return governancePolicy(this.ctx);
  }

  /**
   * POST /governance/change-requests, the body as text: the engine splits
   * off the sample records, which the store keeps beside the CR as text.
   * `actorOf` reads the acting user from the rest of the body (auth off).
   */
  async create(text: string | undefined, actorOf: (body: unknown) => Actor) {
    const { rest, samplesText, sampleCounts } = await this.split(text);
    const actor = actorOf(rest);
    const fields = readChangeRequestFields(rest);
    const proposal = await readProposal(this.ctx, rest, sampleCounts);
    await assertAudited(this.store, proposal.schemas.map((s) => s.subject), this.ctx.settings.validationMode);
    const policy = await this.policy();
    const created = await this.store.createChangeRequest(machine.newChangeRequest({ ...fields, ...proposal }, actor, this.now()), samplesText, (saved) =>
      changeRequestEvents(undefined, saved, policy),
    );
    this.ctx.events.notificationsQueued?.();
    return this.view(created, policy);
  }

  async show(idRaw: string) {
    return this.view(await this.load(idRaw));
  }

  /** PUT …/{id}/schemas, the body as text (see create). */
  async edit(idRaw: string, text: string | undefined, actorOf: (body: unknown) => Actor) {
    const cr = await this.load(idRaw);
    const { rest, samplesText, sampleCounts } = await this.split(text);
    const actor = actorOf(rest);
    const proposal = await readProposal(this.ctx, rest, sampleCounts);
    await assertAudited(this.store, proposal.schemas.map((s) => s.subject), this.ctx.settings.validationMode);
    return this.save(machine.editBundle(cr, proposal, actor, this.now()), cr, samplesText ?? null);
  }

  /** Runs the dry-run of the CR's bundle and samples and keeps it as evidence. */
  async dryRun(idRaw: string, actor: Actor) {
    const cr = await this.load(idRaw);
    machine.assertCanDryRun(cr, actor);
    const result = await dryRun(this.ctx, { entries: cr.schemas, samplesText: await this.store.getChangeRequestSamples(cr.id) });
    const { blockers, subjects } = judgeDryRun(result, cr.majorChanges);
    try {
      await assertAudited(this.store, cr.schemas.map((s) => s.subject), this.ctx.settings.validationMode);
    } catch (err) {
      blockers.push((err as Error).message);
    }
    for (const { subject, canaryOf } of await inOtherCanaries(this.store, cr.schemas.map((s) => s.subject), cr.id, this.ctx.settings.validationMode)) {
      blockers.push(`${subject}: in the canary window of change request ${canaryOf}; this one cannot be applied before that one is promoted or failed`);
    }
    const at = this.now().toISOString();
    const evidence: DryRunEvidence = { at, bundleSha: result.bundleSha ?? cr.bundleSha, ok: blockers.length === 0, blockers, subjects, user: actor.name, authenticated: actor.authenticated };
    return this.save(machine.attachDryRun(cr, evidence, actor, this.now()), cr);
  }

  async approve(idRaw: string, body: unknown, actor: Actor) {
    const cr = await this.load(idRaw);
    return this.save(machine.approve(cr, readApproval(body), actor, this.now(), await this.policy()), cr);
  }

  /**
   * Registers the bundle, puts its subjects in canary and starts the window:
   * one store transaction, with the bundle's subjects locked from the plan
   * to the write, so no registration slips in between.
   */
  async apply(idRaw: string, actor: Actor) {
    for (let attempt = 1; ; attempt++) {
      let read: ChangeRequest | undefined;
      try {
        return await this.withSubjectsLocked(idRaw, (locked, cr) => {
          read = cr;
          return locked.applyLocked(cr, actor);
        });
      } catch (err) {
        if (!(err instanceof StoreConflictError) || !read) throw err;
        const reason = await this.explainConflict(read, 'applied');
        if (reason || attempt >= MAX_ATTEMPTS) throw reason ?? errors.changeRequestConflict(read.id);
      }
    }
  }

  /**
   * Everything apply checks before it writes, throwing the refusal: the one
   * decision the API applies (inside the lock) and the console's button
   * reads (outside it), so the two cannot disagree.
   */
  async checkApply(cr: ChangeRequest, actor: Actor, policy: machine.GovernancePolicy) {
    machine.assertCanApply(cr, actor, policy);
    await assertAudited(this.store, cr.schemas.map((s) => s.subject), this.ctx.settings.validationMode);
    const plan = await planBundle(this.ctx, cr);
    if (plan.undeclaredBreaks.length > 0) throw errors.changeRequestStale(cr.id, plan.undeclaredBreaks.join('; '));
    // Only what the bundle changes enters the window; an unchanged strict subject stays strict.
    const moved = plan.subjects.filter((s) => s.change !== 'none').map((s) => s.subject);
    if (moved.length === 0) throw errors.changeRequestChangesNothing(cr.id);
    const [overlap] = await inOtherCanaries(this.store, moved, cr.id, this.ctx.settings.validationMode);
    if (overlap) throw errors.subjectInCanary(overlap.subject, overlap.canaryOf, `applying change request ${cr.id}`);
    return { plan, moved };
  }

  private async applyLocked(cr: ChangeRequest, actor: Actor) {
    const policy = await this.policy();
    const { plan, moved } = await this.checkApply(cr, actor, policy);
    const now = this.now();
    const writes = plan.subjects.filter((s) => s.plan);
    const saved = await this.store.applyChangeRequest({
      id: cr.id,
      expectedRevision: cr.revision,
      registrations: writes.map((s) => s.plan!.input),
      subjects: moved.map((subject) => ({
        subject,
        governance: { validationMode: 'canary', audited: true, changeRequestId: cr.id, updatedAt: now.toISOString(), updatedBy: actorLabel(actor) },
      })),
      changeRequest: (results) => {
        const registered = plan.subjects.map((s) => {
          const result = s.plan ? results[writes.indexOf(s)] : undefined;
          return { subject: s.subject, version: result?.version ?? s.version, schemaId: result?.schemaId ?? s.existingId!, created: result !== undefined };
        });
        return machine.startCanary(cr, registered, moved, actor, now, policy);
      },
      events: (saved) => changeRequestEvents(cr, saved, policy),
    });
    this.ctx.events.notificationsQueued?.();
    for (const s of writes) {
      this.ctx.events.versionRegistered(s.plan!.input.schema.schemaType);
      if (s.plan!.planned) this.ctx.events.plannedMajorChange(s.subject);
      else if (!s.plan!.compatibility.compatible) this.ctx.events.validationFailed(s.subject, 'canary');
    }
    return this.view(saved, policy);
  }

  /**
   * Subjects to strict and the audit entry, in one transaction. The CR's
   * subjects are locked as a registration locks its subject, and the
   * window's failures are counted inside that lock: a registration either
   * lands before (and is counted) or after (and meets strict).
   */
  async promote(idRaw: string, body: unknown, actor: Actor): Promise<{ changeRequest: unknown; auditEntry: AuditEntry }> {
    const notes = readNotes(body, { required: false });
    let read: ChangeRequest | undefined;
    try {
      return await this.withSubjectsLocked(idRaw, (locked, cr) => {
        read = cr;
        return locked.promoteLocked(cr, notes, actor);
      });
    } catch (err) {
      if (!(err instanceof StoreConflictError) || !read) throw err;
      throw (await this.explainConflict(read, 'promoted')) ?? errors.changeRequestConflict(read.id);
    }
  }

  /** Everything promote checks before it writes, throwing the refusal (see checkApply). */
  async checkPromote(cr: ChangeRequest, notes: string, actor: Actor, policy: machine.GovernancePolicy, now: Date) {
    const failures = cr.canary ? await this.canaryFailures(cr) : 0;
    const promoted = machine.promote(cr, notes, actor, now, policy, failures);
    await assertStillInWindow(this.store, cr);
    return { promoted, failures };
  }

  private async promoteLocked(cr: ChangeRequest, notes: string, actor: Actor) {
    const policy = await this.policy();
    const now = this.now();
    const { promoted, failures } = await this.checkPromote(cr, notes, actor, policy, now);
    const status = machine.canaryStatus(cr, now, policy, failures)!;
    // The window as observed, to the minute (to the second for windows under an hour).
    const unit = status.elapsedMs >= 3_600_000 ? 60_000 : 1_000;
    const observed = formatDuration(Math.floor(status.elapsedMs / unit) * unit);
    const entry = await this.store.promoteChangeRequest({
      id: cr.id,
      expectedRevision: cr.revision,
      subjects: machine.windowSubjects(cr).map((subject) => ({
        subject,
        governance: { validationMode: 'strict', audited: true, changeRequestId: cr.id, updatedAt: now.toISOString(), updatedBy: actorLabel(actor) },
      })),
      audit: {
        kind: 'promotion',
        date: now.toISOString().slice(0, 10),
        schemaBundleSha: cr.bundleSha,
        changeRequest: cr.reference,
        changeRequestId: cr.id,
        validationWindow: `${observed} canary`,
        notes: notes || `no validation failures in ${observed} of canary`,
        subjects: machine.windowSubjects(cr),
        evidence: {
          approvals: cr.approvals,
          failureCount: failures,
          windowStart: status.startedAt,
          windowEnd: now.toISOString(),
          ...(cr.dryRun && { dryRunAt: cr.dryRun.at }),
        },
        recordedBy: { user: actor.name, authenticated: actor.authenticated },
        createdAt: now.toISOString(),
      },
      changeRequest: (entry) => machine.withAuditSeq(promoted, entry.seq),
      events: (saved) => changeRequestEvents(cr, saved, policy),
    });
    this.ctx.events.notificationsQueued?.();
    return { changeRequest: await this.view(machine.withAuditSeq(promoted, entry.seq), policy), auditEntry: entry };
  }

  /**
   * Runs `work` with the CR's subjects locked (see Store.locked), on a
   * service whose reads and writes go through the locked store, with the CR
   * read again inside the lock.
   */
  private async withSubjectsLocked<T>(idRaw: string, work: (locked: ChangeRequestService, cr: ChangeRequest) => Promise<T>): Promise<T> {
    const subjects = (await this.load(idRaw)).schemas.map((s) => s.subject);
    return this.store.locked([...subjects, SETTINGS_LOCK], async (store) => {
      const locked = new ChangeRequestService({ ...this.ctx, store });
      const cr = await locked.load(idRaw);
      // An edit between the two reads changed the bundle: its subjects are not the ones locked.
      const now = cr.schemas.map((s) => s.subject);
      if (now.length !== subjects.length || now.some((s) => !subjects.includes(s))) throw errors.changeRequestConflict(cr.id);
      return work(locked, cr);
    });
  }

  async markFailed(idRaw: string, body: unknown, actor: Actor) {
    const cr = await this.load(idRaw);
    return this.save(machine.markCanaryFailed(cr, readNotes(body, { required: false }), actor, this.now()), cr);
  }

  async reject(idRaw: string, body: unknown, actor: Actor) {
    const cr = await this.load(idRaw);
    return this.save(machine.reject(cr, readNotes(body, { required: true }), actor, this.now()), cr);
  }

  async withdraw(idRaw: string, body: unknown, actor: Actor) {
    const cr = await this.load(idRaw);
    return this.save(machine.withdraw(cr, readNotes(body, { required: false }), actor, this.now()), cr);
  }

  private async load(idRaw: string): Promise<ChangeRequest> {
    // Ids are 32-bit in every store (PostgreSQL's INTEGER): a larger number names no change request.
    const id = /^[1-9]\d{0,9}$/.test(idRaw) && Number(idRaw) <= MAX_ID ? Number(idRaw) : undefined;
    const cr = id === undefined ? undefined : await this.store.getChangeRequest(id);
    if (!cr) throw errors.changeRequestNotFound(idRaw);
    return cr;
  }

  private async split(text: string | undefined) {
    if (text === undefined) throw errors.badRequest('The request body must be a JSON object, e.g. {"title": "…", "reference": "https://…/pull/12", "schemas": […]}.');
    return this.ctx.catalog.run('splitBody', { text });
  }

  /** Saves the CR with the events of its step, in one write (docs/decisions/016-notifications.md). */
  private async save(next: ChangeRequest, read: ChangeRequest, samplesText?: string | null) {
    const policy = await this.policy();
    try {
      await this.store.updateChangeRequest(next, read.revision, samplesText, changeRequestEvents(read, next, policy));
    } catch (err) {
      if (err instanceof StoreConflictError) throw errors.changeRequestConflict(read.id);
      throw err;
    }
    this.ctx.events.notificationsQueued?.();
    return this.view(next, policy);
  }

  /**
   * Why a write based on `read` conflicted: the CR itself moved on (a second
   * promotion finds it promoted), or undefined when only a subject changed
   * under the plan and planning again may succeed.
   */
  private async explainConflict(read: ChangeRequest, action: string): Promise<RegistryError | undefined> {
    const current = await this.store.getChangeRequest(read.id);
    if (!current || current.revision === read.revision) return undefined;
    if (current.state !== read.state) return errors.changeRequestWrongState(read.id, current.state, action, 'Another request moved it on meanwhile; read it again.');
    return errors.changeRequestConflict(read.id);
  }

  private canaryFailures(cr: ChangeRequest): Promise<number> {
    return canaryFailureCount(this.store, cr);
  }

  private async view(cr: ChangeRequest, policy?: machine.GovernancePolicy) {
    return changeRequestView(this.ctx, cr, policy ?? (await this.policy()));
  }
}
