import { isEmptyLike, type JsonSchemaNode } from '../json-schema-node.ts';
import { COMPATIBLE, defineJsonRule, INCOMPATIBLE, jsonMessages, LENIENT_ONLY, type JsonSchemaRule } from '../json-schema-rule.ts';

type Side = JsonSchemaNode | undefined;
const isFalse = (s: Side) => s?.kind === 'false';

/** unevaluatedProperties / unevaluatedItems (2019-09+), in Confluent's order of cases. */
const cases = {
  ADDED: (o: Side, u: Side) => isFalse(o) && !isFalse(u),
  REMOVED: (o: Side, u: Side) => isFalse(u) && !isFalse(o),
  NARROWED: (o: Side, u: Side) => (!o && !!u && !isFalse(u)) || (!!o && !!u && !isFalse(o) && !isFalse(u) && isEmptyLike(o) && !isEmptyLike(u)),
  EXTENDED: (o: Side, u: Side) => (!!o && !u && !isFalse(o)) || (!!o && !!u && !isFalse(o) && !isFalse(u) && !isEmptyLike(o) && isEmptyLike(u)),
};

function family(on: 'unevaluatedProperties' | 'unevaluatedItems', prefix: string, narrowedAndRemoved: { STRICT: boolean; LENIENT: boolean }) {
  const what = on === 'unevaluatedProperties' ? 'properties' : 'items';
  return [
    defineJsonRule({
      id: `${prefix}_ADDED`,
      purpose: `Allowing unevaluated ${what} where they were forbidden accepts every old value.`,
      compatible: COMPATIBLE,
      on,
      when: ({ original, update }) => cases.ADDED(original, update),
      message: jsonMessages.noted(`unevaluated ${what} allowed`),
    }),
    defineJsonRule({
      id: `${prefix}_REMOVED`,
      purpose: `Forbidding unevaluated ${what} refuses old values that had some.`,
      compatible: narrowedAndRemoved,
      on,
      when: ({ original, update }) => cases.REMOVED(original, update),
      message: jsonMessages.keywordAddedOrRemoved,
    }),
    defineJsonRule({
      id: `${prefix}_NARROWED`,
      purpose: `A schema for unevaluated ${what} where any were allowed refuses some.`,
      compatible: narrowedAndRemoved,
      on,
      when: ({ original, update }) => cases.NARROWED(original, update),
      message: jsonMessages.typeNarrowed,
    }),
    defineJsonRule({
      id: `${prefix}_EXTENDED`,
      purpose: `Dropping the schema of unevaluated ${what} accepts any of them.`,
      compatible: COMPATIBLE,
      on,
      when: ({ original, update }) => cases.EXTENDED(original, update),
      message: jsonMessages.noted(`unevaluated ${what} extended`),
    }),
  ] as JsonSchemaRule[];
}

export const unevaluatedRules = [
  ...family('unevaluatedProperties', 'UNEVALUATED_PROPERTIES', LENIENT_ONLY),
  ...family('unevaluatedItems', 'UNEVALUATED_ITEMS', INCOMPATIBLE),
];

/** Both sides hold a schema that none of the four cases describes: compare the schemas themselves. */
export function unevaluatedNeedsComparison(o: Side, u: Side): boolean {
  return !!o && !!u && !Object.values(cases).some((test) => test(o, u));
}
