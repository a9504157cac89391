import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'Detect changed default',
    writer: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string', default: 'a' },
    reader: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string', default: 'b' },
    changes: ['DEFAULT_CHANGED #/'],
    compatible: true,
  },
  {
    description: 'Detect added default',
    writer: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'integer' },
    reader: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'integer', default: 0 },
    changes: ['DEFAULT_CHANGED #/'],
    compatible: true,
  },
  {
    description: 'Detect changed unevaluatedProperties schema',
    writer: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      unevaluatedProperties: { type: 'string' },
    },
    reader: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      unevaluatedProperties: { type: 'integer' },
    },
    changes: ['TYPE_CHANGED #/unevaluatedProperties'],
    compatible: false,
  },
  {
    description: 'A recursive schema: the change is reported where it is and again through the recursion (Confluent\'s fixpoint)',
    writer: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { child: { $ref: '#' }, v: { type: 'string' } },
    },
    reader: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { child: { $ref: '#' }, v: { type: 'integer' } },
    },
    changes: ['TYPE_CHANGED #/properties/v', 'TYPE_CHANGED #/properties/child/properties/v'],
    compatible: false,
  },
  {
    description: 'Same object default in another key order is no change',
    writer: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', default: { a: 1, b: 2 } },
    reader: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', default: { b: 2, a: 1 } },
    changes: [],
    compatible: true,
  },
];
