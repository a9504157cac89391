/** The package root: `import { SchemaRegistryClient } from 'schemagate'`. */
export { SchemaRegistryClient, type ClientOptions, type ClientDescription } from './client/schema-registry-client.ts';
export {
  SchemaRegistryError,
  SchemaRegistryConnectionError,
  SchemaRegistryConfigError,
  SerializationError,
  RecordValidationError,
  SchemaValidationError,
  type ConnectionFailure,
  type RecordIssue,
} from './client/client-errors.ts';
export type { RegisteredSchema, RegisterOptions, SchemaById } from './client/client-types.ts';
export { resolveClientConfig, type ClientConfigOptions, type ResolvedClientConfig } from './client/client-config.ts';
export type { SchemaValidationReport, ReportedChange } from './core/governance/governance-types.ts';
export type { SchemaType, ValidationMode, SchemaReference } from './core/types.ts';
export { bundleSha } from './core/bundle/bundle-sha.ts';
