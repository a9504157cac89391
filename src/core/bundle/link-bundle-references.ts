import { parseJson } from '../json/parse-json.ts';
import type { SchemaReference, SchemaType } from '../types.ts';

export interface BundleEntry {
  subject: string;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
}

/**
 * JSON Schemas of one bundle often point at each other by URL
 * (`$ref: "https://…/portfolio_snapshot.schema.json"`) without declaring
 * references. Such a `$ref` that names another schema of the bundle (by its
 * `$id`, or by a file name `<subject>.schema.json` / `<subject>.json`) becomes
 * a reference to that subject at version -1 — the version the bundle itself
 * registers. Declared references are kept as they are.
 */
export function linkBundleReferences(entries: readonly BundleEntry[]): BundleEntry[] {
  const byId = new Map<string, string>();
  const jsonOf = new Map<BundleEntry, unknown>();
  for (const entry of entries) {
    if (entry.schemaType !== 'JSON') continue;
    const parsed = parseJson(entry.schema);
    if (!parsed.ok) continue;
    jsonOf.set(entry, parsed.value);
    const id = idOf(parsed.value);
    if (id) byId.set(stripFragment(id), entry.subject);
  }
  const subjects = new Set(entries.map((e) => e.subject));
  return entries.map((entry) => {
    const json = jsonOf.get(entry);
    if (json === undefined) return entry;
    const declared = new Set(entry.references.map((r) => r.name));
    const added: SchemaReference[] = [];
    for (const ref of externalRefs(json)) {
      const target = byId.get(ref) ?? subjectForFile(ref, subjects);
      if (!target || target === entry.subject || declared.has(ref)) continue;
      declared.add(ref);
      added.push({ name: ref, subject: target, version: -1 });
    }
    return added.length === 0 ? entry : { ...entry, references: [...entry.references, ...added] };
  });
}

function idOf(json: unknown): string | undefined {
  const id = json !== null && typeof json === 'object' ? (json as Record<string, unknown>).$id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function stripFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash === -1 ? uri : uri.slice(0, hash);
}

function subjectForFile(ref: string, subjects: Set<string>): string | undefined {
  const file = ref.slice(ref.lastIndexOf('/') + 1);
  for (const suffix of ['.schema.json', '.json']) {
    if (file.endsWith(suffix) && subjects.has(file.slice(0, -suffix.length))) return file.slice(0, -suffix.length);
  }
  return undefined;
}

/** Every `$ref` that leaves the document (not `#…`), without its fragment. */
function externalRefs(json: unknown): string[] {
  const out = new Set<string>();
  const stack: unknown[] = [json];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      stack.push(...value);
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && !child.startsWith('#')) out.add(stripFragment(child));
      else stack.push(child);
    }
  }
  return [...out];
}
