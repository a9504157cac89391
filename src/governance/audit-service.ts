import { errors } from '../core/errors.ts';
import type { RegistryContext } from '../registry/registry-context.ts';
import { validateSubjectName } from '../registry/subject-name.ts';
import type { SubjectGovernanceUpdate } from '../store/store.ts';
import { readAuditEntries, renderAuditMarkdown, verifyAuditLog, type AuditEntry, type AuditHead, type AuditRow, type AuditVerification } from '../core/governance/audit-log.ts';
import type { AuditSigner } from '../core/governance/audit-signer.ts';
import type { GovernanceSettings } from '../core/governance/governance-types.ts';
import { actorLabel, recorded, type Actor } from '../core/governance/roles.ts';
import { SETTINGS_LOCK } from '../core/governance/guard-rules.ts';
import { loadGuardState } from '../registry/subject-guard.ts';

/** The audit log's reads (entries, verification, the runbook table) and its manual entries. */
export class AuditService {
  constructor(private readonly ctx: RegistryContext) {}

  async entries(): Promise<AuditEntry[]> {
    return readAuditEntries(await this.ctx.store.listAuditRows());
  }

  /**
   * The chain, a head kept outside the registry (`expectHead`), and the
   * subjects' governance against the log: every strict, audited subject is
   * named by an entry, and a recorded global strict mode by its entry.
   */
  async verify(expectHead?: string) {
    const { store } = this.ctx;
    const facts = auditLogFacts(await store.listAuditRows(), await store.getAuditHead(), store.auditSigner, expectHead);
    return judgeAuditLog(facts, await store.listSubjectGovernance(), await store.getGovernanceSettings());
  }

  async markdown(): Promise<string> {
    return renderAuditMarkdown(await this.entries());
  }

  /**
   * An entry recorded by an administrator: a promotion done outside
   * schemagate, or the audit of a subject made strict directly. Each listed
   * subject that was unaudited is cleared in the same transaction.
   */
  async record(body: unknown, actor: Actor): Promise<AuditEntry> {
    const input = readManualEntry(body);
    for (const subject of input.subjects) validateSubjectName(subject, this.ctx.settings.maxSubjectLength);
    const now = this.ctx.clock.now();
    return this.ctx.store.locked([...input.subjects, SETTINGS_LOCK], async (store) => {
      if (input.global && ((await store.getGovernanceSettings()).validationMode ?? this.ctx.settings.validationMode) !== 'strict') {
        throw errors.invalidAuditEntry('"global": true records the global strict validation mode, but the global mode is canary');
      }
      const cleared: SubjectGovernanceUpdate[] = [];
      for (const subject of input.subjects) {
        const state = await loadGuardState(store, subject, this.ctx.settings.validationMode);
        const stamp = { audited: true, updatedAt: now.toISOString(), updatedBy: actorLabel(actor) };
        // Strict only because of the global mode: the entry records this
        // subject's strictness, so the subject keeps it of its own — a later
        // change of the global mode neither relaxes it nor outlives the record.
        const pinned = state.mode.mode === 'strict' && state.mode.source !== 'subject' ? { validationMode: 'strict' as const } : {};
        if (state.governance && !state.governance.audited) {
          const { unauditedBecause: _cleared, ...rest } = state.governance;
          cleared.push({ subject, governance: { ...rest, ...pinned, ...stamp } });
        } else if (!state.governance?.validationMode && pinned.validationMode) {
          cleared.push({ subject, governance: { ...state.governance, ...pinned, ...stamp } });
        }
      }
      const entry = await store.appendAuditEntry(
        {
          kind: 'manual',
          date: input.date ?? now.toISOString().slice(0, 10),
          schemaBundleSha: input.schemaBundleSha,
          changeRequest: input.changeRequest,
          validationWindow: input.validationWindow,
          notes: input.notes,
          subjects: input.subjects,
          ...(input.global && { global: true }),
          recordedBy: recorded(actor),
          createdAt: now.toISOString(),
        },
        cleared,
      );
      if (input.global) await store.setGovernanceSettings({ ...(await store.getGovernanceSettings()), globalStrictAudit: { seq: entry.seq, at: entry.createdAt } });
      return entry;
    });
  }
}

/**
 * What verify reads from the log alone: the chain's verdict, and what its
 * entries name. The costly part (every entry hashed and parsed), and a pure
 * function of the rows and the head: the governance gauges keep it while
 * the log is unchanged.
 */
export interface AuditLogFacts {
  chain: AuditVerification;
  named: Set<string>;
  /** Entries that record the global strict mode. */
  globalSeqs: Set<number>;
}

export function auditLogFacts(rows: readonly AuditRow[], head: AuditHead | undefined, signer?: AuditSigner, expectHead?: string): AuditLogFacts {
  const entries = readAuditEntries(rows);
  return {
    chain: verifyAuditLog(rows, head, expectHead, signer),
    named: new Set(entries.flatMap((e) => e.subjects)),
    globalSeqs: new Set(entries.filter((e) => e.global).map((e) => e.seq)),
  };
}

/** The log against the subjects' governance: every strict, audited subject is named by an entry, and a recorded global strict mode by its entry. */
export function judgeAuditLog(facts: AuditLogFacts, governance: readonly SubjectGovernanceUpdate[], settings: GovernanceSettings): AuditVerification {
  const unrecordedStrict = governance
    .filter(({ subject, governance: g }) => g.audited && g.validationMode !== 'canary' && !facts.named.has(subject))
    .map(({ subject }) => subject);
  const global = settings.globalStrictAudit;
  if (global && !facts.globalSeqs.has(global.seq)) unrecordedStrict.push('(the global strict mode)');
  return unrecordedStrict.length === 0 ? facts.chain : { ...facts.chain, ok: false, unrecordedStrict };
}

function readManualEntry(body: unknown) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw errors.badRequest('The request body must be a JSON object: {"schemaBundleSha", "changeRequest", "validationWindow", "notes", "subjects"}.');
  }
  const raw = body as Record<string, unknown>;
  const str = (field: string, required: boolean): string => {
    const value = raw[field];
    if (value === undefined || value === null || value === '') {
      if (required) throw errors.invalidAuditEntry(`"${field}" is required`);
      return '';
    }
    if (typeof value !== 'string') throw errors.invalidAuditEntry(`"${field}" must be a string`);
    if (value.length > 10_000) throw errors.invalidAuditEntry(`"${field}" is longer than 10000 characters`);
    return value;
  };
  const schemaBundleSha = str('schemaBundleSha', true).toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(schemaBundleSha)) throw errors.invalidAuditEntry('"schemaBundleSha" must be a SHA-256 in hex (64 characters), as `schemagate bundle-sha` prints it');
  if (raw.global !== undefined && typeof raw.global !== 'boolean') throw errors.invalidAuditEntry('"global" must be true or false');
  const global = raw.global === true;
  const subjects = raw.subjects ?? (global ? [] : undefined);
  if (!Array.isArray(subjects) || (subjects.length === 0 && !global) || subjects.some((s) => typeof s !== 'string' || s === '')) {
    throw errors.invalidAuditEntry('"subjects" must be a non-empty array of subject names (or empty, with "global": true, to record the global strict mode)');
  }
  const date = str('date', false);
  if (date !== '' && (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))) throw errors.invalidAuditEntry('"date" must be a day such as 2026-11-27');
  return {
    schemaBundleSha,
    changeRequest: str('changeRequest', true),
    validationWindow: str('validationWindow', true),
    notes: str('notes', false),
    subjects: [...new Set(subjects as string[])],
    global,
    ...(date !== '' && { date }),
  };
}
