import { COMPATIBLE, defineJsonRule, INCOMPATIBLE, jsonMessages } from '../json-schema-rule.ts';

const covers = (a: Set<string>, b: Set<string>) => [...b].every((x) => a.has(x));
const same = (a: Set<string>, b: Set<string>) => a.size === b.size && covers(a, b);

/** `dependencies` (draft 4–7) and `dependentRequired`/`dependentSchemas` (2019-09+). */
export const dependencyRules = [
  defineJsonRule({
    id: 'DEPENDENCY_ARRAY_ADDED',
    purpose: 'A new property dependency refuses old objects that lack the dependent properties.',
    compatible: INCOMPATIBLE,
    on: 'dependencyArray',
    when: ({ original, update }) => !original && !!update,
    message: jsonMessages.keywordAddedOrRemoved,
  }),
  defineJsonRule({
    id: 'DEPENDENCY_ARRAY_REMOVED',
    purpose: 'Dropping a property dependency accepts every old object.',
    compatible: COMPATIBLE,
    on: 'dependencyArray',
    when: ({ original, update }) => !!original && !update,
    message: jsonMessages.noted('property dependency removed'),
  }),
  defineJsonRule({
    id: 'DEPENDENCY_ARRAY_EXTENDED',
    purpose: 'More dependent properties refuse old objects that lack them.',
    compatible: INCOMPATIBLE,
    on: 'dependencyArray',
    when: ({ original, update }) => !!original && !!update && !same(original, update) && covers(update, original),
    message: jsonMessages.typeExtended,
  }),
  defineJsonRule({
    id: 'DEPENDENCY_ARRAY_NARROWED',
    purpose: 'Fewer dependent properties accept every old object.',
    compatible: COMPATIBLE,
    on: 'dependencyArray',
    when: ({ original, update }) => !!original && !!update && !same(original, update) && !covers(update, original) && covers(original, update),
    message: jsonMessages.noted('property dependency narrowed'),
  }),
  defineJsonRule({
    id: 'DEPENDENCY_ARRAY_CHANGED',
    purpose: 'Other dependent properties refuse old objects.',
    compatible: INCOMPATIBLE,
    on: 'dependencyArray',
    when: ({ original, update }) => !!original && !!update && !covers(update, original) && !covers(original, update),
    message: jsonMessages.valueChanged,
  }),
  defineJsonRule({
    id: 'DEPENDENCY_SCHEMA_ADDED',
    purpose: 'A new schema dependency constrains old objects.',
    compatible: INCOMPATIBLE,
    on: 'dependencySchema',
    when: ({ original, update }) => !original && !!update,
    message: jsonMessages.keywordAddedOrRemoved,
  }),
  defineJsonRule({
    id: 'DEPENDENCY_SCHEMA_REMOVED',
    purpose: 'Dropping a schema dependency lifts its constraint.',
    compatible: COMPATIBLE,
    on: 'dependencySchema',
    when: ({ original, update }) => !!original && !update,
    message: jsonMessages.noted('schema dependency removed'),
  }),
];
