import { defineJsonRule, jsonMessages, type ElementKind, type JsonSchemaElements, type JsonSchemaRule } from '../json-schema-rule.ts';

type Compat = { STRICT: boolean; LENIENT: boolean };
type Outcome = 'added' | 'removed' | 'increased' | 'decreased';

/**
 * The four rules of a numeric keyword (…_ADDED, …_REMOVED, …_INCREASED,
 * …_DECREASED), each with its own predicate. `tighter` says which way the
 * keyword narrows what validates (a larger minLength does; a larger maxLength
 * does not); compatibility follows from it.
 */
export function limitRules<K extends ElementKind>(spec: {
  on: K;
  keyword: string;
  prefix: string;
  value: (element: JsonSchemaElements[K], side: 'original' | 'update') => number | undefined;
  tighter: 'increased' | 'decreased';
}): JsonSchemaRule<K>[] {
  const loosening: Compat = { STRICT: true, LENIENT: true };
  const tightening: Compat = { STRICT: false, LENIENT: false };
  const outcomes: Record<Outcome, { compatible: Compat; test: (o: number | undefined, u: number | undefined) => boolean; purpose: string }> = {
    added: { compatible: tightening, test: (o, u) => o === undefined && u !== undefined, purpose: `adding ${spec.keyword} refuses values the old schema accepted` },
    removed: { compatible: loosening, test: (o, u) => o !== undefined && u === undefined, purpose: `removing ${spec.keyword} accepts everything the old schema accepted` },
    increased: {
      compatible: spec.tighter === 'increased' ? tightening : loosening,
      test: (o, u) => o !== undefined && u !== undefined && o < u,
      purpose: `a larger ${spec.keyword} ${spec.tighter === 'increased' ? 'refuses values the old schema accepted' : 'still accepts every old value'}`,
    },
    decreased: {
      compatible: spec.tighter === 'decreased' ? tightening : loosening,
      test: (o, u) => o !== undefined && u !== undefined && o > u,
      purpose: `a smaller ${spec.keyword} ${spec.tighter === 'decreased' ? 'refuses values the old schema accepted' : 'still accepts every old value'}`,
    },
  };
  return (Object.keys(outcomes) as Outcome[]).map((outcome) => {
    const { compatible, test, purpose } = outcomes[outcome];
    const message =
      outcome === 'added'
        ? jsonMessages.keywordAddedOrRemoved
        : outcome === 'removed'
          ? jsonMessages.noted(`${spec.keyword} removed`)
          : outcome === spec.tighter
            ? outcome === 'increased'
              ? jsonMessages.valueIncreased
              : jsonMessages.valueDecreased
            : jsonMessages.noted(`${spec.keyword} ${outcome}`);
    return defineJsonRule({
      id: `${spec.prefix}_${outcome.toUpperCase()}`,
      purpose: `${purpose[0].toUpperCase()}${purpose.slice(1)}.`,
      compatible,
      on: spec.on,
      at: spec.keyword,
      when: (element) => test(spec.value(element, 'original'), spec.value(element, 'update')),
      message,
    });
  });
}
