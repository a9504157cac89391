import { IncomparableSchemaError } from '../incomparable-schema.ts';
import { LinearRegex, UnsupportedPatternError } from '../../regex/linear-regex.ts';
import type { JsonSchemaDraft } from '../../formats/json-schema/json-schema-drafts.ts';
import type { JsonSchemaDocuments } from './json-schema-documents.ts';
import type { ArrayNode, JsonSchemaNode, NodeCommon, NumberNode, ObjectNode, StringNode } from './json-schema-node.ts';

type Json = Record<string, unknown>;

const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const STRING_KEYWORDS = ['minLength', 'maxLength', 'pattern', 'format'];
const OBJECT_KEYWORDS_V4 = ['properties', 'required', 'minProperties', 'maxProperties', 'dependencies', 'patternProperties', 'additionalProperties'];
const ARRAY_KEYWORDS_V4 = ['items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems'];

/**
 * Reads a draft 4, 6 or 7 schema the way Confluent does (everit's loader):
 * `$ref` hides its siblings; enum, allOf/anyOf/oneOf, not, const, the `type`
 * and keywords that imply a type each make a schema, and several of them on
 * one object make a synthetic `allOf`.
 */
export class Draft7Loader {
  private readonly objectKeywords: string[];
  private readonly arrayKeywords: string[];
  private readonly idKeyword: string;

  constructor(
    private readonly draft: JsonSchemaDraft,
    private readonly documents: () => JsonSchemaDocuments,
  ) {
    const v4 = draft === 'draft-04';
    this.objectKeywords = v4 ? OBJECT_KEYWORDS_V4 : [...OBJECT_KEYWORDS_V4, 'propertyNames'];
    this.arrayKeywords = v4 ? ARRAY_KEYWORDS_V4 : [...ARRAY_KEYWORDS_V4, 'contains'];
    this.idKeyword = v4 ? 'id' : '$id';
  }

  load(doc: string, value: unknown, pointer: string): JsonSchemaNode {
    const node = this.build(doc, value, pointer);
    this.documents().remember(doc, pointer, node);
    return node;
  }

  private child(doc: string, value: unknown, pointer: string): JsonSchemaNode {
    return this.load(doc, value, pointer);
  }

  private build(doc: string, value: unknown, pointer: string): JsonSchemaNode {
    if (typeof value === 'boolean') return { kind: value ? 'true' : 'false', ...common({}, new Set(), '') };
    const json = (value ?? {}) as Json;
    const consumed = new Set<string>();
    const use = (key: string) => {
      if (key in json) consumed.add(key);
      return json[key];
    };
    if ('$ref' in json) {
      const ref = String(use('$ref'));
      const documents = this.documents;
      return { kind: 'ref', ref, target: () => documents().resolve(ref, doc), ...common(json, consumed, this.idKeyword) };
    }
    const extracted: JsonSchemaNode[] = [];
    if ('enum' in json) extracted.push({ kind: 'enum', values: use('enum') as unknown[], ...bare() });
    for (const criterion of ['allOf', 'anyOf', 'oneOf'] as const) {
      if (!(criterion in json)) continue;
      const subs = (use(criterion) as unknown[]).map((sub, i) => this.child(doc, sub, `${pointer}/${criterion}/${i}`));
      extracted.push({ kind: 'combined', criterion, subschemas: subs, ...bare() });
    }
    if ('not' in json) extracted.push({ kind: 'not', mustNotMatch: this.child(doc, use('not'), `${pointer}/not`), ...bare() });
    if (this.draft !== 'draft-04' && 'const' in json) extracted.push({ kind: 'const', value: use('const'), ...bare() });
    const keys = () => Object.keys(json).filter((k) => !consumed.has(k));
    if ('type' in json) {
      const type = use('type');
      if (Array.isArray(type)) {
        const subs = type.map((t) => this.typed(String(t), doc, json, pointer, use));
        extracted.push({ kind: 'combined', criterion: 'anyOf', subschemas: subs, ...bare() });
      } else {
        extracted.push(this.typed(String(type), doc, json, pointer, use));
      }
    }
    // Keywords that imply a type, among those no extractor took yet.
    const left = new Set(keys());
    if (this.arrayKeywords.some((k) => left.has(k))) extracted.push(this.array(doc, json, pointer, use));
    if (this.objectKeywords.some((k) => left.has(k))) extracted.push(this.object(doc, json, pointer, use));
    if (NUMBER_KEYWORDS.some((k) => left.has(k))) extracted.push(this.number(json, use, false));
    if (STRING_KEYWORDS.some((k) => left.has(k))) extracted.push(this.string(json, use));
    if (this.draft === 'draft-07' && ['if', 'then', 'else'].some((k) => left.has(k))) {
      ['if', 'then', 'else'].forEach(use);
      extracted.push({ kind: 'conditional', ...bare() });
    }
    if (this.draft === 'draft-07') ['readOnly', 'writeOnly'].forEach(use);

    const info = common(json, consumed, this.idKeyword);
    if (extracted.length === 0) return { kind: 'empty', ...info };
    if (extracted.length === 1) return Object.assign(extracted[0], info);
    return { kind: 'combined', criterion: 'allOf', subschemas: extracted, ...info };
  }

