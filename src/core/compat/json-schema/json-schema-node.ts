import { IncomparableSchemaError } from '../incomparable-schema.ts';
/**
 * A JSON Schema as Confluent's compatibility checker reads it: one node per
 * schema class of the everit library it uses (string, number, object, array,
 * enum, const, combined, not, reference, empty/true/false, …). Keywords that
 * imply a type make a typed node even without `type`; several kinds of
 * keywords on one object make a synthetic `allOf`; `type: [..]` is an `anyOf`.
 * The loaders build this; the comparison walks it.
 */
export interface NodeCommon {
  id?: string;
  title?: string;
  description?: string;
  hasDefault: boolean;
  default?: unknown;
  /** Keywords no loader consumed, with their raw values. */
  unprocessed: Record<string, unknown>;
}

export interface StringNode extends NodeCommon {
  kind: 'string';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export interface NumberNode extends NodeCommon {
  kind: 'number';
  requiresInteger: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  /** Kept as written: multipleOf is compared as an exact decimal. */
  multipleOf?: string;
}

/** A patternProperties key: its text (for node identity) and a linear-time matcher. */
export interface PropertyPattern {
  source: string;
  test(property: string): boolean;
}

export interface ObjectNode extends NodeCommon {
  kind: 'object';
  properties: Map<string, JsonSchemaNode>;
  required: string[];
  /** false when `additionalProperties: false`. */
  additionalProperties: boolean;
  additionalPropertiesSchema?: JsonSchemaNode;
  patternProperties: Array<{ pattern: PropertyPattern; schema: JsonSchemaNode }>;
  propertyDependencies: Map<string, Set<string>>;
  schemaDependencies: Map<string, JsonSchemaNode>;
  minProperties?: number;
  maxProperties?: number;
  /** Only as a schema (2019-09 and later); draft-7 loading leaves it unprocessed, as Confluent does. */
  unevaluatedProperties?: JsonSchemaNode;
}

export interface ArrayNode extends NodeCommon {
  kind: 'array';
  allItems?: JsonSchemaNode;
  /** Tuple items (`items: [..]`, or `prefixItems`). */
  itemSchemas?: JsonSchemaNode[];
  additionalItems: boolean;
  additionalItemsSchema?: JsonSchemaNode;
  minItems?: number;
  maxItems?: number;
  uniqueItems: boolean;
  minContains?: number;
  maxContains?: number;
  unevaluatedItems?: JsonSchemaNode;
}

export interface CombinedNode extends NodeCommon {
  kind: 'combined';
  criterion: 'allOf' | 'anyOf' | 'oneOf';
  subschemas: JsonSchemaNode[];
}

export interface ReferenceNode extends NodeCommon {
  kind: 'ref';
  ref: string;
  /** Resolved lazily: a reference may point at an ancestor (recursive schemas). */
  target: () => JsonSchemaNode;
}

export type JsonSchemaNode =
  | (NodeCommon & { kind: 'empty' })
  | (NodeCommon & { kind: 'true' })
  | (NodeCommon & { kind: 'false' })
  | (NodeCommon & { kind: 'boolean' })
  | (NodeCommon & { kind: 'null' })
  | StringNode
  | NumberNode
  | ObjectNode
  | ArrayNode
  | (NodeCommon & { kind: 'enum'; values: unknown[] })
  | (NodeCommon & { kind: 'const'; value: unknown })
  | CombinedNode
  | (NodeCommon & { kind: 'not'; mustNotMatch: JsonSchemaNode })
  | (NodeCommon & { kind: 'conditional' })
  | ReferenceNode;

export type NodeOfKind<K extends JsonSchemaNode['kind']> = Extract<JsonSchemaNode, { kind: K }>;

/** `{}` and `true` accept everything (everit's TrueSchema is an EmptySchema). */
export function isEmptyLike(node: JsonSchemaNode): boolean {
  return node.kind === 'empty' || node.kind === 'true';
}

/** Follows references to the schema they stand for. */
export function dereference(node: JsonSchemaNode): JsonSchemaNode {
  let current = node;
  const seen = new Set<JsonSchemaNode>();
  while (current.kind === 'ref') {
    if (seen.has(current)) throw new IncomparableSchemaError(`$ref '${current.ref}' refers to itself`);
    seen.add(current);
    current = current.target();
  }
  return current;
}

/** Fully open: additional properties allowed with no schema, no pattern properties, unevaluated properties absent or true. */
export function isOpenObject(node: ObjectNode): boolean {
  if (!node.additionalProperties || node.additionalPropertiesSchema) return false;
  if (node.patternProperties.length > 0) return false;
  return node.unevaluatedProperties === undefined || isEmptyLike(node.unevaluatedProperties);
}

/** The schema a partially open object applies to a property it does not list, if any. */
export function schemaForUnlistedProperty(node: ObjectNode, property: string): JsonSchemaNode | undefined {
  for (const { pattern, schema } of node.patternProperties) if (pattern.test(property)) return schema;
  if (node.additionalPropertiesSchema) return node.additionalPropertiesSchema;
  if (node.additionalProperties && node.unevaluatedProperties && node.unevaluatedProperties.kind !== 'false' && !isEmptyLike(node.unevaluatedProperties)) {
    return node.unevaluatedProperties;
  }
  return undefined;
}

export function isOpenArray(node: ArrayNode): boolean {
  if (!node.additionalItems || node.additionalItemsSchema) return false;
  return node.unevaluatedItems === undefined || isEmptyLike(node.unevaluatedItems);
}

export function schemaForExtraItems(node: ArrayNode): JsonSchemaNode | undefined {
  if (node.additionalItemsSchema) return node.additionalItemsSchema;
  if (node.additionalItems && node.unevaluatedItems && node.unevaluatedItems.kind !== 'false' && !isEmptyLike(node.unevaluatedItems)) {
    return node.unevaluatedItems;
  }
  return undefined;
}
