import { COMPATIBLE, defineJsonRule, INCOMPATIBLE, jsonMessages } from '../json-schema-rule.ts';
import type { JsonSchemaElements } from '../json-schema-rule.ts';

type Combined = JsonSchemaElements['combined'];
const isSum = (criterion: string) => criterion === 'anyOf' || criterion === 'oneOf';
const singleton = (node: { subschemas: unknown[] }) => node.subschemas.length === 1;

type CombinedPair = Pick<Combined, 'original' | 'update'>;

/** Changing the criterion keeps compatibility towards anyOf, or between singletons where it means nothing. */
function criterionExtended({ original, update }: CombinedPair): boolean {
  if (original.criterion === update.criterion) return false;
  return (
    update.criterion === 'anyOf' ||
    (singleton(original) && singleton(update)) ||
    (singleton(original) && update.criterion === 'oneOf') ||
    (singleton(update) && original.criterion === 'allOf')
  );
}

/** A criterion change that refuses data: the branches are then not compared at all. */
export function criterionChanged(original: Combined['original'], update: Combined['update']): boolean {
  return original.criterion !== update.criterion && !criterionExtended({ original, update });
}

export const combinedRules = [
  defineJsonRule({
    id: 'COMBINED_TYPE_EXTENDED',
    purpose: 'A criterion that accepts at least what the old one did (oneOf → anyOf, allOf of one → anything).',
    compatible: COMPATIBLE,
    on: 'combined',
    when: criterionExtended,
    message: jsonMessages.noted('combination criterion extended'),
  }),
  defineJsonRule({
    id: 'COMBINED_TYPE_CHANGED',
    purpose: 'A criterion that refuses data the old one accepted (anyOf → oneOf, anyOf → allOf).',
    compatible: INCOMPATIBLE,
    on: 'combined',
    when: ({ original, update }) => criterionChanged(original, update),
    message: jsonMessages.typeChanged,
  }),
  defineJsonRule({
    id: 'SUM_TYPE_EXTENDED',
    purpose: 'More anyOf/oneOf branches accept at least the old data.',
    compatible: COMPATIBLE,
    on: 'combined',
    when: (e) => !criterionChanged(e.original, e.update) && e.originalSize < e.updateSize && isSum(e.update.criterion),
    message: jsonMessages.typeExtended,
  }),
  defineJsonRule({
    id: 'PRODUCT_TYPE_EXTENDED',
    purpose: 'More allOf branches add constraints old data may break.',
    compatible: INCOMPATIBLE,
    on: 'combined',
    when: (e) => !criterionChanged(e.original, e.update) && e.originalSize < e.updateSize && e.update.criterion === 'allOf',
    message: jsonMessages.typeExtended,
  }),
  defineJsonRule({
    id: 'SUM_TYPE_NARROWED',
    purpose: 'Fewer anyOf/oneOf branches refuse data old branches accepted.',
    compatible: INCOMPATIBLE,
    on: 'combined',
    when: (e) => !criterionChanged(e.original, e.update) && e.originalSize > e.updateSize && isSum(e.original.criterion),
    message: jsonMessages.typeNarrowed,
  }),
  defineJsonRule({
    id: 'PRODUCT_TYPE_NARROWED',
    purpose: 'Fewer allOf branches remove constraints.',
    compatible: COMPATIBLE,
    on: 'combined',
    when: (e) => !criterionChanged(e.original, e.update) && e.originalSize > e.updateSize && e.original.criterion === 'allOf',
    // Messages used to be looked up by id, so this rule always showed its
    // twin's wording below; kept so reports stay identical.
    message: jsonMessages.noted('allOf narrowed to one branch'),
  }),
  defineJsonRule({
    id: 'COMBINED_TYPE_SUBSCHEMAS_CHANGED',
    purpose: 'Some branch of the smaller side has no compatible counterpart (maximum bipartite matching).',
    compatible: INCOMPATIBLE,
    on: 'combined',
    when: (e) => !criterionChanged(e.original, e.update) && e.matched < Math.min(e.originalSize, e.updateSize),
    message: jsonMessages.typeChanged,
  }),
  defineJsonRule({
    id: 'SUM_TYPE_EXTENDED',
    purpose: 'A schema that became a branch of an anyOf/oneOf: the old data still matches that branch.',
    compatible: COMPATIBLE,
    on: 'combinedBranch',
    when: ({ via }) => via === 'update anyOf/oneOf',
    message: jsonMessages.typeExtended,
  }),
  defineJsonRule({
    id: 'PRODUCT_TYPE_NARROWED',
    purpose: 'An allOf reduced to one of its branches: fewer constraints.',
    compatible: COMPATIBLE,
    on: 'combinedBranch',
    when: ({ via }) => via === 'original allOf',
    message: jsonMessages.noted('allOf narrowed to one branch'),
  }),
];
