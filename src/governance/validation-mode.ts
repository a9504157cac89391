import type { ValidationMode } from '../core/types.ts';
import type { Store } from '../store/store.ts';

export interface EffectiveValidationMode {
  mode: ValidationMode;
  /** subject: set for the subject; global: PUT /governance/config; default: config file, environment or canary. */
  source: 'subject' | 'global' | 'default';
}

/** The subject's own mode, else the run-time global mode, else the configured default. */
export async function effectiveValidationMode(store: Store, subject: string | null, fallback: ValidationMode): Promise<EffectiveValidationMode> {
  if (subject !== null) {
    const own = (await store.getSubjectGovernance(subject))?.validationMode;
    if (own) return { mode: own, source: 'subject' };
  }
  const global = (await store.getGovernanceSettings()).validationMode;
  if (global) return { mode: global, source: 'global' };
  return { mode: fallback, source: 'default' };
}
