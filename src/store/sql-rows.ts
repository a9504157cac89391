import type { SchemaReference, SchemaType, ValidationMode } from '../core/types.ts';
import { compatIdOf } from '../core/governance/compat-id.ts';
import type { CompatIdEntry, SchemaValidationReport, StoredReport, ValidationFailure } from '../core/governance/governance-types.ts';
import type { NotificationType } from '../core/governance/notification-events.ts';
import type { DeliveryRecord, DeliveryState, StoredSchema, SubjectVersion } from './store.ts';

/**
 * Rows of the tables SQLite and PostgreSQL share, and what they become.
 * Booleans are 0/1 in SQLite and true/false in PostgreSQL.
 */
export interface SchemaRow {
  id: number;
  fingerprint: string;
  schema_type: string;
  schema: string;
  references_json: string;
}

export interface VersionRow {
  subject: string;
  version: number;
  schema_id: number;
  deleted: number | boolean;
  created_at: string;
}

export interface ReportRow {
  id: number;
  subject: string;
  created_at: string;
  report_json: string;
}

export interface FailureRow extends ReportRow {
  mode: string;
  registered: number | boolean;
}

export interface CompatRow {
  subject: string;
  major: number;
  first_version: number;
  last_version: number;
  created_at: string;
  bumped_by_json: string | null;
}

export function toSchema(row: SchemaRow | undefined): StoredSchema | undefined {
  if (!row) return undefined;
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    schemaType: row.schema_type as SchemaType,
    schema: row.schema,
    references: JSON.parse(row.references_json) as SchemaReference[],
  };
}

export function toVersion(row: VersionRow): SubjectVersion {
  return { subject: row.subject, version: row.version, schemaId: row.schema_id, deleted: row.deleted === true || row.deleted === 1, createdAt: row.created_at };
}

export function toReport(row: ReportRow): StoredReport {
  return { id: row.id, subject: row.subject, createdAt: row.created_at, report: JSON.parse(row.report_json) as SchemaValidationReport };
}

export function toFailure(row: FailureRow): ValidationFailure {
  return {
    id: row.id,
    subject: row.subject,
    mode: row.mode as ValidationMode,
    registered: row.registered === true || row.registered === 1,
    createdAt: row.created_at,
    report: JSON.parse(row.report_json) as SchemaValidationReport,
  };
}

export function toCompatId(row: CompatRow): CompatIdEntry {
  return {
    subject: row.subject,
    major: row.major,
    compatId: compatIdOf(row.subject, row.major),
    firstVersion: row.first_version,
    lastVersion: row.last_version,
    createdAt: row.created_at,
    ...(row.bumped_by_json && { bumpedBy: JSON.parse(row.bumped_by_json) as CompatIdEntry['bumpedBy'] }),
  };
}

/** A delivery row joined with its event's key and type (both SQL stores). */
export type DeliveryRow = {
  webhook_id: string;
  seq: number;
  key: string;
  type: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  delivered_at: string | null;
};

export function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    webhookId: row.webhook_id,
    seq: Number(row.seq),
    key: row.key,
    type: row.type as NotificationType,
    state: row.state,
    attempts: row.attempts,
    ...(row.state === 'pending' && row.next_attempt_at !== '' && { nextAttemptAt: row.next_attempt_at }),
    ...(row.last_error !== null && { lastError: row.last_error }),
    ...(row.delivered_at !== null && { deliveredAt: row.delivered_at }),
  };
}
