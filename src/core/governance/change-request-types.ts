import type { BundleEntry } from '../bundle/link-bundle-references.ts';
import type { SubjectChange } from './bundle-change.ts';
import type { ReportedChange } from './governance-types.ts';
import type { RecordedActor } from './roles.ts';

/**
 * draft → dry-run-passed → approved → canary → strict, or rejected /
 * withdrawn (before the canary) / canary-failed (after it).
 */
export const CHANGE_REQUEST_STATES = ['draft', 'dry-run-passed', 'approved', 'canary', 'strict', 'rejected', 'withdrawn', 'canary-failed'] as const;
export type ChangeRequestState = (typeof CHANGE_REQUEST_STATES)[number];

export function isChangeRequestState(value: unknown): value is ChangeRequestState {
  return typeof value === 'string' && (CHANGE_REQUEST_STATES as readonly string[]).includes(value);
}

/** What a dry-run found for one subject of the bundle, as the CR keeps it. */
export interface SubjectEvidence {
  subject: string;
  schemaType: string;
  compatible: boolean;
  /** The author declared this subject's change an intended major change. */
  majorChange: boolean;
  previousVersion: number | null;
  versionsChecked: number[];
  breakingChanges: ReportedChange[];
  addedFields: string[];
  /** Already registered under the subject as this version. */
  existingVersion?: number;
  /** What applying does to the subject: a new schema, canary to strict, or nothing (absent on older CRs). */
  change?: SubjectChange;
  samples?: { total: number; valid: number; invalid: number; invalidRecords: Array<{ index: number; issues: Array<{ path: string; message: string }> }> };
}

export interface DryRunEvidence extends RecordedActor {
  at: string;
  bundleSha: string;
  /** True when nothing blocks approval. */
  ok: boolean;
  /** Why approval is blocked, one line each (empty when ok). */
  blockers: string[];
  subjects: SubjectEvidence[];
}

export interface Approval extends RecordedActor {
  role: string;
  notes: string;
  at: string;
}

export interface CanaryWindow extends RecordedActor {
  startedAt: string;
  /** The window the policy demanded when the canary started. */
  minWindowMs: number;
  /** The earliest promotion time at that policy. */
  endsAt: string;
  /** What applying registered (or found already registered) per subject. */
  registered: Array<{ subject: string; version: number; schemaId: number; created: boolean }>;
  /**
   * The subjects the window observes and the promotion makes strict: those
   * the bundle changes. Absent on CRs applied before it was recorded (then
   * every subject of the bundle).
   */
  subjects?: string[];
}

export interface Transition extends RecordedActor {
  from: ChangeRequestState | null;
  to: ChangeRequestState;
  at: string;
  note?: string;
}

/** A proposed schema bundle on its way to strict, with every step's evidence. */
export interface ChangeRequest {
  id: number;
  title: string;
  description: string;
  /** External reference, e.g. the pull request's URL: the audit table's "Change Request". */
  reference: string;
  author: RecordedActor;
  state: ChangeRequestState;
  schemas: BundleEntry[];
  /**
   * How many sample records per subject must validate against the proposed
   * schema. The records are kept by the store beside the CR, as JSON text,
   * and read only by its dry-run (absent on CRs created before that).
   */
  sampleCounts?: Record<string, number>;
  /** Subjects whose incompatible change is intended (a new major): it does not block the dry-run. */
  majorChanges: string[];
  bundleSha: string;
  dryRun?: DryRunEvidence;
  approvals: Approval[];
  canary?: CanaryWindow;
  /** How it ended: promotion (with its audit entry), rejection, withdrawal or a failed canary. */
  closed?: RecordedActor & { at: string; notes: string; auditSeq?: number };
  history: Transition[];
  createdAt: string;
  updatedAt: string;
  /** Bumped on every write; a write based on an older version is refused (optimistic concurrency). */
  revision: number;
}

/** A new change request before the store gives it an id. */
export type NewChangeRequest = Omit<ChangeRequest, 'id'>;
