import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export type NdjsonLine = { line: number; value: unknown } | { line: number; error: string };

/**
 * Calls `onLine` for every line of a file, read in 1 MiB chunks; each
 * chunk's lines are handled before the next chunk is read, so memory stays
 * flat however large the file (readline's iterator would queue lines ahead
 * of a slower consumer), and nothing is allocated per line but its text.
 */
export async function scanLines(path: string, onLine: (text: string, line: number) => void): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const text = pending + decoder.write(chunk as Buffer);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      onLine(text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end), ++line);
      start = end + 1;
    }
    pending = text.slice(start);
  }
  const rest = pending + decoder.end();
  if (rest !== '') onLine(rest, ++line);
}

/** One NDJSON line: skipped when blank, its value, or why it is not JSON. */
export function parseNdjsonLine(text: string, line: number): NdjsonLine | undefined {
  if (text.trim() === '') return undefined;
  try {
    return { line, value: JSON.parse(text) };
  } catch (err) {
    return { line, error: `not JSON: ${(err as Error).message}` };
  }
}

/** Every record of a small file (a change request's samples, which travel in one request anyway). */
export async function readNdjsonFile(path: string): Promise<NdjsonLine[]> {
  const out: NdjsonLine[] = [];
  await scanLines(path, (text, line) => {
    const parsed = parseNdjsonLine(text, line);
    if (parsed) out.push(parsed);
  });
  return out;
}
