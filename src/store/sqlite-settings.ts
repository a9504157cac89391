import type Database from 'better-sqlite3';
import type { RegistryMode } from '../core/types.ts';
import type { SettingsStore } from './store-roles.ts';
import type { ScopeConfig } from './store.ts';

/** The scope key of the global config and mode. */
export const SQLITE_GLOBAL = '__GLOBAL';

/** Configs and modes in SQLite, per subject or under SQLITE_GLOBAL. */
export class SqliteSettings implements SettingsStore {
  private readonly stmt;

  constructor(db: Database.Database) {
    this.stmt = {
      getConfig: db.prepare<[string], { config_json: string }>('SELECT config_json FROM configs WHERE scope = ?'),
      setConfig: db.prepare('INSERT INTO configs (scope, config_json) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET config_json = excluded.config_json'),
      deleteConfig: db.prepare('DELETE FROM configs WHERE scope = ?'),
      getMode: db.prepare<[string], { mode: string }>('SELECT mode FROM modes WHERE scope = ?'),
      setMode: db.prepare('INSERT INTO modes (scope, mode) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET mode = excluded.mode'),
      deleteMode: db.prepare('DELETE FROM modes WHERE scope = ?'),
    };
  }

  async getConfig(subject: string | null) {
    const row = this.stmt.getConfig.get(subject ?? SQLITE_GLOBAL);
    return row ? (JSON.parse(row.config_json) as ScopeConfig) : undefined;
  }

  async setConfig(subject: string | null, config: ScopeConfig) {
    this.stmt.setConfig.run(subject ?? SQLITE_GLOBAL, JSON.stringify(config));
  }

  async deleteConfig(subject: string | null) {
    this.stmt.deleteConfig.run(subject ?? SQLITE_GLOBAL);
  }

  async getMode(subject: string | null) {
    return this.stmt.getMode.get(subject ?? SQLITE_GLOBAL)?.mode as RegistryMode | undefined;
  }

  async setMode(subject: string | null, mode: RegistryMode) {
    this.stmt.setMode.run(subject ?? SQLITE_GLOBAL, mode);
  }

  async deleteMode(subject: string | null) {
    this.stmt.deleteMode.run(subject ?? SQLITE_GLOBAL);
  }
}
