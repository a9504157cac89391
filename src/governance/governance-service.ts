import { formatDuration, parseDuration } from '../core/duration.ts';
import { closestName } from '../core/closest-name.ts';
import { errors } from '../core/errors.ts';
import { parseValidationMode } from '../core/types.ts';
import { effectiveConfig, type RegistryContext } from '../registry/registry-context.ts';
import { validateSubjectName } from '../registry/subject-name.ts';
import { parseVersionId } from '../registry/version-id.ts';
import type { SubjectVersion } from '../store/store.ts';
import { toReported } from '../core/compat/judge-predecessor.ts';
import { currentCompatId } from '../core/governance/compat-id.ts';
import { SETTINGS_LOCK, unauditedReason } from '../core/governance/guard-rules.ts';
import { configOf, guardOf, latestLive, validationModeOf } from '../registry/subject-state.ts';
import { loadGuardState } from '../registry/subject-guard.ts';
import type { GovernanceSettings } from '../core/governance/governance-types.ts';
import { MIN_CANARY_WINDOW_FLOOR_MS, requiredApprovalsProblem } from '../core/governance/policy-floors.ts';
import { actorLabel, type Actor } from '../core/governance/roles.ts';

/** What PUT /governance/config takes; anything else is refused, naming the closest. */
const GOVERNANCE_CONFIG_KEYS = ['validationMode', 'minCanaryWindow', 'requiredApprovals'];

/**
 * The read side of governance and its settings: a subject's status, its
 * reports and compat id changelog, diffs between versions, and the run-time
 * governance config. Counts come from the durable failure events.
 */
export class GovernanceService {
  constructor(private readonly ctx: RegistryContext) {}

  private get store() {
    return this.ctx.store;
  }

  private async requireKnown(subject: string): Promise<SubjectVersion[]> {
    const versions = await this.store.getVersions(subject);
    if (versions.length === 0 && !(await this.store.getSubjectGovernance(subject)) && (await this.store.countReports(subject)) === 0) {
      throw errors.subjectNotFound(subject);
    }
    return versions;
  }

  async subjectStatus(subject: string) {
    const snapshot = await this.store.loadSubject(subject);
    if (snapshot.versions.length === 0 && !snapshot.governance && (await this.store.countReports(subject)) === 0) throw errors.subjectNotFound(subject);
    const config = configOf(snapshot, this.ctx.settings);
    const guard = guardOf(snapshot, this.ctx.settings.validationMode);
    const { mode } = guard;
    const unaudited = unauditedReason(guard);
    // Counted per day by the store: a subject with a long failing history costs one grouped read, not its reports.
    const days = await this.store.failuresByDay({ subjects: [subject] });
    const sum = (mode: 'canary' | 'strict') => days.reduce((n, d) => n + d[mode], 0);
    const latest = latestLive(snapshot);
    return {
      subject,
      validationMode: mode.mode,
      validationModeSource: mode.source,
      compatibilityLevel: config.compatibilityLevel,
      compatibilityPolicy: config.compatibilityPolicy,
      schemaCompatId: currentCompatId(snapshot.compatIds, latest?.version),
      latestVersion: latest?.version ?? null,
      audited: unaudited === undefined,
      ...(unaudited && { unauditedBecause: unaudited }),
      ...(guard.canaryOf !== undefined && { canaryOf: guard.canaryOf }),
      failures: {
        total: sum('canary') + sum('strict'),
        canary: sum('canary'),
        strict: sum('strict'),
        lastAt: days.at(-1)?.lastAt ?? null,
      },
    };
  }

  async reports(subject: string, page: { offset: number; limit: number }) {
    await this.requireKnown(subject);
    const limit = page.limit < 0 ? 100 : Math.min(page.limit, 1000);
    return {
      subject,
      total: await this.store.countReports(subject),
      offset: page.offset,
      limit,
      reports: (await this.store.listReports(subject, { offset: page.offset, limit })).map((r) => ({ id: r.id, ...r.report })),
    };
  }

  async compatIds(subject: string) {
    const versions = await this.requireKnown(subject);
    const changelog = await this.store.getCompatIds(subject);
    return { subject, current: currentCompatId(changelog, versions.filter((v) => !v.deleted).at(-1)?.version), changelog };
  }

  /** Two versions side by side: every difference with its rule id and verdict, in both directions. */
  async diff(subject: string, fromRaw: string | undefined, toRaw: string | undefined) {
    if (fromRaw === undefined || toRaw === undefined) throw errors.badRequest("Give both versions to compare: ?from=<version>&to=<version> ('latest' works).");
    const versions = await this.requireKnown(subject);
    const pick = (raw: string) => {
      const id = parseVersionId(raw);
      const found = id === 'latest' ? versions.filter((v) => !v.deleted).at(-1) : versions.find((v) => v.version === id);
      if (!found) throw errors.versionNotFound(id);
      return found;
    };
    const from = pick(fromRaw);
    const to = pick(toRaw);
    const config = await effectiveConfig(this.ctx, subject);
    const diff = await this.ctx.catalog.run('diff', {
      ns: this.ctx.catalog.ns,
      from: { version: from.version, id: from.schemaId },
      to: { version: to.version, id: to.schemaId },
      level: config.compatibilityLevel,
      policy: config.compatibilityPolicy,
    });
    const direction = (result: typeof diff.backward) => ({
      compatible: result.compatible,
      differences: result.differences.map((d) => ({ ...toReported(d), compatible: d.compatible })),
    });
    const levelVerdict = diff.verdict;
    const backward = direction(diff.backward);
    const forward = direction(diff.forward);
    return {
      subject,
      from: { version: from.version, id: from.schemaId },
      to: { version: to.version, id: to.schemaId },
      compatibilityLevel: config.compatibilityLevel,
      compatibilityPolicy: config.compatibilityPolicy,
      compatible: levelVerdict.compatible,
      backward,
      forward,
      summary: [
        `${subject} v${from.version} → v${to.version}: ${levelVerdict.compatible ? 'compatible' : 'INCOMPATIBLE'} under ${config.compatibilityLevel} (${config.compatibilityPolicy})`,
        ...backward.differences.map((d) => `${d.compatible ? '  ' : '! '}${d.ruleId} ${d.path} — ${d.message}`),
        ...forward.differences.filter((d) => !d.compatible).map((d) => `! (forward) ${d.ruleId} ${d.path} — ${d.message}`),
      ],
    };
  }

