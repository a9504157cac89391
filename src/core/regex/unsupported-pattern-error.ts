/** A pattern that is not valid ECMA-262, or that needs a backtracking engine. */
export class UnsupportedPatternError extends Error {
  override readonly name = 'UnsupportedPatternError';
}
