import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'Detect added maxProperties',
    writer: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' },
    reader: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', maxProperties: 3 },
    changes: ['MAX_PROPERTIES_ADDED #/maxProperties'],
    compatible: false,
  },
  {
    description: 'Detect added minProperties',
    writer: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' },
    reader: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', minProperties: 1 },
    changes: ['MIN_PROPERTIES_ADDED #/minProperties'],
    compatible: false,
  },
  {
    description: 'Detect extended additional properties schema',
    writer: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: { type: 'string' },
    },
    reader: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' },
    changes: ['ADDITIONAL_PROPERTIES_EXTENDED #/additionalProperties'],
    compatible: true,
  },
  {
    description: 'Detect required attribute with default added',
    writer: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { a: { type: 'string', default: 'x' } },
    },
    reader: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { a: { type: 'string', default: 'x' } },
      required: ['a'],
    },
    changes: ['REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED #/required/a'],
    compatible: true,
  },
];
