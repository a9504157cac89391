import type { Clock } from '../core/clock.ts';
import type { CompatibilityLevel, CompatibilityPolicy, RegistryMode, SchemaType, ValidationMode } from '../core/types.ts';
import type { ScopeConfig, Store } from '../store/store.ts';
import type { SchemaCatalog } from './schema-catalog.ts';

/** Server-wide defaults, from the config file, the environment and built-in values. */
export interface RegistrySettings {
  compatibilityLevel: CompatibilityLevel;
  compatibilityPolicy: CompatibilityPolicy;
  /** Global validation mode: canary records incompatible registrations, strict refuses them. */
  validationMode: ValidationMode;
  /** Confluent 7.x answers 409; 8.x answers 40901. */
  incompatibleErrorCode: 409 | 40901;
  maxSchemaBytes: number;
  maxSubjectLength: number;
  /**
   * The schema type of a request that names none. Confluent's rule is AVRO
   * (its Avro serializers never send one); QMTL's Python client posts JSON
   * Schemas without one, so a registry serving it sets JSON.
   */
  defaultSchemaType: SchemaType;
  /** Per subject prefix, the longest match winning: Avro and QMTL clients can share one registry. */
  defaultSchemaTypeByPrefix: Record<string, SchemaType>;
  /** The largest dry-run request (schemas plus sample records). */
  maxDryRunBytes: number;
  /** The shortest canary observation window before a promotion, in milliseconds (governance.minCanaryWindow). */
  minCanaryWindowMs: number;
  /** Roles whose approval a change request needs (governance.requiredApprovals). */
  requiredApprovals: string[];
}

export const DEFAULT_SETTINGS: RegistrySettings = {
  compatibilityLevel: 'BACKWARD',
  compatibilityPolicy: 'STRICT',
  validationMode: 'canary',
  incompatibleErrorCode: 409,
  maxSchemaBytes: 1024 * 1024,
  maxSubjectLength: 4096,
  defaultSchemaType: 'AVRO',
  defaultSchemaTypeByPrefix: {},
  maxDryRunBytes: 16 * 1024 * 1024,
  minCanaryWindowMs: 48 * 60 * 60 * 1000,
  requiredApprovals: ['data-platform', 'strategy-owner'],
};

/** What the registry tells its host (metrics): never what governance decisions are made from. */
export interface RegistryEvents {
  validationFailed(subject: string, mode: ValidationMode): void;
  /** A change request's declared, approved major change registered: expected, so never counted as a failure. */
  plannedMajorChange(subject: string): void;
  versionRegistered(schemaType: SchemaType): void;
  /** A governance write appended notification events: the notifier, when there is one, delivers them now rather than at its next tick. */
  notificationsQueued?(): void;
}

export const NO_EVENTS: RegistryEvents = { validationFailed: () => {}, plannedMajorChange: () => {}, versionRegistered: () => {} };

/** What every registry operation works with. */
export interface RegistryContext {
  /** Inside a write, the store of its unit of work (see Store.locked). */
  readonly store: Store;
  readonly catalog: SchemaCatalog;
  readonly clock: Clock;
  readonly settings: RegistrySettings;
  /** Called after schemas were removed for good, so no cache serves them. */
  forgetSchemas(ids: number[]): void;
  /** Given when the registry is composed (composeRegistry), never patched in later. */
  readonly events: RegistryEvents;
}

export interface EffectiveConfig {
  compatibilityLevel: CompatibilityLevel;
  compatibilityPolicy: CompatibilityPolicy;
  normalize: boolean;
}

/** Subject config over global config over server defaults, field by field. */
export async function effectiveConfig(ctx: RegistryContext, subject: string | null): Promise<EffectiveConfig> {
  const global = await ctx.store.getConfig(null);
  return resolveConfig(subject === null ? undefined : await ctx.store.getConfig(subject), global, ctx.settings);
}

export function resolveConfig(own: ScopeConfig | undefined, global: ScopeConfig | undefined, settings: RegistrySettings): EffectiveConfig {
  return {
    compatibilityLevel: own?.compatibilityLevel ?? global?.compatibilityLevel ?? settings.compatibilityLevel,
    compatibilityPolicy: own?.compatibilityPolicy ?? global?.compatibilityPolicy ?? settings.compatibilityPolicy,
    normalize: own?.normalize ?? global?.normalize ?? false,
  };
}

/** Confluent's mode in scope: a global READONLY_OVERRIDE wins, then the subject's mode, then the global one. */
export async function effectiveMode(ctx: RegistryContext, subject: string | null): Promise<RegistryMode> {
  return resolveMode(subject, (scope) => ctx.store.getMode(scope));
}

/** The subject's mode over the global one, except that a global READONLY_OVERRIDE wins; `read` answers each scope's own mode. */
export async function resolveMode(subject: string | null, read: (scope: string | null) => Promise<RegistryMode | undefined>): Promise<RegistryMode> {
  const global = await read(null);
  if (global === 'READONLY_OVERRIDE' || subject === null) return modeInScope(undefined, global);
  return modeInScope(await read(subject), global);
}

/** The mode in scope from a subject's own and the global mode: a global READONLY_OVERRIDE wins, then the subject's, then the global one. */
export function modeInScope(own: RegistryMode | undefined, global: RegistryMode | undefined): RegistryMode {
  if (global === 'READONLY_OVERRIDE') return global;
  return own ?? global ?? 'READWRITE';
}

export function paginate<T>(items: T[], offset: number, limit: number): T[] {
  const start = Math.max(0, offset);
  return limit < 0 ? items.slice(start) : items.slice(start, start + limit);
}
