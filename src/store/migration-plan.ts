// Pure: the stores' migrate functions use it to refuse a newer database, and
// migration-state.ts to answer `schemagate migrate --check`.

export interface PendingMigration {
  version: number;
  summary: string;
}

/** What opening a database with this release would do to its schema. */
export interface MigrationPlan {
  store: 'sqlite' | 'postgres';
  /** The file, or the database (host/name and schema). */
  where: string;
  /** Versions the database's schema_migrations records. */
  applied: number[];
  /** Its schema version: the highest applied (0 when it holds no registry yet). */
  current: number;
  /** The highest version this release knows. */
  latest: number;
  /** Known versions not applied yet, in the order they would run. */
  pending: PendingMigration[];
  /** Applied versions this release does not know: a newer release opened the database. */
  unknown: number[];
}

export function planMigrations(
  store: MigrationPlan['store'],
  where: string,
  applied: readonly number[],
  known: ReadonlyArray<{ version: number; summary: string }>,
): MigrationPlan {
  const done = new Set(applied);
  const versions = new Set(known.map((m) => m.version));
  return {
    store,
    where,
    applied: [...done].sort((a, b) => a - b),
    current: Math.max(0, ...done),
    latest: Math.max(0, ...versions),
    pending: known.filter((m) => !done.has(m.version)).map(({ version, summary }) => ({ version, summary })),
    unknown: [...done].filter((v) => !versions.has(v)).sort((a, b) => a - b),
  };
}

/**
 * Why this release must not open the database: it would run on tables and
 * triggers it does not know (a newer migration may add a trigger calling a
 * function only the newer release defines, and every write would fail).
 */
export function newerSchemaProblem(plan: Pick<MigrationPlan, 'where' | 'current' | 'latest' | 'unknown'>): string | undefined {
  if (plan.unknown.length === 0) return undefined;
  return (
    `${plan.where} is at schema version ${plan.current}, newer than this release of schemagate knows (${plan.latest}): ` +
    'it was opened by a newer release. Run that release, or restore a backup taken before the upgrade.'
  );
}
