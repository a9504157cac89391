import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseDuration } from '../core/duration.ts';
import { parseCompatibilityLevel, parseCompatibilityPolicy, parseValidationMode } from '../core/types.ts';
import { APPROVER_ROLES } from '../governance/roles.ts';
import type { AuthSettings } from '../server/auth/authenticator.ts';
import { isLoopbackHost, readAuthSettings } from './auth-config.ts';
import { DEFAULT_SETTINGS, type RegistrySettings } from '../registry/registry-context.ts';

/** Everything `schemagate serve` needs, after flags, config file, environment and defaults are merged. */
export interface ServeConfig {
  host: string;
  port: number;
  dataDir: string;
  /** `memory`, `sqlite:<path>`, a file path, or a postgres URL; undefined = SQLite in dataDir. */
  store?: string;
  registry: RegistrySettings;
  logLevel: string;
  auth: AuthSettings;
}

export interface ServeFlags {
  host?: string;
  port?: string;
  dataDir?: string;
  store?: string;
  config?: string;
  logLevel?: string;
}

/** A configuration the server refuses to start with; the message says what to fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

interface FileConfig {
  server?: { host?: unknown; port?: unknown };
  store?: unknown;
  dataDir?: unknown;
  logLevel?: unknown;
  registry?: Record<string, unknown>;
  governance?: Record<string, unknown>;
  auth?: unknown;
}

/** Precedence: flags, then the config file, then the environment, then built-in defaults. */
export function loadServeConfig(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): ServeConfig {
  const file = flags.config ? readConfigFile(flags.config) : {};
  const registryFile = file.registry ?? {};
  const port = Number(flags.port ?? file.server?.port ?? 8081);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`port must be an integer from 0 to 65535, got ${flags.port ?? file.server?.port}`);
  const host = String(flags.host ?? file.server?.host ?? '127.0.0.1');
  const auth = readAuthSettings(file.auth, (message) => new ConfigError(message));
  if (!auth.enabled && !isLoopbackHost(host)) {
    throw new ConfigError(
      `auth is off, so the server listens on loopback only (127.0.0.1, ::1, localhost), not on ${host}; turn auth on in the config file (auth.enabled, auth.users) to listen on other interfaces`,
    );
  }
  return {
    host,
    auth,
    port,
    dataDir: String(flags.dataDir ?? file.dataDir ?? './schemagate-data'),
    store: flags.store ?? (file.store === undefined ? undefined : String(file.store)),
    logLevel: String(flags.logLevel ?? file.logLevel ?? 'warn'),
    registry: { ...registrySettings(registryFile, env), ...governanceSettings(file.governance ?? {}) },
  };
}

function governanceSettings(file: Record<string, unknown>): Partial<RegistrySettings> {
  const out: Partial<RegistrySettings> = {};
  if (file.minCanaryWindow !== undefined) {
    const ms = parseDuration(file.minCanaryWindow);
    if (ms === undefined || ms <= 0) throw new ConfigError(`governance.minCanaryWindow must be a positive duration such as 48h, got ${JSON.stringify(file.minCanaryWindow)}`);
    out.minCanaryWindowMs = ms;
  }
  if (file.requiredApprovals !== undefined) {
    const roles = file.requiredApprovals;
    if (!Array.isArray(roles) || roles.length === 0 || roles.some((r) => !APPROVER_ROLES.includes(r as string))) {
      throw new ConfigError(`governance.requiredApprovals must list roles among ${APPROVER_ROLES.join(', ')}, got ${JSON.stringify(roles)}`);
    }
    out.requiredApprovals = roles as string[];
  }
  return out;
}

function registrySettings(file: Record<string, unknown>, env: NodeJS.ProcessEnv): RegistrySettings {
  const settings = { ...DEFAULT_SETTINGS };
  if (file.compatibility !== undefined) {
    const level = parseCompatibilityLevel(file.compatibility);
    if (!level) throw new ConfigError(`registry.compatibility: unknown level ${JSON.stringify(file.compatibility)}; use NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL or FULL_TRANSITIVE`);
    settings.compatibilityLevel = level;
  }
  if (file.compatibilityPolicy !== undefined) {
    const policy = parseCompatibilityPolicy(file.compatibilityPolicy);
    if (!policy) throw new ConfigError(`registry.compatibilityPolicy: unknown policy ${JSON.stringify(file.compatibilityPolicy)}; use STRICT or LENIENT`);
    settings.compatibilityPolicy = policy;
  }
  const modeSource = file.validationMode !== undefined ? 'registry.validationMode' : env.QMTL_SCHEMA_VALIDATION_MODE !== undefined ? 'QMTL_SCHEMA_VALIDATION_MODE' : undefined;
  if (modeSource) {
    const raw = file.validationMode ?? env.QMTL_SCHEMA_VALIDATION_MODE;
    const mode = parseValidationMode(raw);
    if (!mode) throw new ConfigError(`${modeSource}: unknown validation mode ${JSON.stringify(raw)}; use canary or strict`);
    settings.validationMode = mode;
  }
  if (file.incompatibleErrorCode !== undefined) {
    if (file.incompatibleErrorCode !== 409 && file.incompatibleErrorCode !== 40901) {
      throw new ConfigError(`registry.incompatibleErrorCode must be 409 or 40901, got ${JSON.stringify(file.incompatibleErrorCode)}`);
    }
    settings.incompatibleErrorCode = file.incompatibleErrorCode;
  }
  for (const key of ['maxSchemaBytes', 'maxSubjectLength', 'maxDryRunBytes'] as const) {
    if (file[key] === undefined) continue;
    const n = file[key];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new ConfigError(`registry.${key} must be a positive integer, got ${JSON.stringify(n)}`);
    settings[key] = n;
  }
  return settings;
}

function readConfigFile(path: string): FileConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid YAML: ${(err as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError(`config file ${path} must hold a YAML mapping`);
  return parsed as FileConfig;
}
