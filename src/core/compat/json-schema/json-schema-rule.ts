import { predicateRule, type Rule } from '../rule.ts';
import type { ArrayNode, JsonSchemaNode, NodeOfKind, NumberNode, ObjectNode, StringNode } from './json-schema-node.ts';

/**
 * What the comparison walk hands to rules: one matched element of the
 * original (old, writer) schema and the update (new, reader). Pairing,
 * recursion and the content-model bookkeeping happen in the walk; a rule only
 * says whether its difference applies to the element.
 */
export interface JsonSchemaElements {
  /** Two schemas of the same class: their common attributes. */
  common: { original: JsonSchemaNode; update: JsonSchemaNode };
  /** Two schemas of classes that do not match. */
  classes: { original: JsonSchemaNode; update: JsonSchemaNode };
  /** A subschema present on one side only (`items`, …). */
  presence: { original?: JsonSchemaNode; update?: JsonSchemaNode };
  string: { original: StringNode; update: StringNode };
  number: { original: NumberNode; update: NumberNode };
  enum: { original: NodeOfKind<'enum'>; update: NodeOfKind<'enum'> };
  const: { original: NodeOfKind<'const'>; update: NodeOfKind<'const'> };
  /** `not`: whether the update's negated schema accepts all the original's did, compared in reverse. */
  not: { reversedCompatible: boolean };
  /** A non-combined schema matched against a branch of a combined one. */
  combinedBranch: { via: 'update anyOf/oneOf' | 'original allOf' };
  combined: {
    original: NodeOfKind<'combined'>;
    update: NodeOfKind<'combined'>;
    originalSize: number;
    updateSize: number;
    matched: number;
  };
  object: { original: ObjectNode; update: ObjectNode };
  required: { name: string; wasRequired: boolean; isRequired: boolean; hasDefault: boolean };
  removedProperty: { originalSchema: JsonSchemaNode; coverage: Coverage };
  addedProperty: { updateSchema: JsonSchemaNode; originalOpen: boolean; partial?: { compatible: boolean }; required: boolean; hasDefault: boolean };
  dependencyArray: { original?: Set<string>; update?: Set<string> };
  dependencySchema: { original?: JsonSchemaNode; update?: JsonSchemaNode };
  unevaluatedProperties: { original?: JsonSchemaNode; update?: JsonSchemaNode };
  unevaluatedItems: { original?: JsonSchemaNode; update?: JsonSchemaNode };
  array: { original: ArrayNode; update: ArrayNode };
  removedItem: { originalSchema: JsonSchemaNode; coverage: Coverage };
  addedItem: { updateSchema: JsonSchemaNode; originalOpen: boolean; partial?: { compatible: boolean } };
}

/** How an update's content model treats a property (or tuple item) it no longer lists. */
export type Coverage = { model: 'open' } | { model: 'closed' } | { model: 'partial'; compatible: boolean };

export type ElementKind = keyof JsonSchemaElements;

/** A JSON Schema rule: see Rule. */
export type JsonSchemaRule<K extends ElementKind = ElementKind> = Rule<JsonSchemaElements, K>;

/** Confluent's JSON Schema differences are each found at one place: every rule here is a predicate rule. */
export function defineJsonRule<K extends ElementKind>(spec: Parameters<typeof predicateRule<JsonSchemaElements, K>>[0]): JsonSchemaRule<K> {
  return predicateRule(spec);
}

/** Confluent's wording, by family of difference (json/diff/Difference.java). */
export const jsonMessages = {
  keywordAddedOrRemoved: (path: string) => `The keyword at path '${path}' in the {reader} schema is not present in the {writer} schema`,
  valueIncreased: (path: string) => `The value at path '${path}' in the {reader} schema is more than its value in the {writer} schema`,
  valueDecreased: (path: string) => `The value at path '${path}' in the {reader} schema is less than its value in the {writer} schema`,
  valueChanged: (path: string) => `The value at path '${path}' is different between the {reader} and {writer} schema`,
  typeNarrowed: (path: string) => `An array or combined type at path '${path}' has fewer elements in the {reader} schema than the {writer} schema`,
  typeExtended: (path: string) => `An array or combined type at path '${path}' has more elements in the {reader} schema than the {writer} schema`,
  typeChanged: (path: string) => `A type at path '${path}' is different between the {reader} schema and the {writer} schema`,
  addedToOpen: (path: string) => `The {reader} schema has an open content model and has a property or item at path '${path}' which is missing in the {writer} schema`,
  requiredAddedToUnopen: (path: string) => `The {reader} schema has an unopen content model and has a required property at path '${path}' which is missing in the {writer} schema`,
  removedFromClosed: (path: string) => `The {reader} has a closed content model and is missing a property or item present at path '${path}' in the {writer} schema`,
  removedNotCovered: (path: string) => `A property or item is missing in the {reader} schema but present at path '${path}' in the {writer} schema and is not covered by its partially open content model`,
  addedNotCovered: (path: string) => `The {reader} schema has a property or item at path '${path}' which is missing in the {writer} schema and is not covered by its partially open content model`,
  /** Compatible differences: a plain statement of what changed. */
  noted: (what: string) => (path: string) => `${what} at path '${path}'`,
};

export { COMPATIBLE, INCOMPATIBLE, LENIENT_ONLY } from '../rule.ts';
