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
  {
    description: 'Detect extended enum',
    writer: { enum: ['a', 'b'] },
    reader: { enum: ['a', 'b', 'c'] },
    changes: ['ENUM_ARRAY_EXTENDED #/enum'],
    compatible: true,
  },
  {
    description: 'Detect changed enum',
    writer: { enum: ['a', 'b'] },
    reader: { enum: ['a', 'c'] },
    changes: ['ENUM_ARRAY_CHANGED #/enum'],
    compatible: false,
  },
  {
    description: 'Detect changed const',
    writer: { const: 'a' },
    reader: { const: 'b' },
    changes: ['ENUM_ARRAY_CHANGED #/const'],
    compatible: false,
  },
  {
    description: 'The same const is no change',
    writer: { const: { x: 1, y: 2 } },
    reader: { const: { y: 2, x: 1 } },
    changes: [],
    compatible: true,
  },
];
