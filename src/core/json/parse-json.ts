/** JSON.parse with an error message that says where the text went wrong. */
export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    // V8 reports "... in JSON at position N (line L column C)"; keep it, it is the "where".
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
