import { isEmptyLike } from '../json-schema-node.ts';
import { COMPATIBLE, defineJsonRule, INCOMPATIBLE, jsonMessages, LENIENT_ONLY } from '../json-schema-rule.ts';

/**
 * Properties present on one side only. Whether that breaks old data depends
 * on the content model: open (any property allowed), closed
 * (additionalProperties: false) or partially open (a schema for unlisted
 * properties, from patternProperties, additionalProperties or
 * unevaluatedProperties). These are Confluent's rules for removing a property
 * from an open model (compatible: old data still validates) and from a closed
 * one (not: old data with it no longer does).
 */
export const propertyRules = [
  defineJsonRule({
    id: 'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL',
    purpose: 'The open new model still accepts the removed property.',
    compatible: COMPATIBLE,
    on: 'removedProperty',
    when: ({ coverage }) => coverage.model === 'open',
    message: jsonMessages.noted('property removed from an open content model'),
  }),
  defineJsonRule({
    id: 'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
    purpose: 'The schema for unlisted properties accepts what the removed property held.',
    compatible: COMPATIBLE,
    on: 'removedProperty',
    when: ({ coverage }) => coverage.model === 'partial' && coverage.compatible,
    message: jsonMessages.noted('removed property covered by the partially open content model'),
  }),
  defineJsonRule({
    id: 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
    purpose: 'The schema for unlisted properties refuses what the removed property held (LENIENT accepts it).',
    compatible: LENIENT_ONLY,
    on: 'removedProperty',
    when: ({ coverage }) => coverage.model === 'partial' && !coverage.compatible,
    message: jsonMessages.removedNotCovered,
  }),
  defineJsonRule({
    id: 'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL',
    purpose: 'A property whose schema was false never held data; removing it changes nothing.',
    compatible: COMPATIBLE,
    on: 'removedProperty',
    when: ({ coverage, originalSchema }) => coverage.model === 'closed' && originalSchema.kind === 'false',
    message: jsonMessages.noted('false property removed from a closed content model'),
  }),
  defineJsonRule({
    id: 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
    purpose: 'The closed new model refuses old objects that hold the removed property (LENIENT accepts it).',
    compatible: LENIENT_ONLY,
    on: 'removedProperty',
    when: ({ coverage, originalSchema }) => coverage.model === 'closed' && originalSchema.kind !== 'false',
    message: jsonMessages.removedFromClosed,
  }),
  defineJsonRule({
    id: 'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL',
    addsField: true,
    purpose: 'A new property that accepts anything cannot refuse what old objects held under that name.',
    compatible: COMPATIBLE,
    on: 'addedProperty',
    when: ({ originalOpen, updateSchema }) => originalOpen && isEmptyLike(updateSchema),
    message: jsonMessages.noted('property with an empty schema added to an open content model'),
  }),
  defineJsonRule({
    id: 'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
    addsField: true,
    purpose: 'A new required property refuses old objects without it.',
    compatible: INCOMPATIBLE,
    on: 'addedProperty',
    when: ({ originalOpen, updateSchema, required, hasDefault }) => originalOpen && !isEmptyLike(updateSchema) && required && !hasDefault,
    message: jsonMessages.addedToOpen,
  }),
  defineJsonRule({
    id: 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL',
    addsField: true,
    purpose: 'Old objects of an open model may hold the property with another type (LENIENT accepts it).',
    compatible: LENIENT_ONLY,
    on: 'addedProperty',
    when: ({ originalOpen, updateSchema, required, hasDefault }) => originalOpen && !isEmptyLike(updateSchema) && required && hasDefault,
    message: jsonMessages.addedToOpen,
  }),
  defineJsonRule({
    id: 'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
    addsField: true,
    purpose: 'Old objects of an open model may hold the property with another type (LENIENT accepts it).',
    compatible: LENIENT_ONLY,
    on: 'addedProperty',
    when: ({ originalOpen, updateSchema, required }) => originalOpen && !isEmptyLike(updateSchema) && !required,
    message: jsonMessages.addedToOpen,
  }),
  defineJsonRule({
    id: 'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
    purpose: 'What old objects could hold under the new name validates against the new property.',
    compatible: COMPATIBLE,
    on: 'addedProperty',
    when: ({ originalOpen, partial }) => !originalOpen && !!partial && partial.compatible,
    message: jsonMessages.noted('added property covered by the partially open content model'),
  }),
  defineJsonRule({
    id: 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
    purpose: 'Old objects could hold the new name with values the new property refuses (LENIENT accepts it).',
    compatible: LENIENT_ONLY,
    on: 'addedProperty',
    when: ({ originalOpen, partial }) => !originalOpen && !!partial && !partial.compatible,
    message: jsonMessages.addedNotCovered,
  }),
  defineJsonRule({
    id: 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
    addsField: true,
    purpose: 'A new required property refuses every old object, which could not hold it.',
    compatible: INCOMPATIBLE,
    on: 'addedProperty',
    when: ({ originalOpen, required, hasDefault }) => !originalOpen && required && !hasDefault,
    message: jsonMessages.requiredAddedToUnopen,
  }),
  defineJsonRule({
    id: 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL',
    addsField: true,
    purpose: 'A new required property with a default can be filled in for old objects.',
    compatible: COMPATIBLE,
    on: 'addedProperty',
    when: ({ originalOpen, required, hasDefault }) => !originalOpen && required && hasDefault,
    message: jsonMessages.noted('required property with default added to a closed content model'),
  }),
  defineJsonRule({
    id: 'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
    addsField: true,
    purpose: 'Old objects of a closed model never held the new property.',
    compatible: COMPATIBLE,
    on: 'addedProperty',
    when: ({ originalOpen, required }) => !originalOpen && !required,
    message: jsonMessages.noted('optional property added to a closed content model'),
  }),
];
