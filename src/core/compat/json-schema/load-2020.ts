import { IncomparableSchemaError } from '../incomparable-schema.ts';
import type { JsonSchemaDocuments } from './json-schema-documents.ts';
import type { ArrayNode, CombinedNode, JsonSchemaNode, NodeCommon, NumberNode, ObjectNode, StringNode } from './json-schema-node.ts';
import { bare, escape, toRegExp } from './load-draft7.ts';

type Json = Record<string, unknown>;

/** Keywords that make no schema of their own (annotations, identifiers, containers of definitions). */
const IGNORED = new Set([
  '$id', '$schema', '$anchor', '$dynamicAnchor', '$comment', '$vocabulary', 'title', 'description', 'default',
  'format', 'readOnly', 'writeOnly', 'deprecated', 'examples', 'contentEncoding', 'contentMediaType', 'contentSchema',
  'minContains', 'maxContains', 'then', 'else',
]);

/**
 * Reads a 2019-09 or 2020-12 schema the way Confluent does (json-sKema, then
 * translated to everit's classes): every keyword is a schema of its own, and
 * keyword schemas of one class merge (`type: object` + `properties` +
 * `required` are one object schema). Different classes make a generated
 * `allOf`; `type: [..]` a generated `anyOf` that absorbs the keywords of its
 * branches. `$id` is a base URI here, not a compared attribute.
 */
export class Draft2020Loader {
  constructor(private readonly documents: () => JsonSchemaDocuments) {}

  load(doc: string, value: unknown, pointer: string): JsonSchemaNode {
    const node = this.build(doc, value, pointer);
    this.documents().remember(doc, pointer, node);
    return node;
  }

  private build(doc: string, value: unknown, pointer: string): JsonSchemaNode {
    if (typeof value === 'boolean') return { kind: value ? 'true' : 'false', ...bare() };
    const json = (value ?? {}) as Json;
    let parts: JsonSchemaNode[] = [];
    const add = (part: JsonSchemaNode | undefined) => {
      if (part) parts = join(parts, part);
    };
    const unprocessed: Record<string, unknown> = {};
    for (const key of Object.keys(json)) {
      const v = json[key];
      const at = `${pointer}/${escape(key)}`;
      switch (key) {
        case '$ref': {
          const ref = String(v);
          const documents = this.documents;
          add({ kind: 'ref', ref, target: () => documents().resolve(ref, doc), ...bare() });
          break;
        }
        case 'type':
          add(Array.isArray(v) ? generated('anyOf', v.map((t) => typeNode(String(t)))) : typeNode(String(v)));
          break;
        case 'properties':
          for (const [name, schema] of Object.entries((v ?? {}) as Json)) {
            add({ ...object(), properties: new Map([[name, this.load(doc, schema, `${at}/${escape(name)}`)]]) });
          }
          break;
        case 'required':
          add({ ...object(), required: v as string[] });
          break;
        case 'additionalProperties':
          if (v === false) add({ ...object(), additionalProperties: false });
          else if (v === true) add(object());
          else add({ ...object(), additionalPropertiesSchema: this.load(doc, v, at) });
          break;
        case 'patternProperties':
          for (const [pattern, schema] of Object.entries((v ?? {}) as Json)) {
            add({ ...object(), patternProperties: [{ pattern: toRegExp(pattern), schema: this.load(doc, schema, `${at}/${escape(pattern)}`) }] });
          }
          break;
        case 'minProperties':
          add({ ...object(), minProperties: v as number });
          break;
        case 'maxProperties':
          add({ ...object(), maxProperties: v as number });
          break;
        case 'dependentRequired':
          add({ ...object(), propertyDependencies: new Map(Object.entries(v as Json).map(([k, deps]) => [k, new Set(deps as string[])])) });
          break;
        case 'dependentSchemas':
          add({ ...object(), schemaDependencies: new Map(Object.entries(v as Json).map(([k, s]) => [k, this.load(doc, s, `${at}/${escape(k)}`)])) });
          break;
        case 'propertyNames':
          add(object());
          break;
        case 'unevaluatedProperties':
          add({ ...object(), unevaluatedProperties: this.load(doc, v, at) });
          break;
        case 'items':
          if (v === false) add({ ...array(), additionalItems: false });
          else if (v === true) add(array());
          else if ('prefixItems' in json) add({ ...array(), additionalItemsSchema: this.load(doc, v, at) });
          else add({ ...array(), allItems: this.load(doc, v, at) });
          break;
        case 'prefixItems':
          add({ ...array(), itemSchemas: (v as unknown[]).map((item, i) => this.load(doc, item, `${at}/${i}`)) });
          break;
        case 'contains':
          // json-sKema gives minContains its default of 1 whenever contains is present.
          add({ ...array(), minContains: typeof json.minContains === 'number' ? json.minContains : 1, ...(typeof json.maxContains === 'number' && { maxContains: json.maxContains }) });
          break;
        case 'minItems':
          add({ ...array(), minItems: v as number });
          break;
        case 'maxItems':
          add({ ...array(), maxItems: v as number });
          break;
        case 'uniqueItems':
          add({ ...array(), uniqueItems: v === true });
          break;
        case 'unevaluatedItems':
          add({ ...array(), unevaluatedItems: this.load(doc, v, at) });
          break;
        case 'minLength':
        case 'maxLength':
          add({ kind: 'string', ...bare(), [key]: v as number } as StringNode);
          break;
        case 'pattern':
          add({ kind: 'string', ...bare(), pattern: String(v) });
          break;
        case 'minimum':
        case 'maximum':
        case 'exclusiveMinimum':
        case 'exclusiveMaximum':
          add({ kind: 'number', requiresInteger: false, ...bare(), [key]: v as number } as NumberNode);
          break;
        case 'multipleOf':
          add({ kind: 'number', requiresInteger: false, ...bare(), multipleOf: String(v) });
          break;
        case 'enum':
          add({ kind: 'enum', values: v as unknown[], ...bare() });
          break;
        case 'const':
          add({ kind: 'const', value: v, ...bare() });
          break;
        case 'not':
          add({ kind: 'not', mustNotMatch: this.load(doc, v, at), ...bare() });
          break;
        case 'allOf':
        case 'anyOf':
        case 'oneOf': {
          // Children that became a generated allOf are spread into the combinator, as the translator does.
          const subs = (v as unknown[]).flatMap((sub, i) => flatten(this.load(doc, sub, `${at}/${i}`)));
          add({ kind: 'combined', criterion: key, subschemas: subs, ...bare() });
          break;
        }
        case 'if':
          add({ kind: 'conditional', ...bare() });
          break;
        default:
          if (!IGNORED.has(key)) unprocessed[key] = v;
      }
    }
    const info: NodeCommon = { hasDefault: 'default' in json, unprocessed };
    if ('default' in json) info.default = json.default;
    if (typeof json.title === 'string') info.title = json.title;
    if (typeof json.description === 'string') info.description = json.description;
    const node: JsonSchemaNode = parts.length === 0 ? { kind: 'empty', ...bare() } : parts.length === 1 ? parts[0] : generated('allOf', parts);
    return Object.assign(node, info);
  }
}

