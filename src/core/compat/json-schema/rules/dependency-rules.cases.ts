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
  {
    description: 'Detect added dependency array',
    writer: { type: 'object' },
    reader: { type: 'object', dependencies: { a: ['b'] } },
    changes: ['DEPENDENCY_ARRAY_ADDED #/dependencies/a'],
    compatible: false,
  },
  {
    description: 'Detect removed dependency array',
    writer: { type: 'object', dependencies: { a: ['b'] } },
    reader: { type: 'object' },
    changes: ['DEPENDENCY_ARRAY_REMOVED #/dependencies/a'],
    compatible: true,
  },
  {
    description: 'Detect added dependency schema',
    writer: { type: 'object' },
    reader: { type: 'object', dependencies: { a: { required: ['b'] } } },
    changes: ['DEPENDENCY_SCHEMA_ADDED #/dependencies/a'],
    compatible: false,
  },
  {
    description: 'Detect removed dependency schema',
    writer: { type: 'object', dependencies: { a: { required: ['b'] } } },
    reader: { type: 'object' },
    changes: ['DEPENDENCY_SCHEMA_REMOVED #/dependencies/a'],
    compatible: true,
  },
  {
    description: 'Unchanged dependencies are no change',
    writer: { type: 'object', dependencies: { a: ['b', 'c'] } },
    reader: { type: 'object', dependencies: { a: ['c', 'b'] } },
    changes: [],
    compatible: true,
  },
];
