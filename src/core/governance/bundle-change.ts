import type { ValidationMode } from '../types.ts';

/**
 * What applying a bundle does to one of its subjects: registers a new
 * schema (`schema`), leaves the schema but takes the subject from canary to
 * strict through the window (`mode`), or nothing, because the subject
 * already holds the schema and is strict (`none`). A bundle made from a
 * whole directory must not put its unchanged strict subjects back into
 * canary, where they would accept incompatible schemas for the window.
 */
export type SubjectChange = 'schema' | 'mode' | 'none';

export function subjectChange(schemaIsNew: boolean, mode: ValidationMode): SubjectChange {
  if (schemaIsNew) return 'schema';
  return mode === 'strict' ? 'none' : 'mode';
}
