import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'Enum order does not matter',
    writer: { $schema: 'http://json-schema.org/draft-07/schema#', enum: ['a', 'b'] },
    reader: { $schema: 'http://json-schema.org/draft-07/schema#', enum: ['b', 'a'] },
    changes: [],
    compatible: true,
  },
  {
    description: 'Detect narrowed enum',
    writer: { $schema: 'http://json-schema.org/draft-07/schema#', enum: ['a', 'b', 'c'] },
    reader: { $schema: 'http://json-schema.org/draft-07/schema#', enum: ['a', 'b'] },
    changes: ['ENUM_ARRAY_NARROWED #/enum'],
    compatible: false,
  },
];