  async getConfig() {
    const stored = await this.store.getGovernanceSettings();
    const mode = validationModeOf(undefined, stored, this.ctx.settings.validationMode);
    const minCanaryWindowMs = stored.minCanaryWindowMs ?? this.ctx.settings.minCanaryWindowMs;
    return {
      validationMode: mode.mode,
      validationModeSource: mode.source,
      minCanaryWindow: formatDuration(minCanaryWindowMs),
      minCanaryWindowMs,
      requiredApprovals: stored.requiredApprovals ?? this.ctx.settings.requiredApprovals,
    };
  }

  async updateConfig(body: unknown) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw errors.badRequest('The request body must be a JSON object, e.g. {"validationMode": "canary", "minCanaryWindow": "48h"}.');
    }
    const raw = body as Record<string, unknown>;
    const unknown = Object.keys(raw).find((key) => !GOVERNANCE_CONFIG_KEYS.includes(key));
    if (unknown !== undefined) {
      const guess = closestName(unknown, GOVERNANCE_CONFIG_KEYS);
      throw errors.invalidGovernanceSetting(`unknown setting '${unknown}'${guess ? `; did you mean '${guess}'?` : ''} (settings: ${GOVERNANCE_CONFIG_KEYS.join(', ')})`);
    }
    await this.store.locked([SETTINGS_LOCK], async (store) => store.setGovernanceSettings(await this.nextSettings(raw, await store.getGovernanceSettings())));
    return this.getConfig();
  }

  private async nextSettings(raw: Record<string, unknown>, stored: GovernanceSettings): Promise<GovernanceSettings> {
    const next: GovernanceSettings = { ...stored };
    if (raw.validationMode !== undefined) {
      const mode = parseValidationMode(raw.validationMode);
      if (!mode) throw errors.invalidValidationMode(String(raw.validationMode));
      // A new global mode is a new decision: an audit entry recorded for the old one does not stand for it.
      if (mode !== (next.validationMode ?? this.ctx.settings.validationMode)) delete next.globalStrictAudit;
      next.validationMode = mode;
    }
    if (raw.minCanaryWindow !== undefined) {
      // A unit is required: a bare number would leave the reader guessing between seconds and milliseconds.
      const ms = typeof raw.minCanaryWindow === 'string' && /[a-z]/.test(raw.minCanaryWindow) ? parseDuration(raw.minCanaryWindow) : undefined;
      if (ms === undefined) throw errors.invalidGovernanceSetting(`minCanaryWindow must be a duration with a unit, such as "48h" or "90m", got ${JSON.stringify(raw.minCanaryWindow)}`);
      if (ms < MIN_CANARY_WINDOW_FLOOR_MS) {
        throw errors.invalidGovernanceSetting(`minCanaryWindow must be at least ${formatDuration(MIN_CANARY_WINDOW_FLOOR_MS)} (the floor: a shorter canary observes nothing), got ${JSON.stringify(raw.minCanaryWindow)}`);
      }
      next.minCanaryWindowMs = ms;
    }
    if (raw.requiredApprovals !== undefined) {
      const problem = requiredApprovalsProblem(raw.requiredApprovals);
      if (problem) throw errors.invalidGovernanceSetting(`requiredApprovals ${problem}, got ${JSON.stringify(raw.requiredApprovals)}`);
      next.requiredApprovals = raw.requiredApprovals as string[];
    }
    return next;
  }

  /**
   * An administrator's direct change of a subject's validation mode. Strict
   * set this way is unaudited: no canary window and no approvals stand behind
   * it (unless the subject already was strict and audited).
   */
  async setSubjectMode(subject: string, body: unknown, actor: Actor) {
    validateSubjectName(subject, this.ctx.settings.maxSubjectLength);
    const raw = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).mode : undefined;
    if (raw === undefined) throw errors.badRequest('The request body must be a JSON object such as {"mode": "canary"}.');
    const mode = parseValidationMode(raw);
    if (!mode) throw errors.invalidValidationMode(String(raw));
    await this.store.locked([subject, SETTINGS_LOCK], async (store) => {
      const guard = await loadGuardState(store, subject, this.ctx.settings.validationMode);
      if (guard.canaryOf !== undefined) throw errors.subjectInCanary(subject, guard.canaryOf, `setting its validation mode to ${mode} by hand`);
      const current = guard.governance;
      // Saying strict again to a subject a promotion made strict changes nothing, and keeps its audit.
      const unchangedStrict = mode === 'strict' && current?.validationMode === 'strict' && current.audited;
      await store.setSubjectGovernance(subject, {
        validationMode: mode,
        audited: mode !== 'strict' || unchangedStrict,
        ...(unchangedStrict && current.changeRequestId !== undefined && { changeRequestId: current.changeRequestId }),
        ...(mode === 'strict' && !unchangedStrict && { unauditedBecause: `made strict by hand by ${actorLabel(actor)} on ${this.ctx.clock.now().toISOString()}` }),
        updatedAt: this.ctx.clock.now().toISOString(),
        updatedBy: actorLabel(actor),
      });
    });
    return this.subjectStatus(subject);
  }
}
