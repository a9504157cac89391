import { canonicalJson } from '../../../json/canonical-json.ts';
import { COMPATIBLE, defineJsonRule, INCOMPATIBLE, jsonMessages } from '../json-schema-rule.ts';

/** Enum values compared as sets of JSON values, as everit holds them. */
function valueSet(values: unknown[]): Set<string> {
  return new Set(values.map((v) => canonicalJson(v)));
}

function containsAll(a: Set<string>, b: Set<string>): boolean {
  return [...b].every((v) => a.has(v));
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && containsAll(a, b);
}

export const enumRules = [
  defineJsonRule({
    id: 'ENUM_ARRAY_EXTENDED',
    purpose: 'An enum with more values still accepts every old value.',
    compatible: COMPATIBLE,
    on: 'enum',
    at: 'enum',
    when: ({ original, update }) => {
      const [o, u] = [valueSet(original.values), valueSet(update.values)];
      return !sameSet(o, u) && containsAll(u, o);
    },
    message: jsonMessages.noted('enum extended'),
  }),
  defineJsonRule({
    id: 'ENUM_ARRAY_NARROWED',
    purpose: 'An enum without some old values refuses them.',
    compatible: INCOMPATIBLE,
    on: 'enum',
    at: 'enum',
    when: ({ original, update }) => {
      const [o, u] = [valueSet(original.values), valueSet(update.values)];
      return !sameSet(o, u) && !containsAll(u, o) && containsAll(o, u);
    },
    message: jsonMessages.typeNarrowed,
  }),
  defineJsonRule({
    id: 'ENUM_ARRAY_CHANGED',
    purpose: 'An enum with different values refuses some old ones.',
    compatible: INCOMPATIBLE,
    on: 'enum',
    at: 'enum',
    when: ({ original, update }) => {
      const [o, u] = [valueSet(original.values), valueSet(update.values)];
      return !containsAll(u, o) && !containsAll(o, u);
    },
    message: jsonMessages.typeChanged,
  }),
  defineJsonRule({
    id: 'ENUM_ARRAY_CHANGED',
    purpose: 'A different const refuses the old value.',
    compatible: INCOMPATIBLE,
    on: 'const',
    at: 'const',
    when: ({ original, update }) => canonicalJson(original.value) !== canonicalJson(update.value),
    message: jsonMessages.typeChanged,
  }),
];
