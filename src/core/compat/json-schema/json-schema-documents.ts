import { IncomparableSchemaError } from '../incomparable-schema.ts';
import type { NamedJsonSchema } from '../../formats/json-schema/compile-json-schema.ts';
import type { JsonSchemaNode } from './json-schema-node.ts';

/**
 * The documents a schema's `$ref`s can reach: the schema itself and its
 * references (by reference name, by name resolved against the root `$id`, or
 * by their own `$id`). Loaded nodes are cached per document and JSON pointer,
 * so every `$ref` to one definition is the same node — which is what lets the
 * comparison recognise a recursive schema and stop.
 */
export class JsonSchemaDocuments {
  private readonly documents = new Map<string, unknown>();
  private readonly nodes = new Map<string, JsonSchemaNode>();

  constructor(
    root: unknown,
    references: readonly NamedJsonSchema[],
    private readonly load: (doc: string, value: unknown, pointer: string) => JsonSchemaNode,
  ) {
    this.documents.set('', root);
    const rootId = idOf(root);
    for (const ref of references) {
      for (const name of aliases(ref.name, rootId)) if (!this.documents.has(name)) this.documents.set(name, ref.schema);
      const ownId = idOf(ref.schema);
      if (ownId !== undefined && !this.documents.has(ownId)) this.documents.set(ownId, ref.schema);
    }
    if (rootId !== undefined) this.documents.set(rootId, root);
  }

  root(): unknown {
    return this.documents.get('');
  }

  /** Records a node loaded at a pointer, so references to that spot share it. */
  remember(doc: string, pointer: string, node: JsonSchemaNode): void {
    const key = `${doc}#${pointer}`;
    if (!this.nodes.has(key)) this.nodes.set(key, node);
  }

  /** The node a `$ref` found in document `doc` stands for. Throws when it resolves to nothing. */
  resolve(ref: string, doc: string): JsonSchemaNode {
    const hash = ref.indexOf('#');
    const uri = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    const targetDoc = uri === '' ? doc : this.findDocument(uri);
    if (targetDoc === undefined) throw new IncomparableSchemaError(`cannot resolve $ref '${ref}': no reference named '${uri}'`);
    const document = this.documents.get(targetDoc);
    const pointer = fragment === '' || fragment.startsWith('/') ? decodeURIComponent(fragment) : this.findAnchor(document, fragment);
    if (pointer === undefined) throw new IncomparableSchemaError(`cannot resolve $ref '${ref}': no anchor '${fragment}'`);
    const key = `${targetDoc}#${pointer}`;
    const known = this.nodes.get(key);
    if (known) return known;
    const value = evaluatePointer(document, pointer);
    if (value === undefined) throw new IncomparableSchemaError(`cannot resolve $ref '${ref}'`);
    const node = this.load(targetDoc, value, pointer);
    this.remember(targetDoc, pointer, node);
    return node;
  }

  private findDocument(uri: string): string | undefined {
    if (this.documents.has(uri)) return uri;
    const trimmed = uri.replace(/^\.\//, '');
    if (this.documents.has(trimmed)) return trimmed;
    for (const name of this.documents.keys()) {
      if (name !== '' && (name.endsWith(`/${trimmed}`) || trimmed.endsWith(`/${name}`))) return name;
    }
    return undefined;
  }

  /** `$anchor: "x"` (2019-09+) or `$id: "#x"` (draft 6/7), anywhere in the document. */
  private findAnchor(document: unknown, anchor: string): string | undefined {
    const stack: Array<[unknown, string]> = [[document, '']];
    while (stack.length > 0) {
      const [value, pointer] = stack.pop()!;
      if (value === null || typeof value !== 'object') continue;
      const obj = value as Record<string, unknown>;
      if (!Array.isArray(value) && (obj.$anchor === anchor || obj.$id === `#${anchor}` || obj.id === `#${anchor}`)) return pointer;
      for (const [key, child] of Object.entries(obj)) stack.push([child, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`]);
    }
    return undefined;
  }
}

/** RFC 6901, with Confluent's fallback: `#/$defs/X` finds a top-level `definitions/X` and vice versa. */
export function evaluatePointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  const parts = pointer.slice(1).split('/').map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  const direct = walk(document, parts);
  if (direct !== undefined) return direct;
  if (parts[0] === '$defs' || parts[0] === 'definitions') {
    return walk(document, [parts[0] === '$defs' ? 'definitions' : '$defs', ...parts.slice(1)]);
  }
  return undefined;
}

function walk(document: unknown, parts: string[]): unknown {
  let current = document;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function idOf(schema: unknown): string | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  const id = (schema as Record<string, unknown>).$id ?? (schema as Record<string, unknown>).id;
  return typeof id === 'string' && !id.startsWith('#') ? id : undefined;
}

function aliases(name: string, rootId: string | undefined): string[] {
  const out = [name];
  if (rootId !== undefined) {
    try {
      out.push(new URL(name, rootId).href);
    } catch {
      // a relative $id: the name alone
    }
  }
  return out;
}
