import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'Detect extended dependency array',
    writer: { $schema: 'http://json-schema.org/draft-07/schema#', dependencies: { a: ['b'] } },
    reader: { $schema: 'http://json-schema.org/draft-07/schema#', dependencies: { a: ['b', 'c'] } },
    changes: ['DEPENDENCY_ARRAY_EXTENDED #/dependencies/a'],
    compatible: false,
  },
  {
    description: 'Detect narrowed dependency array',
    writer: { $schema: 'http://json-schema.org/draft-07/schema#', dependencies: { a: ['b', 'c'] } },
    reader: { $schema: 'http://json-schema.org/draft-07/schema#', dependencies: { a: ['b'] } },
    changes: ['DEPENDENCY_ARRAY_NARROWED #/dependencies/a'],
    compatible: true,
  },
  {
    description: 'Detect changed dependency array',
    writer: { $schema: 'http://json-schema.org/draft-07/schema#', dependencies: { a: ['b'] } },
    reader: { $schema: 'http://json-schema.org/draft-07/schema#', dependencies: { a: ['c'] } },
    changes: ['DEPENDENCY_ARRAY_CHANGED #/dependencies/a'],
    compatible: false,
  },
];
