import { Registry as PromRegistry, register as defaultPromRegistry } from 'prom-client';
import { isRegistryError } from '../core/errors.ts';
import type { ValidationMode } from '../core/types.ts';
import { composeRegistry, type RegistryServices } from '../compose-registry.ts';
import { dryRun, readBundle } from '../governance/dry-run.ts';
import type { Actor } from '../core/governance/roles.ts';
import { validationFailuresCounter } from '../metrics/validation-failures.ts';
import { NO_EVENTS } from '../registry/registry-context.ts';
import { MemoryStore } from '../store/memory-store.ts';
import { clientErrorOf, SchemaRegistryError } from './client-errors.ts';
import { fromVersionBody, type RegisteredSchema, type RegistryBackend } from './client-types.ts';
import type { SchemaValidationReport } from '../core/governance/governance-types.ts';

/**
 * The registry itself, in the caller's process: the same service the server
 * runs, over a memory store, so verdicts are identical. Validation failures
 * increment the caller's Prometheus counter.
 */
export class MemoryBackend implements RegistryBackend {
  readonly kind = 'memory' as const;
  private readonly services: RegistryServices;
  /** Done once the registry records its own global mode (see below). */
  private readonly ready: Promise<void>;

  constructor(validationMode: ValidationMode, metrics: PromRegistry = defaultPromRegistry) {
    const failures = validationFailuresCounter(metrics);
    this.services = composeRegistry({
      store: new MemoryStore(),
      settings: { validationMode },
      events: { ...NO_EVENTS, validationFailed: (subject, mode) => failures.inc({ subject, mode }) },
    });
    // The application chose strict for its own in-process registry: that choice is recorded as the
    // audit entry an operator records on a server, so its subjects take new schemas (and refuse
    // incompatible ones) instead of waiting for an entry nobody would make.
    this.ready =
      validationMode === 'strict'
        ? this.services.audit
            .record({ global: true, schemaBundleSha: '0'.repeat(64), changeRequest: 'in-process SchemaRegistryClient', validationWindow: 'none', notes: 'validationMode: strict' }, IN_PROCESS)
            .then(() => undefined)
        : Promise.resolve();
    // register() and validate() await it and see its failure; until one does, a rejection must not crash the process as unhandled.
    this.ready.catch(() => undefined);
  }

  async register(subject: string, schema: string, options: { schemaType: string; references: unknown[]; strict: boolean }): Promise<RegisteredSchema> {
    await this.ready;
    const outcome = await call(() => this.services.registry.register(subject, { schema, schemaType: options.schemaType, references: options.references }, { strict: options.strict }));
    return { ...(await this.version(subject, outcome.version))!, ...(outcome.schemaCompatId && { schemaCompatId: outcome.schemaCompatId }) };
  }

  async validate(subject: string, schema: string, options: { schemaType: string; references: unknown[] }): Promise<SchemaValidationReport> {
    await this.ready;
    const entries = () => readBundle(this.services.ctx, { schemas: [{ subject, schema, schemaType: options.schemaType, references: options.references }] });
    const result = await call(() => dryRun(this.services.ctx, { entries: entries() }));
    const [only] = result.subjects;
    if (!only.report) throw new SchemaRegistryError(only.error ?? 'Invalid schema', 422, 42201);
    return only.report;
  }

  async version(subject: string, version: number | 'latest'): Promise<RegisteredSchema | undefined> {
    // In memory the compat id costs nothing: it is always filled in.
    const body = await found(() => this.services.registry.getVersion(subject, String(version)));
    if (!body) return undefined;
    const compat = (await this.services.registry.store.getCompatIds(subject)).find((e) => body.version >= e.firstVersion && body.version <= e.lastVersion);
    return { ...fromVersionBody(body), ...(compat && { schemaCompatId: compat.compatId }) };
  }

  async byId(id: number) {
    const stored = await this.services.registry.store.getSchema(id);
    return stored && { id, schema: stored.schema, schemaType: stored.schemaType, references: stored.references };
  }

  async lastValidation(subject: string) {
    return (await this.services.registry.store.listReports(subject, { offset: 0, limit: 1 }))[0]?.report;
  }

  async close() {
    await this.services.close();
  }
}

const IN_PROCESS: Actor = { name: 'application', roles: ['admin'], authenticated: false };

/** Registry errors as the client reports them: a strict refusal with its report, anything else with its code. */
async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw clientErrorOf(err);
  }
}

async function found<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (err) {
    if (isRegistryError(err) && err.status === 404) return undefined;
    throw clientErrorOf(err);
  }
}