  private typed(type: string, doc: string, json: Json, pointer: string, use: (key: string) => unknown): JsonSchemaNode {
    switch (type) {
      case 'string':
        return this.string(json, use);
      case 'integer':
        return this.number(json, use, true);
      case 'number':
        return this.number(json, use, false);
      case 'boolean':
        return { kind: 'boolean', ...bare() };
      case 'null':
        return { kind: 'null', ...bare() };
      case 'array':
        return this.array(doc, json, pointer, use);
      case 'object':
        return this.object(doc, json, pointer, use);
      default:
        throw new IncomparableSchemaError(`unknown type: [${type}]`);
    }
  }

  private string(json: Json, use: (key: string) => unknown): StringNode {
    STRING_KEYWORDS.forEach(use);
    return {
      kind: 'string',
      ...bare(),
      ...(typeof json.minLength === 'number' && { minLength: json.minLength }),
      ...(typeof json.maxLength === 'number' && { maxLength: json.maxLength }),
      ...(typeof json.pattern === 'string' && { pattern: json.pattern }),
    };
  }

  private number(json: Json, use: (key: string) => unknown, integer: boolean): NumberNode {
    NUMBER_KEYWORDS.forEach(use);
    const node: NumberNode = { kind: 'number', requiresInteger: integer, ...bare() };
    if (typeof json.minimum === 'number') node.minimum = json.minimum;
    if (typeof json.maximum === 'number') node.maximum = json.maximum;
    // Draft 4 writes exclusive limits as booleans on minimum/maximum; Confluent compares only numeric limits.
    if (typeof json.exclusiveMinimum === 'number') node.exclusiveMinimum = json.exclusiveMinimum;
    if (typeof json.exclusiveMaximum === 'number') node.exclusiveMaximum = json.exclusiveMaximum;
    if (typeof json.multipleOf === 'number') node.multipleOf = String(json.multipleOf);
    return node;
  }

