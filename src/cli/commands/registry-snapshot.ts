import { SchemaRegistryError } from '../../client/client-errors.ts';
import type { HttpTransport } from '../../client/http-transport.ts';
import { CliError } from '../cli-context.ts';

export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

export interface Reference {
  name: string;
  subject: string;
  version: number;
}

/** One subject version as a registry serves it, soft-deleted ones included. */
export interface VersionRecord {
  subject: string;
  version: number;
  id: number;
  schemaType: SchemaType;
  schema: string;
  references: Reference[];
  deleted: boolean;
}

/** A config as GET /config answers it: `compatibilityLevel`, and whatever else the registry keeps. */
export type ConfigRecord = Record<string, unknown>;

export interface SubjectRecord {
  subject: string;
  /** Ascending by version. */
  versions: VersionRecord[];
  /** The subject's own config or mode; absent when it follows the global one. */
  config?: ConfigRecord;
  mode?: string;
}

/**
 * Everything `import` copies and `export` writes: subjects with every
 * version, and the configs and modes, global ones absent when only a
 * prefix of the subjects was read (they belong to the whole registry).
 */
export interface Snapshot {
  config?: ConfigRecord;
  mode?: string;
  /** Sorted by subject name. */
  subjects: SubjectRecord[];
}

export type Role = 'source' | 'target' | 'registry';

export interface ReadOptions {
  /** Only subjects starting with this, plus the subjects they reference. */
  prefix?: string;
  /** Which registry, for messages; the source's sign-in variables are its own. */
  role: Role;
  /** Called after each subject is read. */
  onSubject?: (done: number, total: number) => void;
}

/** Subjects, and versions within each, read at once: 16 requests in flight hide latency without loading a production registry. */
const CONCURRENCY = 4;

const path = (subject: string) => encodeURIComponent(subject);

/**
 * Reads a Confluent-compatible registry through its REST API only, so any
 * implementation can be the source. Soft-deleted subjects and versions are
 * included (`?deleted=true`); a version is soft-deleted when the listing
 * without `deleted` lacks it, since Confluent's answers carry no flag.
 */
export async function readRegistry(http: HttpTransport, options: ReadOptions): Promise<Snapshot> {
  const get = (p: string) => getOrUndefined(http, p, options.role);
  const query = new URLSearchParams({ deleted: 'true', ...(options.prefix && { subjectPrefix: options.prefix }) });
  const listed = ((await get(`/subjects?${query}`)) as string[] | undefined) ?? [];
  // Filtered here too: a registry that ignores subjectPrefix must not widen the import.
  let pending = [...new Set(listed.filter((s) => !options.prefix || s.startsWith(options.prefix)))];
  const read = new Map<string, SubjectRecord>();
  let total = pending.length;
  while (pending.length > 0) {
    const batch = pending;
    pending = [];
    await inPool(batch, async (subject) => {
      read.set(subject, await readSubject(get, subject));
      options.onSubject?.(read.size, total);
    });
    // Referenced subjects outside the prefix come along: without them the referrers cannot be registered.
    for (const record of batch.map((s) => read.get(s)!)) {
      for (const ref of record.versions.flatMap((v) => v.references)) {
        if (!read.has(ref.subject) && !pending.includes(ref.subject)) pending.push(ref.subject);
      }
    }
    total += pending.length;
  }
  const subjects = [...read.values()].filter((s) => s.versions.length > 0).sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
  if (options.prefix) return { subjects };
  const config = (await get('/config')) as ConfigRecord | undefined;
  const mode = ((await get('/mode')) as { mode?: string } | undefined)?.mode;
  return { ...(config && { config }), ...(mode && { mode }), subjects };
}

async function readSubject(get: (p: string) => Promise<unknown>, subject: string): Promise<SubjectRecord> {
  const all = ((await get(`/subjects/${path(subject)}/versions?deleted=true`)) as number[] | undefined) ?? [];
  const live = new Set(((await get(`/subjects/${path(subject)}/versions`)) as number[] | undefined) ?? []);
  const versions: VersionRecord[] = [];
  await inPool(all, async (version) => {
    const body = (await get(`/subjects/${path(subject)}/versions/${version}?deleted=true`)) as Record<string, any> | undefined;
    if (body) versions.push(versionRecord(subject, version, body, !live.has(version)));
  });
  versions.sort((a, b) => a.version - b.version);
  // defaultToGlobal=false: a subject without its own setting answers 404 instead of the global one.
  const config = (await get(`/config/${path(subject)}?defaultToGlobal=false`)) as ConfigRecord | undefined;
  const mode = ((await get(`/mode/${path(subject)}?defaultToGlobal=false`)) as { mode?: string } | undefined)?.mode;
  return { subject, versions, ...(config && { config }), ...(mode && { mode }) };
}

