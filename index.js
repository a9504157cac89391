// The package root for plain Node: like the bin, it loads the TypeScript
// sources through tsx, here in a namespace of its own so the importing
// application's module loading is left alone. TypeScript users get the
// types from src/index.ts (package.json "types").
import { register } from 'tsx/esm/api';

const api = register({ namespace: 'schemagate' });
const root = await api.import('./src/index.ts', import.meta.url);

export const {
  SchemaRegistryClient,
  SchemaRegistryError,
  SchemaRegistryConnectionError,
  SchemaRegistryConfigError,
  SerializationError,
  RecordValidationError,
  SchemaValidationError,
  resolveClientConfig,
  bundleSha,
} = root;
