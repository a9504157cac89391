import type { RuleCase } from '../../rule-case.ts';

export const cases: RuleCase[] = [
  {
    description: 'Detect added unevaluatedProperties',
    writer: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { a: { type: 'string' } },
      unevaluatedProperties: false,
    },
    reader: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { a: { type: 'string' } },
    },
    changes: ['UNEVALUATED_PROPERTIES_ADDED #/unevaluatedProperties'],
    compatible: true,
  },
  {
    description: 'Detect removed unevaluatedProperties',
    writer: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { a: { type: 'string' } },
    },
    reader: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { a: { type: 'string' } },
      unevaluatedProperties: false,
    },
    changes: ['UNEVALUATED_PROPERTIES_REMOVED #/unevaluatedProperties'],
    compatible: false,
    compatibleLenient: true,
  },
  {
    description: 'Detect narrowed unevaluatedProperties',
    writer: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { a: { type: 'string' } },
    },
    reader: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { a: { type: 'string' } },
      unevaluatedProperties: { type: 'string' },
    },
    changes: ['UNEVALUATED_PROPERTIES_NARROWED #/unevaluatedProperties'],
    compatible: false,
    compatibleLenient: true,
  },
  {
    description: 'Detect extended unevaluatedProperties',
    writer: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { a: { type: 'string' } },
      unevaluatedProperties: { type: 'string' },
    },
    reader: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { a: { type: 'string' } },
      unevaluatedProperties: true,
    },
    changes: ['UNEVALUATED_PROPERTIES_EXTENDED #/unevaluatedProperties'],
    compatible: true,
  },
  {
    description: 'Detect added unevaluatedItems',
    writer: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
      unevaluatedItems: false,
    },
    reader: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
    },
    changes: ['UNEVALUATED_ITEMS_ADDED #/unevaluatedItems'],
    compatible: true,
  },
  {
    description: 'Detect removed unevaluatedItems',
    writer: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
    },
    reader: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
      unevaluatedItems: false,
    },
    changes: ['UNEVALUATED_ITEMS_REMOVED #/unevaluatedItems'],
    compatible: false,
  },
  {
    description: 'Detect narrowed unevaluatedItems',
    writer: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
    },
    reader: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
      unevaluatedItems: { type: 'number' },
    },
    changes: ['UNEVALUATED_ITEMS_NARROWED #/unevaluatedItems'],
    compatible: false,
  },
  {
    description: 'Detect extended unevaluatedItems',
    writer: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
      unevaluatedItems: { type: 'number' },
    },
    reader: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'array',
      prefixItems: [{ type: 'string' }],
      unevaluatedItems: true,
    },
    changes: ['UNEVALUATED_ITEMS_EXTENDED #/unevaluatedItems'],
    compatible: true,
  },
];