function versionRecord(subject: string, version: number, body: Record<string, any>, deleted: boolean): VersionRecord {
  return {
    subject,
    version,
    id: Number(body.id),
    // Confluent leaves AVRO out; the target must not read the schema with its own default type instead.
    schemaType: (typeof body.schemaType === 'string' ? body.schemaType.toUpperCase() : 'AVRO') as SchemaType,
    schema: String(body.schema),
    references: Array.isArray(body.references) ? body.references.map((r: Reference) => ({ name: r.name, subject: r.subject, version: r.version })) : [],
    deleted: deleted || body.deleted === true,
  };
}

/** The JSON body of a GET; undefined on 404 (no such subject, version, config or mode). */
async function getOrUndefined(http: HttpTransport, p: string, role: Role): Promise<unknown> {
  const answer = await http.request('GET', p);
  if (answer.status === 404) return undefined;
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  throw registryFailure(role, http, 'GET', p, answer.status, answer.body, answer.text);
}

/**
 * An error that says which of the two registries refused. The target's is
 * a registry error, which main words in the CLI's terms (a 401 names
 * SCHEMAGATE_USER…); the source signs in with other variables, named here.
 */
export function registryFailure(role: Role, http: HttpTransport, method: string, p: string, status: number, body: any, text: string): Error {
  const message = typeof body?.message === 'string' ? body.message : `HTTP ${status}: ${text.slice(0, 200)}`;
  const code = Number(body?.error_code ?? 0);
  if (role !== 'source') return new SchemaRegistryError(`${role === 'target' ? 'target registry' : 'registry'} ${http.baseUrl}: ${method} ${p}: ${message}`, status, code);
  const signIn = status === 401 || status === 403 ? '; the source is signed in to with SCHEMAGATE_FROM_USER and SCHEMAGATE_FROM_PASSWORD, or SCHEMAGATE_FROM_TOKEN' : '';
  return new CliError(`source registry ${http.baseUrl}: ${method} ${p}: ${message}${code ? ` (error ${code})` : ''}${signIn}`);
}

/** Runs `work` on every item, `concurrency` at a time; the first failure stops the rest. */
export async function inPool<T>(items: readonly T[], work: (item: T) => Promise<void>, concurrency = CONCURRENCY): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Every version of a snapshot, subject by subject. */
export const allVersions = (snapshot: Snapshot): VersionRecord[] => snapshot.subjects.flatMap((s) => s.versions);

export const versionKey = (subject: string, version: number) => `${subject}\u0000${version}`;

/** The config fields schemagate keeps; others (Confluent's alias, rule sets, metadata) are reported, not copied. */
export const KNOWN_CONFIG_FIELDS = ['compatibilityLevel', 'compatibilityPolicy', 'normalize'];

/**
 * Whether the target's config is the source's, as far as schemagate keeps
 * configs: the level, the policy when the source has one (Confluent has
 * none), and normalize (absent means false).
 */
export function sameConfig(source: ConfigRecord | undefined, target: ConfigRecord | undefined): boolean {
  if (!source || !target) return !source && !target;
  if (source.compatibilityLevel !== target.compatibilityLevel) return false;
  if (source.compatibilityPolicy !== undefined && source.compatibilityPolicy !== target.compatibilityPolicy) return false;
  return Boolean(source.normalize) === Boolean(target.normalize);
}

/**
 * Whether two versions hold the same schema: the same text, or for Avro
 * and JSON the same document (a registry may re-serialise the text), with
 * the same type and references.
 */
export function sameSchema(a: Pick<VersionRecord, 'schema' | 'schemaType' | 'references'>, b: Pick<VersionRecord, 'schema' | 'schemaType' | 'references'>): boolean {
  if (a.schemaType !== b.schemaType) return false;
  if (JSON.stringify(a.references) !== JSON.stringify(b.references)) return false;
  if (a.schema === b.schema) return true;
  if (a.schemaType === 'PROTOBUF') return a.schema.trim() === b.schema.trim();
  return canonical(a.schema) !== undefined && canonical(a.schema) === canonical(b.schema);
}

function canonical(text: string): string | undefined {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return undefined;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]));
}
