/**
 * The JSON Schema rule catalog: Confluent's difference types, each a rule
 * with its compatibility under STRICT and LENIENT. compare-json-schema.ts
 * pairs elements and asks the rules registered for each element kind.
 */
import type { CompatibilityPolicy } from '../../types.ts';
import { RuleCatalog, type Rule } from '../rule.ts';
import type { JsonSchemaElements, JsonSchemaRule } from './json-schema-rule.ts';
import { arrayRules, itemRules } from './rules/array-rules.ts';
import { combinedRules } from './rules/combined-rules.ts';
import { commonRules } from './rules/common-rules.ts';
import { dependencyRules } from './rules/dependency-rules.ts';
import { enumRules } from './rules/enum-rules.ts';
import { notRules } from './rules/not-rules.ts';
import { numberRules } from './rules/number-rules.ts';
import { objectRules } from './rules/object-rules.ts';
import { propertyRules } from './rules/property-rules.ts';
import { stringRules } from './rules/string-rules.ts';
import { unevaluatedRules } from './rules/unevaluated-rules.ts';

export const jsonSchemaRules: readonly JsonSchemaRule[] = [
  ...commonRules,
  ...stringRules,
  ...numberRules,
  ...enumRules,
  ...notRules,
  ...combinedRules,
  ...objectRules,
  ...propertyRules,
  ...dependencyRules,
  ...unevaluatedRules,
  ...arrayRules,
  ...itemRules,
] as JsonSchemaRule[];

export const jsonSchemaCatalog = new RuleCatalog<JsonSchemaElements>(jsonSchemaRules as Rule<JsonSchemaElements>[]);

export function isCompatibleJsonDifference(id: string, policy: CompatibilityPolicy): boolean {
  return jsonSchemaCatalog.isCompatible(id, policy);
}
