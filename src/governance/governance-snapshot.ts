import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ValidationMode } from '../core/types.ts';
import type { RegistryContext } from '../registry/registry-context.ts';
import type { AuditHead, AuditRow } from '../core/governance/audit-log.ts';
import { auditLogFacts, judgeAuditLog, type AuditLogFacts } from './audit-service.ts';
import { windowSubjects } from '../core/governance/change-request.ts';
import type { ValidationFailure } from '../core/governance/governance-types.ts';
import { readSubjectModes } from './subject-modes.ts';

/** What the governance gauges show, read from the store: the same on every instance sharing it, and after a restart. */
export interface GovernanceSnapshot {
  /** Subjects with a live version or governance of their own, by effective validation mode. */
  subjectsByMode: Record<ValidationMode, number>;
  /** Strict subjects no audit entry records: registrations and change requests on them are refused. */
  unaudited: number;
  /** What GET /governance/audit-log/verify answers: the chain, the head, and every audited strict subject named by an entry. */
  audit: { ok: boolean; entries: number };
  /** Change requests in their canary window, with the failures each subject saw since it began (the promotion's evidence). */
  canaries: Array<{ changeRequest: number; failures: Array<{ subject: string; count: number }> }>;
}

/**
 * Reads the whole governance picture with a handful of bulk queries, never
 * one per subject: the subject list, every subject's own governance, the
 * settings, the open canaries and their failures, and the audit log. Each
 * phase yields to the event loop, so a synchronous store (SQLite) blocks it
 * for one phase at a time, not for the whole read. One reader per server:
 * it keeps the audit log's verification while the log is unchanged.
 */
export class GovernanceSnapshotReader {
  private verified: { rows: readonly AuditRow[]; head: AuditHead | undefined; facts: AuditLogFacts } | undefined;

  constructor(private readonly ctx: RegistryContext) {}

  async read(): Promise<GovernanceSnapshot> {
    const { rows, governed, settings } = await readSubjectModes(this.ctx);
    const subjectsByMode: Record<ValidationMode, number> = { canary: 0, strict: 0 };
    for (const row of rows) subjectsByMode[row.mode] += 1;
    const unaudited = rows.filter((row) => row.unaudited).length;

    const canaries = await canaryFailures(this.ctx);
    await yieldToEventLoop();
    // What GET /governance/audit-log/verify answers, from the governance read above.
    const verified = judgeAuditLog(await this.auditFacts(), governed, settings);
    return { subjectsByMode, unaudited, audit: { ok: verified.ok, entries: verified.entries }, canaries };
  }

  /**
   * Hashing and parsing every entry is most of a read's cost (about 10 µs an
   * entry); the rows themselves are cheap to read and compare. Unchanged
   * rows and head give the same verdict, and any edit changes a row.
   */
  private async auditFacts(): Promise<AuditLogFacts> {
    const { store } = this.ctx;
    const rows = await store.listAuditRows();
    const head = await store.getAuditHead();
    const last = this.verified;
    if (last && sameHead(last.head, head) && sameRows(last.rows, rows)) return last.facts;
    await yieldToEventLoop();
    const facts = auditLogFacts(rows, head, store.auditSigner);
    this.verified = { rows, head, facts };
    return facts;
  }
}

function sameHead(a: AuditHead | undefined, b: AuditHead | undefined): boolean {
  return a?.count === b?.count && a?.hash === b?.hash;
}

function sameRows(a: readonly AuditRow[], b: readonly AuditRow[]): boolean {
  return a.length === b.length && a.every((row, i) => row.seq === b[i].seq && row.hash === b[i].hash && row.mac === b[i].mac && row.entryJson === b[i].entryJson);
}

/**
 * Failures per subject of each open canary window, counted as the promotion
 * counts them (since the window began, the CR's own registrations aside),
 * from one read of the failures since the oldest window began.
 */
async function canaryFailures(ctx: RegistryContext): Promise<GovernanceSnapshot['canaries']> {
  const open = (await ctx.store.listChangeRequests({ state: 'canary' })).filter((cr) => cr.canary !== undefined);
  if (open.length === 0) return [];
  const since = open.map((cr) => cr.canary!.startedAt).sort()[0];
  const subjects = [...new Set(open.flatMap(windowSubjects))];
  const bySubject = new Map<string, ValidationFailure[]>();
  for (const failure of await ctx.store.listFailures({ subjects, since })) {
    const list = bySubject.get(failure.subject);
    if (list) list.push(failure);
    else bySubject.set(failure.subject, [failure]);
  }
  return open
    .sort((a, b) => a.id - b.id)
    .map((cr) => ({
      changeRequest: cr.id,
      failures: windowSubjects(cr).map((subject) => ({
        subject,
        count: (bySubject.get(subject) ?? []).filter((f) => f.createdAt >= cr.canary!.startedAt && f.report.changeRequestId !== cr.id).length,
      })),
    }));
}
