import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli-context.ts';
import type { ConfigRecord, SchemaType, Snapshot, SubjectRecord, VersionRecord } from './registry-snapshot.ts';

/** Written into registry.json; a directory without it (or with another) is not an export `import --from-dir` reads. */
export const EXPORT_FORMAT = 'schemagate-export/1';

const EXTENSIONS: Record<SchemaType, string> = { AVRO: 'avsc', JSON: 'schema.json', PROTOBUF: 'proto' };

/** The only names a version's files may have: nothing a hostile registry or export directory says can point elsewhere. */
const SCHEMA_FILE = /^v\d+\.(avsc|schema\.json|proto)$/;
const META_FILE = /^v\d+\.meta\.json$/;
/** What registry.json may name as a subject's directory: one safe name under subjects/ (see subjectDirName). */
const SUBJECT_DIR = /^subjects\/[A-Za-z0-9_%~-][A-Za-z0-9._%~-]*$/;

function isVersionNumber(version: unknown): version is number {
  return typeof version === 'number' && Number.isSafeInteger(version) && version > 0;
}

/** The file names a version is written under; refuses a version number or type no registry should answer. */
function versionFiles(v: VersionRecord): { file: string; meta: string } {
  if (!isVersionNumber(v.version)) {
    throw new CliError(`the registry answered version ${JSON.stringify(v.version)} for subject '${v.subject}': not a positive integer; refused, nothing written`);
  }
  const file = `v${v.version}.${Object.hasOwn(EXTENSIONS, v.schemaType) ? EXTENSIONS[v.schemaType] : ''}`;
  const meta = `v${v.version}.meta.json`;
  if (!SCHEMA_FILE.test(file) || !META_FILE.test(meta)) {
    throw new CliError(`the registry answered schema type ${JSON.stringify(v.schemaType)} for subject '${v.subject}' version ${v.version}: not AVRO, JSON or PROTOBUF; refused, nothing written`);
  }
  return { file, meta };
}

/** Longest directory name kept readable; file systems stop at 255 bytes and subjects may be 4096 characters. */
const MAX_DIR_NAME = 120;

/**
 * A subject's directory name: percent-encoding of every byte outside
 * [A-Za-z0-9._-] (so `/`, `:`, `\`, `*` never reach the file system) and of
 * a leading dot (so neither `.`, `..` nor a hidden name can come out).
 * Reversible by decodeURIComponent. A name too long for a file system, or
 * one that only differs in case from a name already taken (macOS and
 * Windows would merge the two), gets a hash of the subject instead of its
 * tail; subject.json inside always holds the name itself.
 */