const GENERATED = new WeakSet<JsonSchemaNode>();

function generated(criterion: 'allOf' | 'anyOf', subschemas: JsonSchemaNode[]): CombinedNode {
  const node: CombinedNode = { kind: 'combined', criterion, subschemas, ...bare() };
  GENERATED.add(node);
  return node;
}

function isGenerated(node: JsonSchemaNode, criterion: 'allOf' | 'anyOf'): node is CombinedNode {
  return node.kind === 'combined' && node.criterion === criterion && GENERATED.has(node);
}

function flatten(node: JsonSchemaNode): JsonSchemaNode[] {
  return isGenerated(node, 'allOf') ? node.subschemas : [node];
}

function typeNode(type: string): JsonSchemaNode {
  switch (type) {
    case 'string':
      return { kind: 'string', ...bare() };
    case 'integer':
      return { kind: 'number', requiresInteger: true, ...bare() };
    case 'number':
      return { kind: 'number', requiresInteger: false, ...bare() };
    case 'boolean':
    case 'null':
      return { kind: type, ...bare() };
    case 'array':
      return array();
    case 'object':
      return object();
    default:
      throw new IncomparableSchemaError(`unknown type: [${type}]`);
  }
}

function object(): ObjectNode {
  return { kind: 'object', ...bare(), properties: new Map(), required: [], additionalProperties: true, patternProperties: [], propertyDependencies: new Map(), schemaDependencies: new Map() };
}

function array(): ArrayNode {
  return { kind: 'array', ...bare(), additionalItems: true, uniqueItems: false };
}

const MERGEABLE = new Set(['string', 'number', 'object', 'array']);

/** Adds a keyword's schema to those of its object, merging schemas of one class (SchemaTranslator.join). */
function join(parts: JsonSchemaNode[], current: JsonSchemaNode): JsonSchemaNode[] {
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (MERGEABLE.has(part.kind) && part.kind === current.kind) {
      parts[i] = merge(part, current);
      return parts;
    }
    if (isGenerated(part, 'anyOf') && MERGEABLE.has(current.kind) && part.subschemas.some((s) => s.kind === current.kind)) {
      part.subschemas = part.subschemas.map((s) => (s.kind === current.kind ? merge(s, current) : s));
      return parts;
    }
    if (isGenerated(current, 'anyOf') && MERGEABLE.has(part.kind) && current.subschemas.some((s) => s.kind === part.kind)) {
      current.subschemas = current.subschemas.map((s) => (s.kind === part.kind ? merge(s, part) : s));
      parts.splice(i, 1);
      return join(parts, current);
    }
  }
  parts.push(current);
  return parts;
}

function merge(a: JsonSchemaNode, b: JsonSchemaNode): JsonSchemaNode {
  if (a.kind === 'object' && b.kind === 'object') {
    return {
      ...a,
      ...definedOnly(b, ['minProperties', 'maxProperties', 'additionalPropertiesSchema', 'unevaluatedProperties']),
      properties: new Map([...a.properties, ...b.properties]),
      required: [...a.required, ...b.required],
      additionalProperties: a.additionalProperties && b.additionalProperties,
      patternProperties: [...a.patternProperties, ...b.patternProperties],
      propertyDependencies: new Map([...a.propertyDependencies, ...b.propertyDependencies]),
      schemaDependencies: new Map([...a.schemaDependencies, ...b.schemaDependencies]),
    };
  }
  if (a.kind === 'array' && b.kind === 'array') {
    return {
      ...a,
      ...definedOnly(b, ['allItems', 'itemSchemas', 'additionalItemsSchema', 'minItems', 'maxItems', 'minContains', 'maxContains', 'unevaluatedItems']),
      additionalItems: a.additionalItems && b.additionalItems,
      uniqueItems: a.uniqueItems || b.uniqueItems,
    };
  }
  if (a.kind === 'number' && b.kind === 'number') {
    return { ...a, ...definedOnly(b, ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf']), requiresInteger: a.requiresInteger || b.requiresInteger };
  }
  return { ...a, ...definedOnly(b, ['minLength', 'maxLength', 'pattern']) } as JsonSchemaNode;
}

function definedOnly(node: JsonSchemaNode, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = (node as unknown as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
