import { COMPATIBLE, defineJsonRule, INCOMPATIBLE, jsonMessages, LENIENT_ONLY } from '../json-schema-rule.ts';
import { limitRules } from './limit-rules.ts';

export const objectRules = [
  ...limitRules({ on: 'object', keyword: 'maxProperties', prefix: 'MAX_PROPERTIES', value: (e, side) => e[side].maxProperties, tighter: 'decreased' }),
  ...limitRules({ on: 'object', keyword: 'minProperties', prefix: 'MIN_PROPERTIES', value: (e, side) => e[side].minProperties, tighter: 'increased' }),
  defineJsonRule({
    id: 'ADDITIONAL_PROPERTIES_ADDED',
    purpose: 'Allowing additional properties accepts every old object.',
    compatible: COMPATIBLE,
    on: 'object',
    at: 'additionalProperties',
    when: ({ original, update }) => !original.additionalProperties && update.additionalProperties,
    message: jsonMessages.noted('additional properties allowed'),
  }),
  defineJsonRule({
    id: 'ADDITIONAL_PROPERTIES_REMOVED',
    purpose: 'Forbidding additional properties refuses old objects that had some (LENIENT accepts it).',
    compatible: LENIENT_ONLY,
    on: 'object',
    at: 'additionalProperties',
    when: ({ original, update }) => original.additionalProperties && !update.additionalProperties,
    message: jsonMessages.keywordAddedOrRemoved,
  }),
  defineJsonRule({
    id: 'ADDITIONAL_PROPERTIES_NARROWED',
    purpose: 'A schema for additional properties where any were allowed refuses some (LENIENT accepts it).',
    compatible: LENIENT_ONLY,
    on: 'object',
    at: 'additionalProperties',
    when: ({ original, update }) =>
      original.additionalProperties === update.additionalProperties && !original.additionalPropertiesSchema && !!update.additionalPropertiesSchema,
    message: jsonMessages.typeNarrowed,
  }),
  defineJsonRule({
    id: 'ADDITIONAL_PROPERTIES_EXTENDED',
    purpose: 'Dropping the schema of additional properties accepts any of them.',
    compatible: COMPATIBLE,
    on: 'object',
    at: 'additionalProperties',
    when: ({ original, update }) =>
      original.additionalProperties === update.additionalProperties && !!original.additionalPropertiesSchema && !update.additionalPropertiesSchema,
    message: jsonMessages.noted('additional properties extended'),
  }),
  defineJsonRule({
    id: 'REQUIRED_ATTRIBUTE_ADDED',
    purpose: 'A newly required property without a default refuses old objects without it.',
    compatible: INCOMPATIBLE,
    on: 'required',
    when: ({ wasRequired, isRequired, hasDefault }) => !wasRequired && isRequired && !hasDefault,
    message: jsonMessages.keywordAddedOrRemoved,
  }),
  defineJsonRule({
    id: 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED',
    purpose: 'A newly required property with a default can be filled in for old objects.',
    compatible: COMPATIBLE,
    on: 'required',
    when: ({ wasRequired, isRequired, hasDefault }) => !wasRequired && isRequired && hasDefault,
    message: jsonMessages.noted('required property with default added'),
  }),
  defineJsonRule({
    id: 'REQUIRED_ATTRIBUTE_REMOVED',
    purpose: 'A property no longer required accepts every old object.',
    compatible: COMPATIBLE,
    on: 'required',
    when: ({ wasRequired, isRequired }) => wasRequired && !isRequired,
    message: jsonMessages.noted('required property made optional'),
  }),
];
