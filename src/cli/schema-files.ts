import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { BundleEntry } from '../core/bundle/link-bundle-references.ts';
import { isSchemaType, type SchemaReference, type SchemaType } from '../core/types.ts';
import { CliError } from './cli-context.ts';

/** File endings a schema can have, longest first, and the format each implies. */
const ENDINGS: Array<[string, SchemaType]> = [
  ['.schema.json', 'JSON'],
  ['.avsc', 'AVRO'],
  ['.proto', 'PROTOBUF'],
  ['.json', 'JSON'],
];

export interface SchemaFile extends BundleEntry {
  path: string;
}

interface MappingEntry {
  subject?: string;
  schemaType?: SchemaType;
  references?: SchemaReference[];
}

/**
 * Schema files as a bundle: each file's subject is its name without the
 * ending (`portfolio_snapshot.schema.json` → `portfolio_snapshot`), its format
 * follows the ending. A mapping file (YAML or JSON: `{files: {<path>:
 * <subject> | {subject, schemaType, references}}}`) overrides either.
 */
export function readSchemaFiles(paths: string[], mappingPath?: string): SchemaFile[] {
  if (paths.length === 0) throw new CliError('give schema files or directories');
  const mapping = mappingPath ? readMapping(mappingPath) : new Map<string, MappingEntry>();
  const files: string[] = [];
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new CliError(`${path}: no such file or directory`);
    }
    if (stat.isDirectory()) files.push(...walk(path).filter((f) => endingOf(f) !== undefined));
    else files.push(path);
  }
  if (files.length === 0) throw new CliError(`no schema files (${ENDINGS.map(([e]) => e).join(', ')}) under ${paths.join(', ')}`);
  const out: SchemaFile[] = [];
  for (const path of files.sort()) {
    const mapped = mapping.get(resolve(path)) ?? {};
    const ending = endingOf(path);
    const subject = mapped.subject ?? (ending ? basename(path).slice(0, -ending[0].length) : undefined);
    if (!subject) throw new CliError(`${path}: cannot tell its subject from the file name; name it in a mapping file (--mapping)`);
    const schemaType = mapped.schemaType ?? ending?.[1] ?? 'JSON';
    out.push({ path, subject, schemaType, schema: readFileSync(path, 'utf8'), references: mapped.references ?? [] });
  }
  const seen = new Map<string, string>();
  for (const file of out) {
    const other = seen.get(file.subject);
    if (other) throw new CliError(`${other} and ${file.path} are both subject '${file.subject}'; rename one or map it (--mapping)`);
    seen.set(file.subject, file.path);
  }
  return out;
}

function endingOf(path: string): [string, SchemaType] | undefined {
  return ENDINGS.find(([ending]) => path.endsWith(ending));
}

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? dir, e.name));
}

function readMapping(path: string): Map<string, MappingEntry> {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CliError(`mapping file ${path}: ${(err as Error).message}`);
  }
  const files = (parsed as { files?: unknown } | null)?.files;
  if (files === null || typeof files !== 'object' || Array.isArray(files)) throw new CliError(`mapping file ${path} must hold {files: {<path>: <subject>}}`);
  const base = resolve(path, '..');
  const out = new Map<string, MappingEntry>();
  for (const [file, value] of Object.entries(files as Record<string, unknown>)) {
    const entry: MappingEntry = typeof value === 'string' ? { subject: value } : (value as MappingEntry);
    if (entry === null || typeof entry !== 'object') throw new CliError(`mapping file ${path}: '${file}' must map to a subject or {subject, schemaType, references}`);
    if (entry.schemaType !== undefined && !isSchemaType(entry.schemaType)) throw new CliError(`mapping file ${path}: '${file}' has an unknown schemaType`);
    out.set(resolve(base, file), entry);
  }
  return out;
}

export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
