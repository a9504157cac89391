/** The package root: `import { SchemaRegistryClient } from 'schemagate'`. */
export { SchemaRegistryClient, type ClientOptions } from './client/schema-registry-client.ts';
export { SchemaRegistryError, SchemaValidationError } from './client/client-errors.ts';
export type { RegisteredSchema, RegisterOptions, SchemaById } from './client/client-types.ts';
export { resolveClientConfig } from './client/client-config.ts';
export type { SchemaValidationReport, ReportedChange } from './governance/governance-types.ts';
export type { SchemaType, ValidationMode, SchemaReference } from './core/types.ts';
export { bundleSha } from './core/bundle/bundle-sha.ts';
