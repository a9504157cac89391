import type { EffectiveValidationMode, GuardState } from '../core/governance/guard-rules.ts';
import type { GovernanceSettings, SubjectGovernance } from '../core/governance/governance-types.ts';
import type { RegistryMode, ValidationMode } from '../core/types.ts';
import type { SnapshotVersion, SubjectSnapshot } from '../store/store.ts';
import { modeInScope, resolveConfig, type EffectiveConfig, type RegistrySettings } from './registry-context.ts';

/*
 * What a subject's snapshot means, read without another store call: its
 * effective config and modes, its guard state, and the versions a schema is
 * registered as. Every write to a subject decides from these.
 */

export function configOf(snapshot: SubjectSnapshot, settings: RegistrySettings): EffectiveConfig {
  return resolveConfig(snapshot.config.subject, snapshot.config.global, settings);
}

/** Confluent's mode in scope (see modeInScope). */
export function registryModeOf(snapshot: Pick<SubjectSnapshot, 'mode'>): RegistryMode {
  return modeInScope(snapshot.mode.subject, snapshot.mode.global);
}

/** The subject's own validation mode, else the run-time global mode, else the configured default. */
export function validationModeOf(governance: SubjectGovernance | undefined, settings: GovernanceSettings, fallback: ValidationMode): EffectiveValidationMode {
  if (governance?.validationMode) return { mode: governance.validationMode, source: 'subject' };
  if (settings.validationMode) return { mode: settings.validationMode, source: 'global' };
  return { mode: fallback, source: 'default' };
}

export function guardOf(snapshot: SubjectSnapshot, fallback: ValidationMode): GuardState {
  const { governance, changeRequest } = snapshot;
  const inCanary = governance?.validationMode === 'canary' && changeRequest?.state === 'canary' && changeRequest.id === governance.changeRequestId;
  return {
    subject: snapshot.subject,
    mode: validationModeOf(governance, snapshot.governanceSettings, fallback),
    ...(governance && { governance }),
    ...(inCanary && { canaryOf: changeRequest.id }),
    globalStrictRecorded: snapshot.governanceSettings.globalStrictAudit !== undefined,
  };
}

export function maxVersionOf(snapshot: SubjectSnapshot): number {
  return snapshot.versions.reduce((m, v) => Math.max(m, v.version), 0);
}

export function latestLive(snapshot: SubjectSnapshot): SnapshotVersion | undefined {
  return snapshot.versions.filter((v) => !v.deleted).at(-1);
}

/** The newest live version holding the schema with this fingerprint. */
export function liveVersionWith(snapshot: SubjectSnapshot, fingerprint: string): SnapshotVersion | undefined {
  return snapshot.versions.filter((v) => !v.deleted && v.fingerprint === fingerprint).at(-1);
}

/**
 * Confluent drops soft-deleted versions of a schema that is registered again
 * under the same subject, unless something still references them. A
 * governed subject keeps them (`governed`): its withdrawn versions are what
 * its consumers may still hold, and re-registering must not erase them.
 */
export function purgeableVersions(snapshot: SubjectSnapshot, fingerprint: string, governed: boolean): number[] {
  if (governed) return [];
  return snapshot.versions.filter((v) => v.deleted && v.fingerprint === fingerprint && !v.referenced).map((v) => v.version);
}
