import type { SchemaReference, SchemaType } from '../core/types.ts';
import type { StoredSchema, SubjectVersion } from '../store/store.ts';

/** Confluent's `Schema` entity: AVRO is the default type and is left out, as are empty references. */
export interface SchemaVersionBody {
  subject: string;
  version: number;
  id: number;
  schemaType?: SchemaType;
  references?: SchemaReference[];
  schema: string;
  deleted?: boolean;
}

export interface SchemaByIdBody {
  schema: string;
  schemaType?: SchemaType;
  references?: SchemaReference[];
  maxId?: number;
}

export function schemaVersionBody(version: SubjectVersion, schema: StoredSchema): SchemaVersionBody {
  return {
    subject: version.subject,
    version: version.version,
    id: schema.id,
    ...(schema.schemaType !== 'AVRO' && { schemaType: schema.schemaType }),
    ...(schema.references.length > 0 && { references: schema.references }),
    schema: schema.schema,
    ...(version.deleted && { deleted: true }),
  };
}

export function schemaByIdBody(schema: StoredSchema): SchemaByIdBody {
  return {
    schema: schema.schema,
    ...(schema.schemaType !== 'AVRO' && { schemaType: schema.schemaType }),
    ...(schema.references.length > 0 && { references: schema.references }),
  };
}
