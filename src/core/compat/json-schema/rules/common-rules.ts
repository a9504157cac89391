import { canonicalJson } from '../../../json/canonical-json.ts';
import { isEmptyLike } from '../json-schema-node.ts';
import { COMPATIBLE, defineJsonRule, INCOMPATIBLE, jsonMessages } from '../json-schema-rule.ts';

/** Attributes every schema has, and the class of a schema. */
export const commonRules = [
  defineJsonRule({
    id: 'ID_CHANGED',
    purpose: 'A changed $id names the schema differently; data is unaffected.',
    compatible: COMPATIBLE,
    on: 'common',
    when: ({ original, update }) => original.id !== update.id,
    message: jsonMessages.noted('$id changed'),
  }),
  defineJsonRule({
    id: 'TITLE_CHANGED',
    purpose: 'A changed title is documentation only.',
    compatible: COMPATIBLE,
    on: 'common',
    when: ({ original, update }) => original.title !== update.title,
    message: jsonMessages.noted('title changed'),
  }),
  defineJsonRule({
    id: 'DESCRIPTION_CHANGED',
    purpose: 'A changed description is documentation only.',
    compatible: COMPATIBLE,
    on: 'common',
    when: ({ original, update }) => original.description !== update.description,
    message: jsonMessages.noted('description changed'),
  }),
  defineJsonRule({
    id: 'DEFAULT_CHANGED',
    purpose: 'A changed default affects readers that fill it in, not what validates.',
    compatible: COMPATIBLE,
    on: 'common',
    when: ({ original, update }) =>
      original.hasDefault !== update.hasDefault || (original.hasDefault && canonicalJson(original.default) !== canonicalJson(update.default)),
    message: jsonMessages.noted('default changed'),
  }),
  defineJsonRule({
    id: 'TYPE_CHANGED',
    purpose: 'A schema of another type refuses data the old one accepted.',
    compatible: INCOMPATIBLE,
    on: 'classes',
    // Anything may become {} or true, and false may become anything.
    when: ({ original, update }) => original.kind !== 'false' && !isEmptyLike(update) && !bothConnectBytes(original.unprocessed, update.unprocessed),
    message: jsonMessages.typeChanged,
  }),
  defineJsonRule({
    id: 'SCHEMA_ADDED',
    purpose: 'A subschema where there was none constrains data that was unconstrained.',
    compatible: INCOMPATIBLE,
    on: 'presence',
    when: ({ original, update }) => !original && !!update,
    message: (path) => `A schema at path '${path}' in the {reader} schema is not present in the {writer} schema`,
  }),
  defineJsonRule({
    id: 'SCHEMA_REMOVED',
    purpose: 'Removing a subschema lifts its constraints.',
    compatible: COMPATIBLE,
    on: 'presence',
    when: ({ original, update }) => !!original && !update,
    message: jsonMessages.noted('schema removed'),
  }),
];

/**
 * Kafka Connect writes decimals as `connect.type: bytes` with varying JSON
 * types; Confluent treats two such schemas as the same type.
 */
function bothConnectBytes(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return a['connect.type'] === 'bytes' && b['connect.type'] === 'bytes';
}
