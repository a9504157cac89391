import type { Registry as PromRegistry } from 'prom-client';
import { parseSchema, type ParsedSchema } from '../core/parse-schema.ts';
import type { SchemaReference, SchemaType, ValidationMode } from '../core/types.ts';
import type { SchemaValidationReport } from '../core/governance/governance-types.ts';
import { LruCache } from '../core/lru-cache.ts';
import { modeOf, resolveClientConfig, type ClientConfigOptions } from './client-config.ts';
import { clientErrorOf, SchemaRegistryError } from './client-errors.ts';
import { decodePayload, encodeValue, frameSchemaIdOf } from './client-serde.ts';
import type { RegisteredSchema, RegisterOptions, RegistryBackend, SchemaById } from './client-types.ts';
import type { Credentials } from './http-transport.ts';
import { MemoryBackend } from './memory-backend.ts';
import { RemoteBackend } from './remote-backend.ts';
import { resolveReferences } from './resolve-references.ts';

export interface ClientOptions {
  /** canary (default): incompatible schemas register and are recorded; strict: they throw SchemaValidationError. */
  validationMode?: ValidationMode;
  /** A registry URL: remote. Without one the registry lives in this process. */
  url?: string;
  credentials?: Credentials;
  timeoutMs?: number;
  /** In memory: the Prometheus registry whose seamless_schema_validation_failures_total counts failures (default: prom-client's). */
  metrics?: PromRegistry;
  /** How long encode() keeps using a subject's latest schema before asking again (default 30 s, as Confluent's latest-version cache). */
  latestTtlMs?: number;
}

/** Which registry a client talks to and in which mode, and where each came from (see resolveClientConfig). */
export interface ClientDescription {
  kind: 'memory' | 'remote';
  /** The registry URL without credentials; undefined in memory. */
  url?: string;
  /** `option`, `connectors.schema_registry_url in <file>` or `QMTL_SCHEMA_REGISTRY_URL`; undefined in memory. */
  urlSource?: string;
  validationMode: ValidationMode;
  /** `option`, `QMTL_SCHEMA_VALIDATION_MODE`, `validation_mode in <file>` or `default`. */
  validationModeSource: string;
}

/** fromEnv's sources, handed to the constructor without becoming a public option. */
const SOURCES = Symbol('sources');
type InternalOptions = ClientOptions & { [SOURCES]?: { urlSource?: string; validationModeSource: string } };

/**
 * The QMTL SchemaRegistryClient: in memory by default, remote with a URL.
 * Both run the same core, so they give the same verdicts. Reads answer
 * `undefined` for what does not exist. Every failure is a
 * SchemaRegistryError (a subclass says which kind: connection, config,
 * serialization, record validation) or, for a strict refusal, a
 * SchemaValidationError; settings that cannot work throw from the
 * constructor, before any request.
 */
export class SchemaRegistryClient {
  readonly validationMode: ValidationMode;
  readonly url?: string;
  private readonly backend: RegistryBackend;
  private readonly description: ClientDescription;
  /** Parsed schemas by id, for serde: ids never change meaning. */
  private readonly parsedById = new LruCache<number, Promise<ParsedSchema>>(1_000);
  /** encode()'s latest schema id per subject: a producer must not ask the registry once per message. */
  private readonly latestIds = new LruCache<string, { id: number; until: number }>(1_000);
  private readonly latestTtlMs: number;

  constructor(options: ClientOptions = {}) {
    const sources = (options as InternalOptions)[SOURCES];
    const modeSource = sources?.validationModeSource ?? (options.validationMode === undefined ? 'default' : 'option');
    // JavaScript callers are not held to the ValidationMode type: an unknown mode must not quietly mean canary.
    this.validationMode = options.validationMode === undefined ? 'canary' : modeOf(options.validationMode, modeSource === 'option' ? 'the validationMode option' : modeSource);
    // An empty URL (an unset variable passed through) means in memory, as it always has.
    const url = options.url?.trim() ? options.url : undefined;
    this.url = url;
    this.latestTtlMs = options.latestTtlMs ?? 30_000;
    const urlSource = url === undefined ? undefined : (sources?.urlSource ?? 'option');
    const remote = url === undefined
      ? undefined
      : new RemoteBackend(url, { credentials: options.credentials, timeoutMs: options.timeoutMs, source: urlSource === 'option' ? 'the url option' : urlSource });
    this.backend = remote ?? new MemoryBackend(this.validationMode, options.metrics);
    this.description = {
      kind: this.backend.kind,
      ...(remote && { url: remote.http.baseUrl, urlSource }),
      validationMode: this.validationMode,
      validationModeSource: modeSource,
    };
  }

