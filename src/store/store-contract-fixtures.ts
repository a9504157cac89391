import type { AuditDraft } from '../core/governance/audit-log.ts';
import { newChangeRequest } from '../core/governance/change-request.ts';
import type { ChangeRequest } from '../core/governance/change-request-types.ts';
import type { SchemaValidationReport } from '../core/governance/governance-types.ts';
import type { Actor } from '../core/governance/roles.ts';
import type { RegisterVersionInput, Store } from './store.ts';

// What the role contracts share: the records they write.

export const schemaOf = (text: string, references: RegisterVersionInput['schema']['references'] = []) => ({
  schemaType: 'AVRO' as const,
  schema: text,
  references,
  fingerprint: `fp:${text}`,
});

/** Registers `text` as the subject's next version, from what the store says its highest is. */
export const registerNext = (store: Store, subject: string, text: string, extra: Partial<RegisterVersionInput> = {}) =>
  store.getVersions(subject).then((versions) =>
    store.registerVersion({
      subject,
      schema: schemaOf(text),
      expectedMaxVersion: versions.reduce((m, v) => Math.max(m, v.version), 0),
      createdAt: '2026-01-01T00:00:00.000Z',
      ...extra,
    }),
  );

/** A minimal report for a subject at a time; the store treats it as data. */
export function sampleReport(subject: string, createdAt: string, compatible = true): SchemaValidationReport {
  return {
    subject,
    schemaType: 'AVRO',
    mode: 'canary',
    compatibilityLevel: 'BACKWARD',
    compatibilityPolicy: 'STRICT',
    compatible,
    previousVersion: null,
    versionsChecked: [],
    breakingChanges: compatible ? [] : [{ ruleId: 'TYPE_MISMATCH', path: '/', message: 'm', version: 1, direction: 'backward' }],
    addedFields: [],
    outcome: 'registered',
    createdAt,
  };
}

const alice: Actor = { name: 'alice', roles: ['author'], authenticated: true };
const T0 = new Date('2026-03-01T00:00:00.000Z');

export function sampleChangeRequest(title = 'orders v2') {
  return newChangeRequest(
    {
      title,
      description: '',
      reference: `https://git.example/pr/${title.length}`,
      schemas: [{ subject: 'orders', schemaType: 'AVRO', schema: '"string"', references: [] }],
      sampleCounts: {},
      majorChanges: [],
      bundleSha: 'a'.repeat(64),
    },
    alice,
    T0,
  );
}

export function sampleAudit(changeRequest: string, extra: Partial<AuditDraft> = {}): AuditDraft {
  return {
    kind: 'manual',
    date: '2026-03-03',
    schemaBundleSha: 'b'.repeat(64),
    changeRequest,
    validationWindow: '48h canary',
    notes: 'no failures',
    subjects: ['orders'],
    recordedBy: { user: 'root', authenticated: true },
    createdAt: '2026-03-03T00:00:00.000Z',
    ...extra,
  };
}


export const T0_ISO = T0.toISOString();

/** A registration input of a new subject's first version (or at `expectedMaxVersion`). */
export const registration = (subject: string, text: string, expectedMaxVersion = 0): RegisterVersionInput => ({
  subject,
  schema: { schemaType: 'AVRO', schema: text, references: [], fingerprint: `fp:${text}` },
  expectedMaxVersion,
  createdAt: T0.toISOString(),
});

/** The CR's next revision with these changes. */
export const nextRevision = (cr: ChangeRequest, changes: Partial<ChangeRequest>): ChangeRequest => ({ ...cr, ...changes, revision: cr.revision + 1 });
