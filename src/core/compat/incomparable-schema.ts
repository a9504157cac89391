/**
 * A schema the compatibility checker cannot read although its format's
 * validator accepted it: a `$ref` to nothing, a cycle of references with no
 * schema in it, a type the checker does not know. Registration refuses such
 * a schema (42201), so none is stored that would make every later check on
 * its subject fail.
 */
export class IncomparableSchemaError extends Error {
  override readonly name = 'IncomparableSchemaError';
}
