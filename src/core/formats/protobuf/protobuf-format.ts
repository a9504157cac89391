import protobuf from 'protobufjs';
import type { ProtobufModel } from './protobuf-model.ts';
import { compareProtobuf } from '../../compat/protobuf/compare-protobuf.ts';
import { protoFileOf } from '../../compat/protobuf/proto-elements.ts';
import { canonicalJson } from '../../json/canonical-json.ts';
import { invalidSchema, MAX_SCHEMA_DEPTH } from '../invalid-schema.ts';
import type { ResolvedReference, SchemaFormat } from '../schema-format.ts';
import { addWellKnownImport } from './well-known-protos.ts';


const PARSE_OPTIONS = { keepCase: true, alternateCommentMode: true } as const;

export const protobufFormat: SchemaFormat<ProtobufModel> = {
  type: 'PROTOBUF',

  parse(schema, references) {
    checkNesting(schema);
    const resolvedRoot = new protobuf.Root();
    const provided = new Set<string>();
    const wellKnown = new Set<string>();
    const dependencies: ProtobufModel['dependencies'] = [];
    addReferences(references, resolvedRoot, provided, wellKnown, new Set(), dependencies);

    let parsed: protobuf.IParserResult;
    let fileRoot: protobuf.Root;
    try {
      fileRoot = protobuf.parse(schema, new protobuf.Root(), PARSE_OPTIONS).root;
      parsed = protobuf.parse(schema, resolvedRoot, PARSE_OPTIONS);
    } catch (err) {
      throw invalidSchema('PROTOBUF', describe(err));
    }
    const imports = [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])];
    for (const path of imports) {
      if (provided.has(path) || addWellKnownImport(resolvedRoot, path, wellKnown)) continue;
      throw invalidSchema(
        'PROTOBUF',
        `import "${path}" cannot be resolved: register that file under a subject and pass it as a reference named "${path}"`,
      );
    }
    try {
      resolvedRoot.resolveAll();
    } catch (err) {
      throw invalidSchema('PROTOBUF', describe(err));
    }
    const messageNames: string[] = [];
    const enumNames: string[] = [];
    collectNames(fileRoot, messageNames, enumNames);
    const syntax = syntaxOf(schema);
    const packageName = parsed.package ?? '';
    const model: ProtobufModel = {
      syntax,
      package: packageName,
      imports,
      fileRoot,
      resolvedRoot,
      messageNames,
      enumNames,
      file: protoFileOf(fileRoot, packageName, syntax),
      dependencies,
    };
    return { model, canonical: canonicalJson(protobufCanonicalValue(model)), compact: schema };
  },

  checker: compareProtobuf,
};

function addReferences(
  references: readonly ResolvedReference[],
  root: protobuf.Root,
  provided: Set<string>,
  wellKnown: Set<string>,
  done: Set<string>,
  dependencies: ProtobufModel['dependencies'],
): void {
  for (const ref of references) {
    if (provided.has(ref.name) || done.has(`${ref.subject}\u0000${ref.version}`)) continue;
    done.add(`${ref.subject}\u0000${ref.version}`);
    if (ref.schemaType !== 'PROTOBUF') {
      throw invalidSchema('PROTOBUF', `reference '${ref.name}' (subject '${ref.subject}' version ${ref.version}) is a ${ref.schemaType} schema, not PROTOBUF`);
    }
    addReferences(ref.references, root, provided, wellKnown, done, dependencies);
    try {
      const own = protobuf.parse(ref.schema, new protobuf.Root(), PARSE_OPTIONS);
      dependencies.push({ name: ref.name, subject: ref.subject, version: ref.version, file: protoFileOf(own.root, own.package ?? '', syntaxOf(ref.schema)) });
      const parsed = protobuf.parse(ref.schema, root, PARSE_OPTIONS);
      for (const path of parsed.imports ?? []) {
        if (!provided.has(path) && !ref.references.some((r) => r.name === path)) addWellKnownImport(root, path, wellKnown);
      }
    } catch (err) {
      throw invalidSchema('PROTOBUF', `reference '${ref.name}' does not parse: ${describe(err)}`);
    }
    provided.add(ref.name);
  }
}

function collectNames(ns: protobuf.NamespaceBase, messages: string[], enums: string[]): void {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type) messages.push(nested.fullName.slice(1));
    else if (nested instanceof protobuf.Enum) enums.push(nested.fullName.slice(1));
    if (nested instanceof protobuf.Namespace) collectNames(nested, messages, enums);
  }
}

function syntaxOf(text: string): string {
  const match = /^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*(syntax|edition)\s*=\s*"([^"]+)"/.exec(text);
  if (!match) return 'proto2';
  return match[1] === 'edition' ? `edition ${match[2]}` : match[2];
}

/**
 * Canonical value of a .proto file: comments and whitespace gone, keys of
 * each element sorted, but declarations kept in file order, because message
 * order is what Confluent's wire format message indexes refer to.
 */
function protobufCanonicalValue(model: ProtobufModel): unknown {
  return {
    syntax: model.syntax,
    package: model.package,
    imports: [...model.imports].sort(),
    options: model.fileRoot.options ?? {},
    declarations: ordered(model.fileRoot.toJSON().nested ?? {}),
  };
}

const ORDERED_MAPS = new Set(['nested', 'fields', 'values', 'oneofs', 'methods']);

function ordered(map: Record<string, unknown>): unknown {
  return Object.entries(map).map(([name, value]) => [name, orderedElement(value)]);
}

function orderedElement(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = ORDERED_MAPS.has(key) && child && typeof child === 'object' ? ordered(child as Record<string, unknown>) : orderedElement(child);
  }
  return out;
}

/**
 * Fields and enum values one message or enum may declare. protobufjs checks
 * each new field against all the earlier ones by rebuilding a map, so
 * parsing takes time quadratic in their number: 2,000 take about 0.4 s,
 * 14,000 over 5 s.
 */
export const MAX_PROTOBUF_MEMBERS = 2000;

/**
 * Refuses text nested deeper than the limit before protobufjs's recursive
 * parser sees it, and a block declaring more than MAX_PROTOBUF_MEMBERS
 * numbered members (`= <number>`).
 */
function checkNesting(text: string): void {
  const members = [0];
  let max = 0;
  // Braces inside strings and comments do not nest; skip them.
  const tokens = text.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
  for (const token of tokens.matchAll(/[{}]|=\s*-?\d/g)) {
    if (token[0] === '{') {
      members.push(0);
      max = Math.max(max, members.length - 1);
    } else if (token[0] === '}') {
      if (members.length > 1) members.pop();
    } else if (++members[members.length - 1] > MAX_PROTOBUF_MEMBERS) {
      throw invalidSchema('PROTOBUF', `a message or enum declares more than ${MAX_PROTOBUF_MEMBERS} fields or values; the limit is ${MAX_PROTOBUF_MEMBERS}`);
    }
  }
  if (max > MAX_SCHEMA_DEPTH) throw invalidSchema('PROTOBUF', `the schema nests ${max} levels deep; the limit is ${MAX_SCHEMA_DEPTH}`);
}

function describe(err: unknown): string {
  if (err instanceof RangeError) return 'the schema nests too deeply to parse';
  return err instanceof Error ? err.message : String(err);
}

