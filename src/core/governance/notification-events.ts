import { missingApprovals, windowSubjects, type CanaryStatus, type GovernancePolicy } from './change-request.ts';
import type { ChangeRequest, ChangeRequestState, Transition } from './change-request-types.ts';
import type { ValidationFailure } from './governance-types.ts';
import type { RecordedActor } from './roles.ts';

/**
 * What governance tells the outside world (webhooks, the console's feed):
 * events derived, purely, from what the change-request machine recorded and
 * from the failures a canary window observed. Nothing here reads a store or
 * a clock; the store keeps the events in the same transaction as the change
 * they describe (docs/decisions/016-notifications.md).
 */
export const NOTIFICATION_TYPES = [
  'change-request.created',
  'change-request.dry-run-failed',
  'change-request.awaiting-approval',
  'change-request.approved',
  'change-request.applied',
  'canary.failure',
  'change-request.promotable',
  'change-request.promoted',
  'change-request.rejected',
  'change-request.withdrawn',
  'change-request.canary-failed',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export function isNotificationType(value: unknown): value is NotificationType {
  return typeof value === 'string' && (NOTIFICATION_TYPES as readonly string[]).includes(value);
}

/** The change request as every event about one carries it: enough to say which, without its bundle. */
export interface ChangeRequestRef {
  id: number;
  title: string;
  reference: string;
  state: ChangeRequestState;
  author: string;
  bundleSha: string;
}

/** An event before the store numbers it. */
export interface NotificationDraft {
  /** Unique: appending a key already stored is ignored, so deriving an event twice records it once. */
  key: string;
  type: NotificationType;
  at: string;
  changeRequestId?: number;
  subject?: string;
  actor?: RecordedActor;
  payload: Record<string, unknown> & { changeRequest?: ChangeRequestRef };
}

/** An event as stored: `seq` orders every event of the registry. */
export type NotificationEvent = NotificationDraft & { seq: number };

export function changeRequestRef(cr: ChangeRequest): ChangeRequestRef {
  return { id: cr.id, title: cr.title, reference: cr.reference, state: cr.state, author: cr.author.user, bundleSha: cr.bundleSha };
}

/**
 * The events of one change-request write: one per transition the machine
 * appended between `before` (undefined for a new CR) and `after`. Each
 * machine step appends exactly one transition, so the transition's index is
 * a key no other write can produce, and replaying the same write gives the
 * same keys.
 */
export function changeRequestEvents(before: ChangeRequest | undefined, after: ChangeRequest, policy: GovernancePolicy): NotificationDraft[] {
  const start = before?.history.length ?? 0;
  const drafts: NotificationDraft[] = [];
  after.history.slice(start).forEach((transition, i) => {
    const found = eventOf(transition, before, after, policy);
    if (!found) return;
    drafts.push({
      key: `change-request:${after.id}:${start + i}`,
      type: found.type,
      at: transition.at,
      changeRequestId: after.id,
      actor: { user: transition.user, authenticated: transition.authenticated },
      payload: { changeRequest: changeRequestRef(after), ...found.payload },
    });
  });
  return drafts;
}

type Found = { type: NotificationType; payload: Record<string, unknown> };

function eventOf(t: Transition, before: ChangeRequest | undefined, after: ChangeRequest, policy: GovernancePolicy): Found | undefined {
  const notes = after.closed?.notes ?? t.note ?? '';
  if (t.from === null) return { type: 'change-request.created', payload: { subjects: after.schemas.map((s) => s.subject) } };
  switch (t.to) {
    case 'draft': {
      // Back to draft after an edit says nothing; after a new failing dry-run it does.
      const fresh = after.dryRun && !after.dryRun.ok && JSON.stringify(after.dryRun) !== JSON.stringify(before?.dryRun);
      return fresh ? { type: 'change-request.dry-run-failed', payload: { blockers: after.dryRun!.blockers } } : undefined;
    }
    case 'dry-run-passed':
      // Entered by a passing dry-run, and again by each approval that leaves roles missing: either way someone is waited for.
      // A dry-run run again on a CR already waiting changes nothing anyone waits for: no second announcement.
      if (t.from === 'dry-run-passed' && after.approvals.length === (before?.approvals.length ?? 0)) return undefined;
      return { type: 'change-request.awaiting-approval', payload: { missingApprovals: missingApprovals(after, policy), approvals: approvalsOf(after) } };
    case 'approved':
      return t.from === 'approved' ? undefined : { type: 'change-request.approved', payload: { approvals: approvalsOf(after) } };
    case 'canary':
      return {
        type: 'change-request.applied',
        payload: { canary: { startedAt: after.canary?.startedAt, endsAt: after.canary?.endsAt, subjects: windowSubjects(after) } },
      };
    case 'strict':
      return { type: 'change-request.promoted', payload: { auditSeq: after.closed?.auditSeq, subjects: windowSubjects(after), notes } };
    case 'rejected':
      return { type: 'change-request.rejected', payload: { notes } };
    case 'withdrawn':
      return { type: 'change-request.withdrawn', payload: { notes } };
    case 'canary-failed':
      return { type: 'change-request.canary-failed', payload: { notes } };
  }
}

function approvalsOf(cr: ChangeRequest) {
  return cr.approvals.map((a) => ({ role: a.role, user: a.user }));
}

/** A failure a CR's canary window observed (not one of the CR's own registrations: the caller filters those). */
export function canaryFailureEvent(failure: ValidationFailure, cr: ChangeRequest): NotificationDraft {
  const { report } = failure;
  return {
    key: `canary-failure:${failure.id}`,
    type: 'canary.failure',
    at: failure.createdAt,
    changeRequestId: cr.id,
    subject: failure.subject,
    payload: {
      changeRequest: changeRequestRef(cr),
      failure: {
        id: failure.id,
        mode: failure.mode,
        registered: failure.registered,
        ...(report.version !== undefined && { version: report.version }),
        ...(report.schemaId !== undefined && { schemaId: report.schemaId }),
        breakingChanges: report.breakingChanges.slice(0, 10).map((c) => ({ ruleId: c.ruleId, path: c.path, message: c.message })),
      },
    },
  };
}

/** A canary window that has passed without a failure: the CR may be promoted. One per window (its start is in the key). */
export function promotableEvent(cr: ChangeRequest, status: CanaryStatus): NotificationDraft {
  return {
    key: `promotable:${cr.id}:${status.startedAt}`,
    type: 'change-request.promotable',
    at: status.endsAt,
    changeRequestId: cr.id,
    payload: { changeRequest: changeRequestRef(cr), canary: { startedAt: status.startedAt, endsAt: status.endsAt, windowMs: status.windowMs, subjects: windowSubjects(cr) } },
  };
}

/**
 * An event as webhooks receive it and the feed answers it: its key as `id`
 * (the same as x-schemagate-delivery), then what it carries.
 */
export function notificationBody(event: NotificationEvent): Record<string, unknown> {
  const { key, seq, type, at, subject, actor, payload } = event;
  return { id: key, seq, type, at, ...(subject !== undefined && { subject }), ...(actor && { actor }), ...payload };
}

/** Where the console shows a CR, when its URL is configured (notifications.consoleUrl). */
export function changeRequestLink(consoleUrl: string, id: number): string {
  return `${consoleUrl.replace(/\/+$/, '')}/ui/#/change-requests/${id}`;
}

/**
 * The event as a Slack incoming webhook's `text`: one line saying what
 * happened, and a second with the console link when there is one. Slack
 * reads `&`, `<` and `>` as markup, so text from users is escaped.
 */
export function slackText(event: NotificationDraft, consoleUrl?: string): string {
  const line = eventLine(event, slackEscape);
  return consoleUrl && event.changeRequestId !== undefined ? `${line}\n<${changeRequestLink(consoleUrl, event.changeRequestId)}|Open in the console>` : line;
}

/**
 * What happened, in one line: Slack's text and the console's activity feed
 * say the same sentence. `esc` escapes text that users wrote (Slack reads
 * `<`, `>` and `&` as markup; the console renders text as text).
 */
export function eventLine(event: NotificationDraft, esc: (text: string) => string = (text) => text): string {
  const p = event.payload as Record<string, any>;
  const cr = p.changeRequest as ChangeRequestRef | undefined;
  const name = cr ? `Change request #${cr.id} “${esc(cr.title)}”` : 'A change request';
  const by = event.actor ? ` by ${esc(event.actor.user)}` : '';
  const why = (notes: unknown) => (typeof notes === 'string' && notes.trim() !== '' ? `: ${esc(notes)}` : '');
  const line = ((): string => {
    switch (event.type) {
      case 'change-request.created':
        return `${name} opened${by} (${(p.subjects as string[]).map(esc).join(', ')})`;
      case 'change-request.dry-run-failed':
        return `${name}: dry-run failed${by}: ${(p.blockers as string[]).map(esc).join('; ')}`;
      case 'change-request.awaiting-approval':
        return `${name} awaits approval from ${(p.missingApprovals as string[]).join(' and ') || 'nobody'}`;
      case 'change-request.approved':
        return `${name} approved (${(p.approvals as Array<{ role: string; user: string }>).map((a) => `${a.role}: ${esc(a.user)}`).join(', ')})`;
      case 'change-request.applied':
        return `${name} applied${by}; canary window on ${(p.canary.subjects as string[]).map(esc).join(', ')} until ${p.canary.endsAt}`;
      case 'canary.failure': {
        const first = (p.failure.breakingChanges as Array<{ ruleId: string; path: string }>)[0];
        return `Canary failure on ${esc(event.subject ?? '?')} (${name})${p.failure.version !== undefined ? `: version ${p.failure.version}` : ''}${first ? `, ${first.ruleId} at ${esc(first.path)}` : ''}`;
      }
      case 'change-request.promotable':
        return `${name} can be promoted: its canary window ended ${p.canary.endsAt} with no failures`;
      case 'change-request.promoted':
        return `${name} promoted to strict${by}${p.auditSeq !== undefined ? ` (audit entry ${p.auditSeq})` : ''}`;
      case 'change-request.rejected':
        return `${name} rejected${by}${why(p.notes)}`;
      case 'change-request.withdrawn':
        return `${name} withdrawn${by}${why(p.notes)}`;
      case 'change-request.canary-failed':
        return `${name}: canary marked failed${by}${why(p.notes)}`;
    }
  })();
  return line;
}

function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
