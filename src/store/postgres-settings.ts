import type { RegistryMode } from '../core/types.ts';
import { named, type PgContext } from './postgres-db.ts';
import type { SettingsStore } from './store-roles.ts';
import type { ScopeConfig } from './store.ts';

/** The scope key of the global config and mode. */
export const POSTGRES_GLOBAL = '__GLOBAL';

/** Configs and modes in PostgreSQL, per subject or under POSTGRES_GLOBAL. */
export class PostgresSettings implements SettingsStore {
  constructor(private readonly ctx: PgContext) {}

  async getConfig(subject: string | null) {
    const [row] = await named<{ config_json: string }>(this.ctx.db, 'sg_get_config', 'SELECT config_json FROM configs WHERE scope = $1', [subject ?? POSTGRES_GLOBAL]);
    return row ? (JSON.parse(row.config_json) as ScopeConfig) : undefined;
  }

  async setConfig(subject: string | null, config: ScopeConfig) {
    await this.ctx.db.query(
      'INSERT INTO configs (scope, config_json) VALUES ($1, $2) ON CONFLICT (scope) DO UPDATE SET config_json = excluded.config_json',
      [subject ?? POSTGRES_GLOBAL, JSON.stringify(config)],
    );
  }

  async deleteConfig(subject: string | null) {
    await this.ctx.db.query('DELETE FROM configs WHERE scope = $1', [subject ?? POSTGRES_GLOBAL]);
  }

  async getMode(subject: string | null) {
    const [row] = await named<{ mode: string }>(this.ctx.db, 'sg_get_mode', 'SELECT mode FROM modes WHERE scope = $1', [subject ?? POSTGRES_GLOBAL]);
    return row?.mode as RegistryMode | undefined;
  }

  async setMode(subject: string | null, mode: RegistryMode) {
    await this.ctx.db.query('INSERT INTO modes (scope, mode) VALUES ($1, $2) ON CONFLICT (scope) DO UPDATE SET mode = excluded.mode', [subject ?? POSTGRES_GLOBAL, mode]);
  }

  async deleteMode(subject: string | null) {
    await this.ctx.db.query('DELETE FROM modes WHERE scope = $1', [subject ?? POSTGRES_GLOBAL]);
  }
}
