import { recordValidatorFor, type RecordIssue } from '../../core/records/record-validator.ts';
import type { ValidationMode } from '../../core/types.ts';
import type { SchemaValidationReport } from '../../core/governance/governance-types.ts';
import { CliError, exitFor, HOW_TO_NAME_A_REGISTRY, optionalRegistry, report, validationModeChoice, type FailOn, type RegistryOptions } from '../cli-context.ts';
import { parseLocalBundle } from '../local-bundle.ts';
import { parseNdjsonLine, scanLines } from '../ndjson.ts';
import { Progress } from '../progress.ts';
import { sampleFiles } from '../sample-specs.ts';
import { displayPath, readSchemaFiles } from '../schema-files.ts';

export interface CheckOptions extends RegistryOptions {
  samples?: string[];
  mode?: string;
  mapping?: string;
  /** Validate files and samples only, without a registry (compatibility is not checked). */
  offline?: boolean;
  failOn?: FailOn;
}

/** Invalid records shown per subject; the rest are counted. */
const SHOWN_INVALID = 20;

interface SampleResult {
  file: string;
  total: number;
  invalid: number;
  firstInvalid: Array<{ line: number; issues: RecordIssue[] }>;
}

interface SubjectResult {
  subject: string;
  file: string;
  valid: boolean;
  error?: string;
  report?: SchemaValidationReport;
  /** The mode this subject is judged in: the registry's for it, tightened by --mode / the environment. */
  mode?: ValidationMode;
  samples?: SampleResult;
}

/**
 * `schemagate check`: the dry-run from a terminal or CI. Each schema file
 * is checked against the registry (its subject's level and live versions)
 * and its sample records are streamed from NDJSON and validated locally, in
 * constant memory. Exit 0 when all is well; 1 when only canary-tolerated
 * incompatibilities were found (2 with --fail-on warnings); 2 for an invalid
 * schema, an invalid record, or an incompatibility under strict. Without a
 * registry it fails rather than pass unchecked, unless --offline says that
 * only the files and samples are to be validated.
 */
export async function checkCommand(paths: string[], options: CheckOptions): Promise<number> {
  const { mode, source: modeSource } = validationModeChoice(options.mode);
  const files = readSchemaFiles(paths, options.mapping);
  const samples = sampleFiles(options.samples ?? [], files.map((f) => f.subject));
  const http = options.offline ? undefined : optionalRegistry(options);
  if (!http && !options.offline) {
    throw new CliError(`no registry to check compatibility against: ${HOW_TO_NAME_A_REGISTRY}; or pass --offline to validate the files and samples only`);
  }
  const bundle = await parseLocalBundle(files, http);
  const results: SubjectResult[] = bundle.entries.map(({ entry, parsed, error }, i) => ({
    subject: entry.subject,
    file: displayPath(files[i].path),
    valid: parsed !== undefined,
    ...(error && { error }),
  }));

  if (http && bundle.sha) {
    const dry = await http.json('POST', '/governance/dry-run', { schemas: files.map(({ subject, schemaType, schema, references }) => ({ subject, schemaType, schema, references })) });
    for (const s of dry.subjects as Array<{ subject: string; report?: SchemaValidationReport }>) {
      const result = results.find((r) => r.subject === s.subject);
      if (result && s.report) result.report = s.report;
    }
  }
  // Each subject is judged in its own mode, tightened by the chosen one: a
  // `canary` from the environment never loosens a subject the registry holds strict.
  for (const r of results) r.mode = mode === 'strict' || r.report?.mode === 'strict' ? 'strict' : (r.report?.mode ?? mode ?? 'canary');
  const effectiveMode: ValidationMode = mode ?? (results.some((r) => r.mode === 'strict') ? 'strict' : 'canary');
  // Say which setting chose the registry and the mode: a CI job with a stray variable should show it.
  const sources = {
    registry: http ? `${http.baseUrl} (from ${http.source ?? 'the registry URL'})` : null,
    mode: mode ? `${mode} (from ${modeSource}; a subject the registry holds strict stays strict)` : "each subject's own, from the registry",
  };

  const progress = new Progress(!options.json && process.stderr.isTTY === true);
  for (const [subject, file] of samples) {
    const entry = bundle.entries.find((e) => e.entry.subject === subject)!;
    const result = results.find((r) => r.subject === subject)!;
    if (!entry.parsed) continue;
    result.samples = await validateSamples(file, recordValidatorFor(entry.parsed), (n, bad) => progress.update(`${subject}: ${n.toLocaleString('en')} records, ${bad} invalid`));
    progress.done();
  }

  let failures = 0;
  let warnings = 0;
  for (const r of results) {
    if (!r.valid) failures++;
    if (r.report && !r.report.compatible) {
      if (r.mode === 'strict') failures++;
      else warnings++;
    }
    if (r.samples && r.samples.invalid > 0) failures++;
  }
  const exitCode = exitFor(failures, warnings, options.failOn);
  report(
    options,
    () => [`registry ${sources.registry ?? 'none (offline)'}; validation mode ${sources.mode}`, ...human(results, bundle.sha, http === undefined, exitCode)],
    () => ({ bundleSha: bundle.sha, mode: effectiveMode, registry: http?.baseUrl ?? null, offline: http === undefined, exitCode, sources, subjects: results }),
  );
  return exitCode;
}

