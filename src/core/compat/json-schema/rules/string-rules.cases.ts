import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'Detect added maxLength',
    writer: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' },
    reader: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string', maxLength: 5 },
    changes: ['MAX_LENGTH_ADDED #/maxLength'],
    compatible: false,
  },
  {
    description: 'Detect added minLength',
    writer: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' },
    reader: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string', minLength: 1 },
    changes: ['MIN_LENGTH_ADDED #/minLength'],
    compatible: false,
  },
  {
    description: 'Detect removed minLength',
    writer: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string', minLength: 1 },
    reader: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' },
    changes: ['MIN_LENGTH_REMOVED #/minLength'],
    compatible: true,
  },
  {
    description: 'Detect added pattern',
    writer: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' },
    reader: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string', pattern: '^a' },
    changes: ['PATTERN_ADDED #/pattern'],
    compatible: false,
  },
  {
    description: 'References between definitions resolve in both drafts\' buckets',
    writer: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $ref: '#/$defs/a',
      definitions: { a: { type: 'string' } },
    },
    reader: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $ref: '#/definitions/a',
      definitions: { a: { type: 'string', maxLength: 3 } },
    },
    changes: ['MAX_LENGTH_ADDED #/maxLength'],
    compatible: false,
  },
];