  private object(doc: string, json: Json, pointer: string, use: (key: string) => unknown): ObjectNode {
    this.objectKeywords.forEach(use);
    const node: ObjectNode = {
      kind: 'object',
      ...bare(),
      properties: new Map(),
      required: Array.isArray(json.required) ? (json.required as string[]) : [],
      additionalProperties: json.additionalProperties !== false,
      patternProperties: [],
      propertyDependencies: new Map(),
      schemaDependencies: new Map(),
    };
    if (typeof json.minProperties === 'number') node.minProperties = json.minProperties;
    if (typeof json.maxProperties === 'number') node.maxProperties = json.maxProperties;
    for (const [name, schema] of Object.entries((json.properties ?? {}) as Json)) {
      // everit skips a property named like the id keyword whose value is not a schema object.
      if (name === this.idKeyword && (schema === null || typeof schema !== 'object')) continue;
      node.properties.set(name, this.child(doc, schema, `${pointer}/properties/${escape(name)}`));
    }
    if (json.additionalProperties !== null && typeof json.additionalProperties === 'object') {
      node.additionalPropertiesSchema = this.child(doc, json.additionalProperties, `${pointer}/additionalProperties`);
    }
    for (const [pattern, schema] of Object.entries((json.patternProperties ?? {}) as Json)) {
      node.patternProperties.push({ pattern: toRegExp(pattern), schema: this.child(doc, schema, `${pointer}/patternProperties/${escape(pattern)}`) });
    }
    for (const [name, dep] of Object.entries((json.dependencies ?? {}) as Json)) {
      if (Array.isArray(dep)) node.propertyDependencies.set(name, new Set(dep as string[]));
      else node.schemaDependencies.set(name, this.child(doc, dep, `${pointer}/dependencies/${escape(name)}`));
    }
    return node;
  }

  private array(doc: string, json: Json, pointer: string, use: (key: string) => unknown): ArrayNode {
    this.arrayKeywords.forEach(use);
    const node: ArrayNode = {
      kind: 'array',
      ...bare(),
      additionalItems: json.additionalItems !== false,
      uniqueItems: json.uniqueItems === true,
    };
    if (typeof json.minItems === 'number') node.minItems = json.minItems;
    if (typeof json.maxItems === 'number') node.maxItems = json.maxItems;
    if (Array.isArray(json.items)) node.itemSchemas = json.items.map((item, i) => this.child(doc, item, `${pointer}/items/${i}`));
    else if (json.items !== undefined) node.allItems = this.child(doc, json.items, `${pointer}/items`);
    if (json.additionalItems !== null && typeof json.additionalItems === 'object') {
      node.additionalItemsSchema = this.child(doc, json.additionalItems, `${pointer}/additionalItems`);
    }
    // Not keywords of draft 7: everit leaves them unprocessed, and Confluent still compares them when numeric.
    if (typeof json.minContains === 'number') node.minContains = json.minContains;
    if (typeof json.maxContains === 'number') node.maxContains = json.maxContains;
    return node;
  }
}

/** Common keywords apply to the schema an object as a whole stands for. */
export function common(json: Json, consumed: Set<string>, idKeyword: string): NodeCommon {
  const info: NodeCommon = { hasDefault: false, unprocessed: {} };
  if (idKeyword && typeof json[idKeyword] === 'string') info.id = json[idKeyword] as string;
  if (typeof json.title === 'string') info.title = json.title;
  if (typeof json.description === 'string') info.description = json.description;
  if ('default' in json) {
    info.hasDefault = true;
    info.default = json.default;
  }
  for (const [key, value] of Object.entries(json)) {
    if (!consumed.has(key) && ![idKeyword, 'title', 'description', 'default', '$schema'].includes(key)) info.unprocessed[key] = value;
  }
  return info;
}

/** A schema extracted from part of an object: the common keywords belong to the whole. */
export function bare(): NodeCommon {
  return { hasDefault: false, unprocessed: {} };
}

export function escape(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * A patternProperties key for the comparison, on the linear-time engine.
 * Registration refuses patterns it cannot compile; one stored before that
 * rule matches no property name, so a schema registered back then still
 * compares instead of failing every check on its subject.
 */
export function toRegExp(pattern: string): Pick<LinearRegex, 'source' | 'test'> {
  try {
    return LinearRegex.compile(pattern);
  } catch (err) {
    if (!(err instanceof UnsupportedPatternError)) throw err;
    return { source: pattern, test: () => false };
  }
}
