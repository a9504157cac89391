import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'Detect property removed from closed content model',
    writer: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      additionalProperties: false,
    },
    reader: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { a: { type: 'string' } },
      additionalProperties: false,
    },
    changes: ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/b'],
    compatible: false,
    compatibleLenient: true,
  },
  {
    description: 'Detect nested property removed from closed content model',
    writer: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        nested: {
          type: 'object',
          properties: { a: { type: 'string' }, b: { type: 'integer' } },
          additionalProperties: false,
        },
      },
    },
    reader: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        nested: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
      },
    },
    changes: ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/nested/properties/b'],
    compatible: false,
    compatibleLenient: true,
  },
  {
    description: 'Detect required property added to open content model',
    writer: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { a: { type: 'string' } },
    },
    reader: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      required: ['b'],
    },
    changes: ['REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/b'],
    compatible: false,
  },
  {
    description: 'Detect required property with default added to open content model',
    writer: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { a: { type: 'string' } },
    },
    reader: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string', default: 'x' } },
      required: ['b'],
    },
    changes: ['REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL #/properties/b'],
    compatible: false,
    compatibleLenient: true,
  },
  {
    description: 'Detect required property with default added to closed content model',
    writer: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { a: { type: 'string' } },
      additionalProperties: false,
    },
    reader: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string', default: 'x' } },
      required: ['b'],
      additionalProperties: false,
    },
    changes: ['REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/b'],
    compatible: true,
  },
];
