import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { isSchemaType, parseCompatibilityLevel, parseCompatibilityPolicy, parseValidationMode, type SchemaType } from '../core/types.ts';
import { DEFAULT_WORKER_ENGINE, type WorkerEngineOptions } from '../engine/worker-engine.ts';
import { auditSigner, type AuditSigner } from '../core/governance/audit-signer.ts';
import { MIN_CANARY_WINDOW_FLOOR_MS, requiredApprovalsProblem } from '../core/governance/policy-floors.ts';
import { DEFAULT_SETTINGS, type RegistrySettings } from '../registry/registry-context.ts';
import type { AuthSettings } from '../server/auth/authenticator.ts';
import { isLoopbackHost, readAuthSettings } from './auth-config.ts';
import { CONFIG_SHAPE, unknownKey } from './config-shape.ts';
import { ConfigError, duration, integer, section } from './config-values.ts';
import type { ServerSettings } from '../server/server-settings.ts';
import { readServerSettings } from './server-config.ts';
import type { NotificationSettings } from '../notifications/notification-settings.ts';
import { readNotificationSettings } from './notifications-config.ts';

export { ConfigError };

/** Everything `schemagate serve` needs, after flags, config file, environment and defaults are merged. */
export interface ServeConfig {
  host: string;
  port: number;
  server: ServerSettings;
  dataDir: string;
  /** `memory`, `sqlite:<path>`, a file path, or a postgres URL; undefined = SQLite in dataDir. */
  store?: string;
  registry: RegistrySettings;
  engine: WorkerEngineOptions;
  logLevel: string;
  auth: AuthSettings;
  /** Signs audit entries with a key kept outside the database (audit.keyFile). */
  auditSigner?: AuditSigner;
  /** Webhooks for governance events (`notifications:`). */
  notifications: NotificationSettings;
}

