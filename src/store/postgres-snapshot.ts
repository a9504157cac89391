import type { ChangeRequestState } from '../core/governance/change-request-types.ts';
import type { GovernanceSettings, SubjectGovernance } from '../core/governance/governance-types.ts';
import type { RegistryMode } from '../core/types.ts';
import { named, type Db } from './postgres-db.ts';
import { POSTGRES_GLOBAL } from './postgres-settings.ts';
import { toCompatId, toVersion, type CompatRow, type VersionRow } from './sql-rows.ts';
import type { ScopeConfig, SubjectSnapshot } from './store.ts';

/**
 * A subject's snapshot as one SELECT — one round trip, one statement's view
 * of the database: the versions and compat ids aggregated as JSON, the rest
 * as scalar subqueries. $1 is the subject, $2 the global scope's key. The
 * *_json columns come back as the text they are stored as and are parsed
 * here, as the single reads parse them.
 */
const SNAPSHOT = `
  WITH g AS (SELECT governance_json FROM subject_governance WHERE subject = $1)
  SELECT
    COALESCE((
      SELECT json_agg(json_build_object(
        'subject', v.subject, 'version', v.version, 'schema_id', v.schema_id, 'deleted', v.deleted, 'created_at', v.created_at,
        'fingerprint', s.fingerprint,
        'referenced', v.deleted AND EXISTS (SELECT 1 FROM schema_references r JOIN subject_versions rv ON rv.schema_id = r.schema_id WHERE r.subject = v.subject AND r.version = v.version)
      ) ORDER BY v.version)
      FROM subject_versions v LEFT JOIN schemas s ON s.id = v.schema_id WHERE v.subject = $1
    ), '[]') AS versions,
    (SELECT config_json FROM configs WHERE scope = $1) AS own_config,
    (SELECT config_json FROM configs WHERE scope = $2) AS global_config,
    (SELECT mode FROM modes WHERE scope = $1) AS own_mode,
    (SELECT mode FROM modes WHERE scope = $2) AS global_mode,
    COALESCE((SELECT json_agg(c ORDER BY c.major) FROM compat_ids c WHERE c.subject = $1), '[]') AS compat_ids,
    (SELECT governance_json FROM g) AS governance_json,
    (SELECT settings_json FROM governance_settings WHERE id = 1) AS settings_json,
    (SELECT json_build_object('id', cr.id, 'state', cr.state) FROM change_requests cr
      WHERE cr.id = ((SELECT governance_json FROM g)::json ->> 'changeRequestId')::int) AS change_request`;

interface SnapshotRow {
  versions: Array<VersionRow & { fingerprint: string | null; referenced: boolean }>;
  own_config: string | null;
  global_config: string | null;
  own_mode: string | null;
  global_mode: string | null;
  compat_ids: CompatRow[];
  governance_json: string | null;
  settings_json: string | null;
  change_request: { id: number; state: string } | null;
}

export async function loadPostgresSnapshot(db: Db, subject: string): Promise<SubjectSnapshot> {
  const [row] = await named<SnapshotRow>(db, 'sg_subject_snapshot', SNAPSHOT, [subject, POSTGRES_GLOBAL]);
  const governance = row.governance_json ? (JSON.parse(row.governance_json) as SubjectGovernance) : undefined;
  // The CR is the governance's only when it names one (as composeSnapshot reads it).
  const changeRequest = governance?.changeRequestId !== undefined ? row.change_request : null;
  return {
    subject,
    versions: row.versions.map((v) => ({ ...toVersion(v), fingerprint: v.fingerprint ?? '', referenced: v.referenced })),
    config: {
      ...(row.own_config !== null && { subject: JSON.parse(row.own_config) as ScopeConfig }),
      ...(row.global_config !== null && { global: JSON.parse(row.global_config) as ScopeConfig }),
    },
    mode: { ...(row.own_mode !== null && { subject: row.own_mode as RegistryMode }), ...(row.global_mode !== null && { global: row.global_mode as RegistryMode }) },
    compatIds: row.compat_ids.map(toCompatId),
    ...(governance && { governance }),
    governanceSettings: row.settings_json ? (JSON.parse(row.settings_json) as GovernanceSettings) : {},
    ...(changeRequest && { changeRequest: { id: changeRequest.id, state: changeRequest.state as ChangeRequestState } }),
  };
}
