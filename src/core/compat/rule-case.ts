/**
 * A fixture case for the rules of one file, kept next to them
 * (`rules/<file>.cases.ts`): an old and a new schema, and every difference
 * the check must find between them. A case fires a rule when the rule's id
 * is among its changes; it is a near miss for the file's other rules.
 */
export interface RuleCase<Schema = unknown> {
  description: string;
  /** The old schema: what data was written with (Confluent's `original_schema`). */
  writer: Schema;
  /** The new schema, reading that data (Confluent's `update_schema`). */
  reader: Schema;
  /** Every difference found, each `RULE_ID path`, compared as a multiset. */
  changes: string[];
  /** The verdict under the STRICT policy. */
  compatible: boolean;
  /** The verdict under LENIENT, where it differs (JSON Schema only). */
  compatibleLenient?: boolean;
}

/** Protobuf schemas are .proto text. */
export type ProtobufCase = RuleCase<string>;
