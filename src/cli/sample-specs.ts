import { existsSync, statSync } from 'node:fs';
import { CliError } from './cli-context.ts';

/**
 * `--samples <file>` (when the bundle has one schema) or `--samples
 * <subject>=<file>`, repeatable, as a map subject → file. Checked before any
 * request: a subject outside the bundle and a file that is not there are the
 * user's to fix, and say so in those words (not ENOENT on 'orders=x.ndjson').
 * A file whose own name holds '=' still works when it exists.
 */
export function sampleFiles(specs: readonly string[], subjects: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    let subject: string;
    let file: string;
    if (eq > 0 && (subjects.includes(spec.slice(0, eq)) || !existsSync(spec))) {
      subject = spec.slice(0, eq);
      file = spec.slice(eq + 1);
      if (!subjects.includes(subject)) {
        throw new CliError(`--samples ${spec}: '${subject}' is not a subject of the schema files given (${subjects.join(', ')}); name one of them, or add its schema file`);
      }
    } else {
      if (subjects.length !== 1) throw new CliError(`--samples ${spec}: several schemas are checked; name the subject: --samples <subject>=<file>`);
      subject = subjects[0];
      file = spec;
    }
    if (file === '') throw new CliError(`--samples ${spec}: give the NDJSON file after '='`);
    let isFile: boolean;
    try {
      isFile = statSync(file).isFile();
    } catch {
      throw new CliError(`--samples ${spec}: ${file}: no such file`);
    }
    if (!isFile) throw new CliError(`--samples ${spec}: ${file} is not a file`);
    if (out.has(subject)) throw new CliError(`--samples ${spec}: samples for '${subject}' are already given (${out.get(subject)}); give one file per subject`);
    out.set(subject, file);
  }
  return out;
}
