import { newerSchemaProblem, type MigrationPlan } from '../../store/migration-plan.ts';
import { readPostgresPlan, readSqlitePlan } from '../../store/migration-state.ts';
import { openStore } from '../../store/open-store.ts';
import { sqliteInUse } from '../../store/sqlite-backup.ts';
import { CliError, EXIT, report } from '../cli-context.ts';
import { storeTarget, type StoreFlags } from './backup-verify.ts';

export interface MigrateFlags extends StoreFlags {
  check?: boolean;
}

/**
 * `schemagate migrate [--check]`: the schema migrations this release would
 * apply to a registry, read without changing it (--check: exit 0 up to date,
 * 1 pending, 2 error), or applied now — what `serve` does when it opens the
 * store, done on its own so an upgrade can be checked before it serves.
 */
export async function migrateCommand(flags: MigrateFlags): Promise<number> {
  const { target, auditSigner } = storeTarget(flags);
  if (target.kind === 'memory') throw new CliError('the memory store starts empty every time: it has no schema to migrate');
  const plan = await readPlan(target);
  const newer = newerSchemaProblem(plan);
  if (newer) throw new CliError(newer);

  if (flags.check || plan.pending.length === 0) {
    report(flags, () => planLines(plan), () => ({ ...plan, upToDate: plan.pending.length === 0 }));
    return plan.pending.length === 0 ? EXIT.ok : flags.check ? EXIT.warnings : EXIT.ok;
  }
  if (target.kind === 'sqlite' && sqliteInUse(target.path)) {
    // The running server is the previous release: it would go on with tables and triggers it does not know.
    throw new CliError(`a server is using ${target.path}: stop it, migrate, then start this release`);
  }
  const store = await openStore(target.kind === 'sqlite' ? `sqlite:${target.path}` : target.url, '.', { auditSigner });
  await store.close();
  const after = await readPlan(target);
  if (after.pending.length > 0) throw new CliError(`${plan.where}: migrations ${after.pending.map((m) => m.version).join(', ')} are still pending`);
  report(
    flags,
    () => [`${plan.where}: migrated from schema version ${plan.current} to ${after.current}`, ...plan.pending.map((m) => `  applied ${m.version}  ${m.summary}`)],
    () => ({ store: plan.store, where: plan.where, from: plan.current, to: after.current, applied: plan.pending }),
  );
  return EXIT.ok;
}

async function readPlan(target: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string }): Promise<MigrationPlan> {
  try {
    return target.kind === 'sqlite' ? readSqlitePlan(target.path) : await readPostgresPlan(target.url);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

function planLines(plan: MigrationPlan): string[] {
  if (plan.pending.length === 0) return [`${plan.where}: schema version ${plan.current}, up to date with this release`];
  const what = plan.current === 0 ? 'holds no registry yet' : `is at schema version ${plan.current}`;
  return [
    `${plan.where} ${what}; this release is at ${plan.latest}.`,
    `${plan.pending.length} migration${plan.pending.length === 1 ? '' : 's'} pending (schemagate serve applies them when it opens the store; schemagate migrate applies them now):`,
    ...plan.pending.map((m) => `  ${m.version}  ${m.summary}`),
  ];
}
