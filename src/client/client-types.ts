import type { SchemaReference, SchemaType, ValidationMode } from '../core/types.ts';
import type { SchemaValidationReport } from '../core/governance/governance-types.ts';
import type { SchemaVersionBody } from '../registry/responses.ts';

export interface RegisteredSchema {
  subject: string;
  id: number;
  version: number;
  schema: string;
  schemaType: SchemaType;
  references: SchemaReference[];
  /** `<subject>@<major>`: stays while versions stay compatible with their predecessor. */
  schemaCompatId?: string;
}

export interface SchemaById {
  id: number;
  schema: string;
  schemaType: SchemaType;
  references: SchemaReference[];
}

export interface RegisterOptions {
  /** JSON unless given (the QMTL client's default; Confluent's API defaults to AVRO). */
  schemaType?: SchemaType;
  /** Strict tightens this call; it never loosens a subject the registry holds strict. */
  validationMode?: ValidationMode;
  references?: SchemaReference[];
}

/** What the client needs from a registry, in memory or over HTTP. */
export interface RegistryBackend {
  readonly kind: 'memory' | 'remote';
  register(subject: string, schema: string, options: Required<Omit<RegisterOptions, 'validationMode'>> & { strict: boolean }): Promise<RegisteredSchema>;
  validate(subject: string, schema: string, options: Required<Omit<RegisterOptions, 'validationMode'>>): Promise<SchemaValidationReport>;
  /** compatId: false skips looking up the schema_compat_id (a second request, remotely) when only the schema is needed. */
  version(subject: string, version: number | 'latest', options?: { compatId?: boolean }): Promise<RegisteredSchema | undefined>;
  byId(id: number): Promise<SchemaById | undefined>;
  lastValidation(subject: string): Promise<SchemaValidationReport | undefined>;
  close(): Promise<void>;
}

/** Confluent's `Schema` entity as the client returns it: AVRO and no references when absent. */
export function fromVersionBody(body: SchemaVersionBody): RegisteredSchema {
  return {
    subject: body.subject,
    id: body.id,
    version: body.version,
    schema: body.schema,
    schemaType: body.schemaType ?? 'AVRO',
    references: body.references ?? [],
  };
}
