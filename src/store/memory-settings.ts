import type { RegistryMode } from '../core/types.ts';
import type { SettingsStore } from './store-roles.ts';
import type { ScopeConfig } from './store.ts';

/** The key of the global scope: no subject name can be it. */
const GLOBAL = '\u0000global';

/** Configs and modes in process memory. */
export class MemorySettings implements SettingsStore {
  private readonly configs = new Map<string, ScopeConfig>();
  private readonly modes = new Map<string, RegistryMode>();

  async getConfig(subject: string | null) {
    const config = this.configs.get(subject ?? GLOBAL);
    return config ? { ...config } : undefined;
  }

  async setConfig(subject: string | null, config: ScopeConfig) {
    this.configs.set(subject ?? GLOBAL, { ...config });
  }

  async deleteConfig(subject: string | null) {
    this.configs.delete(subject ?? GLOBAL);
  }

  async getMode(subject: string | null) {
    return this.modes.get(subject ?? GLOBAL);
  }

  async setMode(subject: string | null, mode: RegistryMode) {
    this.modes.set(subject ?? GLOBAL, mode);
  }

  async deleteMode(subject: string | null) {
    this.modes.delete(subject ?? GLOBAL);
  }
}