export function subjectDirName(subject: string, taken: Set<string> = new Set()): string {
  let name = encodeURIComponent(subject).replace(/[!'()*~]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  if (name.startsWith('.')) name = `%2E${name.slice(1)}`;
  if (name.length > MAX_DIR_NAME || taken.has(name.toLowerCase())) {
    // Cut before a %XX escape rather than through it, then `~` (always encoded above) and the hash.
    const head = name.slice(0, MAX_DIR_NAME - 20).replace(/%[0-9A-F]?$/, '');
    name = `${head}~${createHash('sha256').update(subject).digest('hex').slice(0, 16)}`;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** The subject a directory name stands for; undefined for a hashed one (its subject.json says). */
export function subjectOfDirName(name: string): string | undefined {
  return name.includes('~') ? undefined : decodeURIComponent(name);
}

interface RegistryFile {
  format: string;
  exportedFrom?: string;
  exportedAt?: string;
  subjectPrefix?: string;
  config?: ConfigRecord;
  mode?: string;
  subjects: Array<{ subject: string; dir: string }>;
}

interface VersionMeta {
  subject: string;
  version: number;
  id: number;
  schemaType: SchemaType;
  references: VersionRecord['references'];
  deleted: boolean;
  file: string;
}

/**
 * Writes a snapshot as files: subjects/<name>/v<version>.<avsc|schema.json|proto>
 * with v<version>.meta.json beside it, subjects/<name>/subject.json (the
 * name, its config and mode), and registry.json last, so a directory
 * without it is an export that did not finish.
 */
export function writeExport(dir: string, snapshot: Snapshot, about: { exportedFrom: string; subjectPrefix?: string }): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new CliError(`${dir} is not empty: export into a new or empty directory`);
  // Every name checked before the first file is written.
  for (const subject of snapshot.subjects) for (const v of subject.versions) versionFiles(v);
  const taken = new Set<string>();
  const entries: RegistryFile['subjects'] = [];
  for (const subject of snapshot.subjects) {
    const dirName = subjectDirName(subject.subject, taken);
    const subjectDir = join(dir, 'subjects', dirName);
    mkdirSync(subjectDir, { recursive: true });
    for (const v of subject.versions) {
      const { file, meta: metaFile } = versionFiles(v);
      // The text as the registry holds it, byte for byte: a re-serialised schema could read as another one.
      writeFileSync(join(subjectDir, file), v.schema);
      const meta: VersionMeta = { subject: v.subject, version: v.version, id: v.id, schemaType: v.schemaType, references: v.references, deleted: v.deleted, file };
      writeFileSync(join(subjectDir, metaFile), `${JSON.stringify(meta, null, 2)}\n`);
    }
    const about = { subject: subject.subject, ...(subject.config && { config: subject.config }), ...(subject.mode && { mode: subject.mode }) };
    writeFileSync(join(subjectDir, 'subject.json'), `${JSON.stringify(about, null, 2)}\n`);
    entries.push({ subject: subject.subject, dir: `subjects/${dirName}` });
  }
  const registry: RegistryFile = {
    format: EXPORT_FORMAT,
    exportedFrom: about.exportedFrom,
    exportedAt: new Date().toISOString(),
    ...(about.subjectPrefix && { subjectPrefix: about.subjectPrefix }),
    ...(snapshot.config && { config: snapshot.config }),
    ...(snapshot.mode && { mode: snapshot.mode }),
    subjects: entries,
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'registry.json'), `${JSON.stringify(registry, null, 2)}\n`);
}

/** Reads what writeExport wrote; an incomplete or edited export fails naming the file. */
export function readExport(dir: string, prefix?: string): Snapshot {
  const registryPath = join(dir, 'registry.json');
  if (!existsSync(registryPath)) throw new CliError(`${dir} holds no registry.json: not a schemagate export, or one that did not finish (export again)`);
  const registry = readJson(registryPath) as RegistryFile;
  if (registry.format !== EXPORT_FORMAT) throw new CliError(`${registryPath}: format ${JSON.stringify(registry.format)} is not ${EXPORT_FORMAT}`);
  const subjects: SubjectRecord[] = [];
  for (const entry of registry.subjects) {
    if (typeof entry.dir !== 'string' || !SUBJECT_DIR.test(entry.dir)) {
      throw new CliError(`${registryPath}: subject directory ${JSON.stringify(entry.dir)} is not a name under subjects/; refused`);
    }
    const subjectDir = join(dir, entry.dir);
    const about = readJson(join(subjectDir, 'subject.json')) as { subject: string; config?: ConfigRecord; mode?: string };
    if (about.subject !== entry.subject) throw new CliError(`${join(subjectDir, 'subject.json')} names subject '${about.subject}', registry.json '${entry.subject}'`);
    const versions = readdirSync(subjectDir)
      .filter((f) => META_FILE.test(f))
      .map((f): VersionRecord => {
        const meta = readJson(join(subjectDir, f)) as VersionMeta;
        if (meta.subject !== entry.subject) throw new CliError(`${join(subjectDir, f)} names subject '${meta.subject}', not '${entry.subject}'`);
        if (!isVersionNumber(meta.version)) throw new CliError(`${join(subjectDir, f)}: version ${JSON.stringify(meta.version)} is not a positive integer; refused`);
        if (typeof meta.file !== 'string' || !SCHEMA_FILE.test(meta.file)) {
          throw new CliError(`${join(subjectDir, f)}: file ${JSON.stringify(meta.file)} is not a schema file name (v<version>.avsc, .schema.json or .proto); refused`);
        }
        const schema = readFileSync(join(subjectDir, meta.file), 'utf8');
        return { subject: meta.subject, version: meta.version, id: meta.id, schemaType: meta.schemaType, schema, references: meta.references ?? [], deleted: meta.deleted === true };
      })
      .sort((a, b) => a.version - b.version);
    subjects.push({ subject: entry.subject, versions, ...(about.config && { config: about.config }), ...(about.mode && { mode: about.mode }) });
  }
  subjects.sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
  if (prefix) return { subjects: withReferenced(subjects, prefix) };
  // A prefix of a whole export, or an export of a prefix: the global settings are not the slice's to copy.
  if (registry.subjectPrefix) return { subjects };
  return { ...(registry.config && { config: registry.config }), ...(registry.mode && { mode: registry.mode }), subjects };
}

/** The subjects starting with `prefix` and every subject they reference, as readRegistry reads a prefix. */
function withReferenced(subjects: SubjectRecord[], prefix: string): SubjectRecord[] {
  const byName = new Map(subjects.map((s) => [s.subject, s]));
  const kept = new Set(subjects.filter((s) => s.subject.startsWith(prefix)).map((s) => s.subject));
  const pending = [...kept];
  while (pending.length > 0) {
    for (const ref of byName.get(pending.pop()!)?.versions.flatMap((v) => v.references) ?? []) {
      if (!kept.has(ref.subject) && byName.has(ref.subject)) {
        kept.add(ref.subject);
        pending.push(ref.subject);
      }
    }
  }
  return subjects.filter((s) => kept.has(s.subject));
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CliError(`${path}: ${(err as Error).message}`);
  }
}