async function validateSamples(file: string, validate: (record: unknown) => RecordIssue[], tick: (n: number, invalid: number) => void): Promise<SampleResult> {
  const result: SampleResult = { file: displayPath(file), total: 0, invalid: 0, firstInvalid: [] };
  try {
    await scanLines(file, (text, line) => {
      const item = parseNdjsonLine(text, line);
      if (!item) return;
      result.total++;
      const issues = 'error' in item ? [{ path: '/', message: item.error }] : validate(item.value);
      if (issues.length > 0) {
        result.invalid++;
        if (result.firstInvalid.length < SHOWN_INVALID) result.firstInvalid.push({ line, issues });
      }
      if ((result.total & 0xffff) === 0) tick(result.total, result.invalid);
    });
  } catch (err) {
    throw new CliError(`--samples ${file}: ${(err as Error).message}`);
  }
  return result;
}

function human(results: SubjectResult[], sha: string | null, offline: boolean, exitCode: number): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (!r.valid) {
      lines.push(`✗ ${r.subject} (${r.file}): ${r.error}`);
      continue;
    }
    const rep = r.report;
    if (!rep) lines.push(`✓ ${r.subject} (${r.file}): valid${offline ? ' (offline: compatibility not checked)' : ''}`);
    else if (rep.compatible) {
      const against = rep.versionsChecked.length > 0 ? `compatible with version ${rep.versionsChecked.join(', ')}` : 'new subject';
      lines.push(`✓ ${r.subject} (${r.file}): ${against} (${rep.compatibilityLevel})${rep.addedFields.length > 0 ? `, adds ${rep.addedFields.join(', ')}` : ''}`);
    } else {
      const strict = r.mode === 'strict';
      lines.push(`${strict ? '✗' : '!'} ${r.subject} (${r.file}): INCOMPATIBLE under ${rep.compatibilityLevel} (${strict ? 'refused in strict' : 'allowed in canary, recorded as a failure'})`);
      for (const c of rep.breakingChanges) lines.push(`    ${c.ruleId} at ${c.path} (vs version ${c.version}): ${c.message}`);
    }
    if (r.samples) {
      const s = r.samples;
      lines.push(`  samples ${s.file}: ${s.total - s.invalid} of ${s.total} valid`);
      for (const bad of s.firstInvalid) lines.push(`    line ${bad.line}: ${bad.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
      if (s.invalid > s.firstInvalid.length) lines.push(`    … and ${s.invalid - s.firstInvalid.length} more`);
    }
  }
  lines.push(`bundle SHA ${sha ?? '(none: a schema is invalid)'}`);
  lines.push(`${exitCode === 0 ? 'check passed' : exitCode === 1 ? 'check passed with warnings' : 'check failed'}${offline ? ' (offline: files and samples validated, compatibility with the registry not checked)' : ''}`);
  return lines;
}
