import { errors } from '../core/errors.ts';
import type { ValidationMode } from '../core/types.ts';
import { holds, type Actor } from '../core/governance/roles.ts';
import { configRelaxes, describeRelaxation, SETTINGS_LOCK, type Relaxation } from '../core/governance/guard-rules.ts';
import { guardRelaxation } from './subject-guard.ts';
import { withRetries } from './registration.ts';
import { StoreConflictError, type Store } from '../store/store.ts';
import type { RegistryContext } from './registry-context.ts';

/**
 * A change of config or mode, of one subject (`scope`) or of the global
 * default (`null`), made with the subjects it may relax locked and each of
 * them guarded (see subject-guard): refused during a canary window or for
 * non-admins on a strict subject; an admin's leaves the strict subjects it
 * relaxes unaudited. A global change concerns every subject with governance
 * of its own, and the global strict mode itself when an audit entry records
 * it: relaxing that takes the record away.
 */
export async function guardedSettingsChange<T>(
  ctx: RegistryContext,
  scope: string | null,
  actor: Actor,
  relaxationOf: (store: Store, subject: string | null) => Promise<Relaxation | undefined>,
  apply: (store: Store) => Promise<T>,
): Promise<T> {
  const governed = async (store: Store) => (await store.listSubjectGovernance()).map((s) => s.subject);
  return withRetries(async () => {
    const subjects = scope !== null ? [scope] : await governed(ctx.store);
    return ctx.store.locked(scope !== null ? subjects : [...subjects, SETTINGS_LOCK], async (store) => {
      // A subject given governance since the list was read is not locked: start again.
      if (scope === null && (await governed(store)).some((s) => !subjects.includes(s))) throw new StoreConflictError('a subject was given governance meanwhile');
      const context = { fallback: ctx.settings.validationMode, now: ctx.clock.now() };
      const records: Array<() => Promise<void>> = [];
      for (const subject of subjects) {
        const relaxation = await relaxationOf(store, subject);
        if (relaxation) records.push(await guardRelaxation(store, subject, relaxation, actor, context));
      }
      if (scope === null) records.push(await guardGlobalStrict(store, actor, relaxationOf, context));
      const result = await apply(store);
      for (const record of records) await record();
      return result;
    });
  });
}

/** A relaxation of the global default, while the global strict mode is on and recorded: it no longer stands for what the record says. */
async function guardGlobalStrict(
  store: Store,
  actor: Actor,
  relaxationOf: (store: Store, subject: string | null) => Promise<Relaxation | undefined>,
  context: { fallback: ValidationMode },
): Promise<() => Promise<void>> {
  const settings = await store.getGovernanceSettings();
  if (!settings.globalStrictAudit || (settings.validationMode ?? context.fallback) !== 'strict') return async () => {};
  const relaxation = await relaxationOf(store, null);
  if (!relaxation || (relaxation.kind === 'config' && !configRelaxes(relaxation))) return async () => {};
  if (!holds(actor, 'admin')) throw errors.strictSubjectProtected('(every subject strict by the global mode)', describeRelaxation(relaxation));
  return async () => {
    const { globalStrictAudit: _dropped, ...rest } = await store.getGovernanceSettings();
    await store.setGovernanceSettings(rest);
  };
}
