import type Database from 'better-sqlite3';
import type { GovernanceSettings, SubjectGovernance } from '../core/governance/governance-types.ts';
import type { ChangeRequestState } from '../core/governance/change-request-types.ts';
import type { RegistryMode } from '../core/types.ts';
import { SQLITE_GLOBAL } from './sqlite-settings.ts';
import { toCompatId, type CompatRow } from './sql-rows.ts';
import type { ScopeConfig, SubjectSnapshot } from './store.ts';

/**
 * A subject's snapshot from SQLite: six statements in one read transaction,
 * so they all see one state of the file even if another process writes it.
 */
export class SqliteSnapshot {
  private readonly read: (subject: string) => SubjectSnapshot;

  constructor(db: Database.Database) {
    const stmt = {
      // Rows as arrays: a long history is read on every registration, and named rows cost twice as much.
      versions: db
        .prepare<[string], [number, number, number, string, string | null, number]>(
          // `referenced`: a soft-deleted version some stored version's schema references (as getReferrers finds them).
          `SELECT v.version, v.schema_id, v.deleted, v.created_at, s.fingerprint,
             v.deleted AND EXISTS (SELECT 1 FROM schema_references r JOIN subject_versions rv ON rv.schema_id = r.schema_id WHERE r.subject = v.subject AND r.version = v.version) AS referenced
           FROM subject_versions v LEFT JOIN schemas s ON s.id = v.schema_id WHERE v.subject = ? ORDER BY v.version`,
        )
        .raw(),
      configs: db.prepare<[string, string], { scope: string; config_json: string }>('SELECT scope, config_json FROM configs WHERE scope IN (?, ?)'),
      modes: db.prepare<[string, string], { scope: string; mode: string }>('SELECT scope, mode FROM modes WHERE scope IN (?, ?)'),
      compatIds: db.prepare<[string], CompatRow>('SELECT * FROM compat_ids WHERE subject = ? ORDER BY major'),
      governance: db.prepare<[string], { governance_json: string | null; settings_json: string | null }>(
        `SELECT (SELECT governance_json FROM subject_governance WHERE subject = ?) AS governance_json,
                (SELECT settings_json FROM governance_settings WHERE id = 1) AS settings_json`,
      ),
      changeRequest: db.prepare<[number], { id: number; state: string }>('SELECT id, state FROM change_requests WHERE id = ?'),
    };
    this.read = db.transaction((subject: string): SubjectSnapshot => {
      const versions = stmt.versions.all(subject).map(([version, schemaId, deleted, createdAt, fingerprint, referenced]) => ({
        subject,
        version,
        schemaId,
        deleted: deleted === 1,
        createdAt,
        fingerprint: fingerprint ?? '',
        referenced: referenced === 1,
      }));
      const scoped = <T>(rows: Array<{ scope: string } & T>) => ({ own: rows.find((r) => r.scope === subject), global: rows.find((r) => r.scope === SQLITE_GLOBAL) });
      const configs = scoped(stmt.configs.all(subject, SQLITE_GLOBAL));
      const modes = scoped(stmt.modes.all(subject, SQLITE_GLOBAL));
      const row = stmt.governance.get(subject);
      const governance = row?.governance_json ? (JSON.parse(row.governance_json) as SubjectGovernance) : undefined;
      const changeRequest = governance?.changeRequestId !== undefined ? stmt.changeRequest.get(governance.changeRequestId) : undefined;
      return {
        subject,
        versions,
        config: {
          ...(configs.own && { subject: JSON.parse(configs.own.config_json) as ScopeConfig }),
          ...(configs.global && { global: JSON.parse(configs.global.config_json) as ScopeConfig }),
        },
        mode: { ...(modes.own && { subject: modes.own.mode as RegistryMode }), ...(modes.global && { global: modes.global.mode as RegistryMode }) },
        compatIds: stmt.compatIds.all(subject).map(toCompatId),
        ...(governance && { governance }),
        governanceSettings: row?.settings_json ? (JSON.parse(row.settings_json) as GovernanceSettings) : {},
        ...(changeRequest && { changeRequest: { id: changeRequest.id, state: changeRequest.state as ChangeRequestState } }),
      };
    });
  }

  load(subject: string): SubjectSnapshot {
    return this.read(subject);
  }
}
