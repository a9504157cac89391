import type { ReportedChange } from '../compat/judge-predecessor.ts';
import type { RecordedActor } from './roles.ts';
import type { CompatibilityLevel, CompatibilityPolicy, SchemaType, ValidationMode } from '../types.ts';

export type { ReportedChange };

/**
 * What a registration or a dry-run found: the verdict under the subject's
 * compatibility level and policy, what broke, what was added, and what was
 * done about it under the validation mode.
 */
export interface SchemaValidationReport {
  subject: string;
  schemaType: SchemaType;
  mode: ValidationMode;
  compatibilityLevel: CompatibilityLevel;
  compatibilityPolicy: CompatibilityPolicy;
  compatible: boolean;
  /** The newest live version before this schema, if any. */
  previousVersion: number | null;
  versionsChecked: number[];
  breakingChanges: ReportedChange[];
  /** Paths of the fields or properties the new schema has and its predecessor had not. */
  addedFields: string[];
  /**
   * registered (a new version), planned (a new version breaking compatibility
   * as its change request declared and two approvers accepted: not a
   * failure), refused (strict), unchanged (already registered), dry-run.
   */
  outcome: 'registered' | 'planned' | 'refused' | 'unchanged' | 'dry-run';
  schemaId?: number;
  version?: number;
  schemaCompatId?: string;
  /** Set when the registration was a change request's own (apply): not evidence against its canary. */
  changeRequestId?: number;
  /** Who registered (or was refused): absent on reports recorded before it was kept. */
  registeredBy?: RecordedActor;
  createdAt: string;
}

/** An incompatible registration, allowed (canary) or refused (strict): the durable evidence canaries are judged by. */
export interface ValidationFailure {
  id: number;
  subject: string;
  mode: ValidationMode;
  registered: boolean;
  createdAt: string;
  report: SchemaValidationReport;
}

export interface StoredReport {
  id: number;
  subject: string;
  createdAt: string;
  report: SchemaValidationReport;
}

/** One major of a subject's schema_compat_id: the run of versions compatible with their predecessor. */
export interface CompatIdEntry {
  subject: string;
  major: number;
  compatId: string;
  firstVersion: number;
  lastVersion: number;
  createdAt: string;
  /** Why this major began: absent for a subject's first version. */
  bumpedBy?: {
    version: number;
    previousVersion: number | null;
    breakingChanges: Array<Pick<ReportedChange, 'ruleId' | 'path'>>;
    /** Set when nothing broke: every version of this major was deleted, and the new version was not judged against them as its predecessor. */
    deletedMajor?: string;
  };
}

/** Governance settings of one subject. */
export interface SubjectGovernance {
  /** undefined: the global validation mode applies. */
  validationMode?: ValidationMode;
  /** false when the subject's strict mode is not what an audit entry records: made strict by hand, or relaxed by an admin since. */
  audited: boolean;
  /** What left it unaudited, by whom and when. */
  unauditedBecause?: string;
  /** The change request whose apply or promotion set this mode, if one did. */
  changeRequestId?: number;
  updatedAt: string;
  updatedBy?: string;
}

/** Registry-wide governance settings that can change at run time (over the config file's defaults). */
export interface GovernanceSettings {
  validationMode?: ValidationMode;
  /** The audit entry recording the global strict mode; cleared whenever the global mode is changed. */
  globalStrictAudit?: { seq: number; at: string };
  /** Milliseconds. */
  minCanaryWindowMs?: number;
  requiredApprovals?: string[];
}