export interface ServeFlags {
  host?: string;
  port?: string;
  dataDir?: string;
  store?: string;
  config?: string;
  logLevel?: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Precedence: flags, then the config file, then the environment, then built-in defaults. */
export function loadServeConfig(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): ServeConfig {
  const file = flags.config ? readConfigFile(flags.config) : {};
  const serverFile = section(file.server, 'server');
  const port = integer(flags.port ?? serverFile.port, flags.port !== undefined ? '--port' : 'server.port', 8081, { min: 0, max: 65535 });
  // `[::1]` is how a URL writes an IPv6 address; the socket wants it bare.
  const host = String(flags.host ?? serverFile.host ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
  if (host === '' || /[\s/]/.test(host)) throw new ConfigError(`${flags.host !== undefined ? '--host' : 'server.host'} must be a host name or an IP address, got ${JSON.stringify(host)}`);
  const auth = readAuthSettings(file.auth, (message) => new ConfigError(message));
  if (!auth.enabled && !isLoopbackHost(host)) {
    throw new ConfigError(
      `auth is off, so the server listens on loopback only (127.0.0.1, ::1, localhost), not on ${host}; turn auth on in the config file (auth.enabled, auth.users) to listen on other interfaces`,
    );
  }
  const logLevel = String(flags.logLevel ?? file.logLevel ?? 'warn');
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`log level must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);
  return {
    host,
    port,
    server: readServerSettings(serverFile),
    auth,
    dataDir: String(flags.dataDir ?? file.dataDir ?? './schemagate-data'),
    store: flags.store ?? (file.store === undefined ? undefined : String(file.store)),
    logLevel,
    registry: { ...registrySettings(section(file.registry, 'registry'), env), ...governanceSettings(section(file.governance, 'governance')) },
    engine: engineSettings(section(file.engine, 'engine')),
    ...auditSettings(section(file.audit, 'audit')),
    notifications: readNotificationSettings(file.notifications, env),
  };
}

/** `audit.keyFile`: at least 32 bytes the database never sees; entries from `audit.signedFrom` on must carry its signature. */
function auditSettings(file: Record<string, unknown>): { auditSigner?: AuditSigner } {
  if (file.keyFile === undefined) {
    if (file.signedFrom !== undefined) throw new ConfigError('audit.signedFrom needs audit.keyFile');
    return {};
  }
  let key: Buffer;
  try {
    key = readFileSync(String(file.keyFile));
  } catch (err) {
    throw new ConfigError(`audit.keyFile: cannot read ${String(file.keyFile)}: ${(err as Error).message}`);
  }
  const trimmed = key.subarray(0, key.length - (/\s*$/.exec(key.toString('latin1'))?.[0].length ?? 0));
  if (trimmed.length < 32) throw new ConfigError(`audit.keyFile holds ${trimmed.length} bytes; an audit key needs at least 32 (e.g. openssl rand -base64 48 > audit.key)`);
  return { auditSigner: auditSigner(trimmed, integer(file.signedFrom, 'audit.signedFrom', 1, { min: 1 })) };
}

function governanceSettings(file: Record<string, unknown>): Partial<RegistrySettings> {
  const out: Partial<RegistrySettings> = {};
  if (file.minCanaryWindow !== undefined) {
    out.minCanaryWindowMs = duration(file.minCanaryWindow, 'governance.minCanaryWindow', DEFAULT_SETTINGS.minCanaryWindowMs, {
      minMs: MIN_CANARY_WINDOW_FLOOR_MS,
      floorWhy: 'the floor: a shorter canary observes nothing',
    });
  }
  if (file.requiredApprovals !== undefined) {
    const problem = requiredApprovalsProblem(file.requiredApprovals);
    if (problem) throw new ConfigError(`governance.requiredApprovals ${problem}, got ${JSON.stringify(file.requiredApprovals)}`);
    out.requiredApprovals = file.requiredApprovals as string[];
  }
  return out;
}

function engineSettings(file: Record<string, unknown>): WorkerEngineOptions {
  const d = DEFAULT_WORKER_ENGINE;
  return {
    workers: integer(file.workers, 'engine.workers', d.workers, { min: 1, max: 64 }),
    timeoutMs: duration(file.checkTimeout, 'engine.checkTimeout', d.timeoutMs, { minMs: 100, maxMs: 10 * 60_000 }),
    maxHeapMb: integer(file.maxHeapMb, 'engine.maxHeapMb', d.maxHeapMb, { min: 64, max: 64 * 1024 }),
    maxQueue: integer(file.maxQueue, 'engine.maxQueue', d.maxQueue, { min: 1, max: 100_000 }),
    parsedCacheChars: integer(file.parsedCacheMb, 'engine.parsedCacheMb', d.parsedCacheChars / (1024 * 1024), { min: 0, max: 4096 }) * 1024 * 1024,
    storeWaitMs: duration(file.storeWait, 'engine.storeWait', d.storeWaitMs, { minMs: 1000, maxMs: 10 * 60_000 }),
  };
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
  if (file.defaultSchemaType !== undefined) settings.defaultSchemaType = schemaTypeSetting(file.defaultSchemaType, 'registry.defaultSchemaType');
  if (file.defaultSchemaTypeByPrefix !== undefined) {
    const byPrefix = file.defaultSchemaTypeByPrefix;
    if (byPrefix === null || typeof byPrefix !== 'object' || Array.isArray(byPrefix)) {
      throw new ConfigError('registry.defaultSchemaTypeByPrefix must be a mapping of subject prefix to AVRO, JSON or PROTOBUF');
    }
    settings.defaultSchemaTypeByPrefix = Object.fromEntries(
      Object.entries(byPrefix).map(([prefix, type]) => [prefix, schemaTypeSetting(type, `registry.defaultSchemaTypeByPrefix.${prefix}`)]),
    );
  }
  for (const key of ['maxSchemaBytes', 'maxSubjectLength', 'maxDryRunBytes'] as const) {
    settings[key] = integer(file[key], `registry.${key}`, settings[key], { min: 1, max: 1024 * 1024 * 1024 });
  }
  return settings;
}

function readConfigFile(path: string): Record<string, unknown> {
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
  const unknown = unknownKey(parsed, CONFIG_SHAPE);
  if (unknown) throw new ConfigError(`config file ${path}: ${unknown}`);
  return parsed as Record<string, unknown>;
}

function schemaTypeSetting(value: unknown, key: string): SchemaType {
  const upper = typeof value === 'string' ? value.toUpperCase() : value;
  if (!isSchemaType(upper)) throw new ConfigError(`${key}: unknown schema type ${JSON.stringify(value)}; use AVRO, JSON or PROTOBUF`);
  return upper;
}
