import type { Registry as PromRegistry } from 'prom-client';
import { parseSchema, type ParsedSchema } from '../core/parse-schema.ts';
import { payloadCodecFor } from '../core/serde/payload-codec.ts';
import { readFrame, writeFrame } from '../core/serde/wire-format.ts';
import type { SchemaReference, SchemaType, ValidationMode } from '../core/types.ts';
import type { SchemaValidationReport } from '../governance/governance-types.ts';
import { LruCache } from '../core/lru-cache.ts';
import { resolveClientConfig } from './client-config.ts';
import { SchemaRegistryError } from './client-errors.ts';
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

/**
 * The QMTL SchemaRegistryClient: in memory by default, remote with a URL.
 * Both run the same core, so they give the same verdicts. Reads answer
 * `undefined` for what does not exist; transport and registry errors are
 * SchemaRegistryError; a strict refusal is SchemaValidationError.
 */
export class SchemaRegistryClient {
  readonly validationMode: ValidationMode;
  readonly url?: string;
  private readonly backend: RegistryBackend;
  /** Parsed schemas by id, for serde: ids never change meaning. */
  private readonly parsedById = new LruCache<number, Promise<ParsedSchema>>(1_000);
  /** encode()'s latest schema id per subject: a producer must not ask the registry once per message. */
  private readonly latestIds = new LruCache<string, { id: number; until: number }>(1_000);
  private readonly latestTtlMs: number;

  constructor(options: ClientOptions = {}) {
    this.validationMode = options.validationMode ?? 'canary';
    this.url = options.url;
    this.latestTtlMs = options.latestTtlMs ?? 30_000;
    this.backend = options.url
      ? new RemoteBackend(options.url, { credentials: options.credentials, timeoutMs: options.timeoutMs })
      : new MemoryBackend(this.validationMode, options.metrics);
  }

  /** Remote when qmtl.yml or QMTL_SCHEMA_REGISTRY_URL names a registry, else in memory (see resolveClientConfig). */
  static fromEnv(options: Omit<ClientOptions, 'url'> & { env?: NodeJS.ProcessEnv; cwd?: string } = {}): SchemaRegistryClient {
    const config = resolveClientConfig(options);
    return new SchemaRegistryClient({ ...options, validationMode: config.validationMode, url: config.url, credentials: options.credentials ?? config.credentials });
  }

  get kind(): 'memory' | 'remote' {
    return this.backend.kind;
  }

  async register(subject: string, schema: string | object, options: RegisterOptions = {}): Promise<RegisteredSchema> {
    const mode = options.validationMode ?? this.validationMode;
    return this.backend.register(subject, text(schema), { ...defaults(options), strict: mode === 'strict' });
  }

  /** The report registering would produce, without registering. */
  async validate(subject: string, schema: string | object, options: RegisterOptions = {}): Promise<SchemaValidationReport> {
    const report = await this.backend.validate(subject, text(schema), defaults(options));
    return options.validationMode === 'strict' || this.validationMode === 'strict' ? { ...report, mode: 'strict' } : report;
  }

  latest(subject: string): Promise<RegisteredSchema | undefined> {
    return this.backend.version(subject, 'latest');
  }

  get(subject: string, version: number): Promise<RegisteredSchema | undefined> {
    return this.backend.version(subject, version);
  }

  getById(id: number): Promise<SchemaById | undefined> {
    return this.backend.byId(id);
  }

  /** The report of the subject's last registration attempt (registered or refused). */
  lastValidation(subject: string): Promise<SchemaValidationReport | undefined> {
    return this.backend.lastValidation(subject);
  }

  /** The value in Confluent's wire format, under the subject's latest schema; throws if the value does not match it. */
  async encode(subject: string, value: unknown): Promise<Buffer> {
    const schemaId = await this.latestId(subject);
    const parsed = await this.parsed(schemaId);
    const { payload, messageIndexes } = payloadCodecFor(parsed).encode(value);
    return writeFrame({ schemaId, payload, ...(messageIndexes && { messageIndexes }) });
  }

  private async latestId(subject: string): Promise<number> {
    const cached = this.latestIds.get(subject);
    if (cached && cached.until > Date.now()) return cached.id;
    const latest = await this.backend.version(subject, 'latest', { compatId: false });
    if (!latest) throw new SchemaRegistryError(`Subject '${subject}' not found: register its schema before encoding`, 404, 40401);
    this.latestIds.set(subject, { id: latest.id, until: Date.now() + this.latestTtlMs });
    return latest.id;
  }

  /** A wire-format message back to its value, with the schema it names (fetched once per id). */
  async decode(bytes: Uint8Array): Promise<unknown> {
    const { schemaId } = readFrame(bytes, false);
    const parsed = await this.parsed(schemaId);
    const frame = readFrame(bytes, parsed.type === 'PROTOBUF');
    return payloadCodecFor(parsed).decode(frame.payload, frame.messageIndexes);
  }

  close(): Promise<void> {
    return this.backend.close();
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
    const stored = await this.getById(id);
    if (!stored) throw new SchemaRegistryError(`Schema ${id} not found`, 404, 40403);
    return parseSchema({ schemaType: stored.schemaType, schema: stored.schema, references: await resolveReferences((subject, version) => this.backend.version(subject, version, { compatId: false }), stored.references) });
  }
}

function text(schema: string | object): string {
  return typeof schema === 'string' ? schema : JSON.stringify(schema);
}

function defaults(options: RegisterOptions): { schemaType: SchemaType; references: SchemaReference[] } {
  return { schemaType: options.schemaType ?? 'JSON', references: options.references ?? [] };
}