  /** Remote when qmtl.yml or QMTL_SCHEMA_REGISTRY_URL names a registry, else in memory (see resolveClientConfig). */
  static fromEnv(options: Omit<ClientOptions, 'url'> & Pick<ClientConfigOptions, 'env' | 'cwd'> = {}): SchemaRegistryClient {
    const config = resolveClientConfig(options);
    const internal: InternalOptions = {
      ...options,
      validationMode: config.validationMode,
      url: config.url,
      credentials: options.credentials ?? config.credentials,
      [SOURCES]: { urlSource: config.urlSource, validationModeSource: config.validationModeSource },
    };
    return new SchemaRegistryClient(internal);
  }

  get kind(): 'memory' | 'remote' {
    return this.backend.kind;
  }

  /** Where the registry URL and the validation mode came from, for logs and `--verbose` output. */
  describe(): ClientDescription {
    return { ...this.description };
  }

  register(subject: string, schema: string | object, options: RegisterOptions = {}): Promise<RegisteredSchema> {
    return guard(async () => {
      const mode = options.validationMode === undefined ? this.validationMode : modeOf(options.validationMode, 'the validationMode option of register()');
      return this.backend.register(subject, text(schema), { ...defaults(options), strict: mode === 'strict' });
    });
  }

  /** The report registering would produce, without registering. */
  validate(subject: string, schema: string | object, options: RegisterOptions = {}): Promise<SchemaValidationReport> {
    return guard(async () => {
      const mode = options.validationMode === undefined ? this.validationMode : modeOf(options.validationMode, 'the validationMode option of validate()');
      const report = await this.backend.validate(subject, text(schema), defaults(options));
      return mode === 'strict' || this.validationMode === 'strict' ? { ...report, mode: 'strict' } : report;
    });
  }

  latest(subject: string): Promise<RegisteredSchema | undefined> {
    return guard(() => this.backend.version(subject, 'latest'));
  }

  get(subject: string, version: number): Promise<RegisteredSchema | undefined> {
    return guard(() => this.backend.version(subject, version));
  }

  getById(id: number): Promise<SchemaById | undefined> {
    return guard(() => this.backend.byId(id));
  }

  /** The report of the subject's last registration attempt (registered or refused). */
  lastValidation(subject: string): Promise<SchemaValidationReport | undefined> {
    return guard(() => this.backend.lastValidation(subject));
  }

  /** The value in Confluent's wire format, under the subject's latest schema; RecordValidationError if the value does not match it. */
  encode(subject: string, value: unknown): Promise<Buffer> {
    return guard(async () => {
      const schemaId = await this.latestId(subject);
      return encodeValue(await this.parsed(schemaId), subject, schemaId, value);
    });
  }

  /** A wire-format message back to its value, with the schema it names (fetched once per id); SerializationError for bytes that are not one. */
  decode(bytes: Uint8Array): Promise<unknown> {
    return guard(async () => {
      const schemaId = frameSchemaIdOf(bytes);
      return decodePayload(await this.parsed(schemaId), schemaId, bytes);
    });
  }

  close(): Promise<void> {
    return guard(() => this.backend.close());
  }

  private async latestId(subject: string): Promise<number> {
    const cached = this.latestIds.get(subject);
    if (cached && cached.until > Date.now()) return cached.id;
    const latest = await this.backend.version(subject, 'latest', { compatId: false });
    if (!latest) throw new SchemaRegistryError(`Subject '${subject}' not found: register its schema before encoding`, 404, 40401);
    this.latestIds.set(subject, { id: latest.id, until: Date.now() + this.latestTtlMs });
    return latest.id;
  }

  private parsed(id: number): Promise<ParsedSchema> {
    let pending = this.parsedById.get(id);
    if (!pending) {
      pending = this.loadParsed(id);
      pending.catch(() => this.parsedById.delete(id));
      this.parsedById.set(id, pending);
    }
    return pending;
  }

  private async loadParsed(id: number): Promise<ParsedSchema> {
    const stored = await this.backend.byId(id);
    if (!stored) throw new SchemaRegistryError(`Schema ${id} not found`, 404, 40403);
    return parseSchema({ schemaType: stored.schemaType, schema: stored.schema, references: await resolveReferences((subject, version) => this.backend.version(subject, version, { compatId: false }), stored.references) });
  }
}

/** The public boundary: whatever fails inside leaves as one of the exported error classes. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw clientErrorOf(err);
  }
}

function text(schema: string | object): string {
  return typeof schema === 'string' ? schema : JSON.stringify(schema);
}

function defaults(options: RegisterOptions): { schemaType: SchemaType; references: SchemaReference[] } {
  return { schemaType: options.schemaType ?? 'JSON', references: options.references ?? [] };
}
