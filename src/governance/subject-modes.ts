import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { unauditedReason } from '../core/governance/guard-rules.ts';
import type { GovernanceSettings, SubjectGovernance } from '../core/governance/governance-types.ts';
import type { ValidationMode } from '../core/types.ts';
import type { RegistryContext } from '../registry/registry-context.ts';
import { validationModeOf } from '../registry/subject-state.ts';
import type { SubjectGovernanceUpdate } from '../store/store.ts';

export interface SubjectMode {
  subject: string;
  mode: ValidationMode;
  /** The mode is the subject's own, not inherited. */
  ownMode: boolean;
  unaudited: boolean;
  /** The change request whose canary window holds it. */
  canaryOf?: number;
}

/**
 * Every subject (a live version or governance of its own), by name, with
 * its validation mode and audit state: the same resolution as a subject's
 * guard, fed from three bulk reads, never one per subject. The reads come
 * back too, for callers that judge more from them (the audit log's
 * verification). Yields between reads, so a synchronous store (SQLite)
 * holds the event loop one read at a time.
 */
export async function readSubjectModes(ctx: Pick<RegistryContext, 'store' | 'settings'>): Promise<{ rows: SubjectMode[]; governed: SubjectGovernanceUpdate[]; settings: GovernanceSettings }> {
  const live = await ctx.store.listSubjects();
  await yieldToEventLoop();
  const governed = await ctx.store.listSubjectGovernance();
  const own = new Map<string, SubjectGovernance>(governed.map((g) => [g.subject, g.governance]));
  const settings = await ctx.store.getGovernanceSettings();
  await yieldToEventLoop();
  const globalStrictRecorded = settings.globalStrictAudit !== undefined;
  const rows: SubjectMode[] = [];
  for (const subject of [...new Set([...live, ...own.keys()])].sort()) {
    const governance = own.get(subject);
    const mode = validationModeOf(governance, settings, ctx.settings.validationMode);
    rows.push({
      subject,
      mode: mode.mode,
      ownMode: mode.source === 'subject',
      unaudited: unauditedReason({ subject, mode, ...(governance && { governance }), globalStrictRecorded }) !== undefined,
      ...(governance?.validationMode === 'canary' && governance.changeRequestId !== undefined && { canaryOf: governance.changeRequestId }),
    });
  }
  return { rows, governed, settings };
}
