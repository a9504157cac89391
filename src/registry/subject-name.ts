import { errors } from '../core/errors.ts';

/** Names Confluent reserves for its own bookkeeping. */
const RESERVED = new Set(['__GLOBAL', '__EMPTY']);

/**
 * Refuses subject names no client could mean: control characters (as
 * Confluent does), its reserved names, and names longer than the configured
 * limit (Confluent has none; a 10 KB name is a bug in the caller, not a topic).
 */
export function validateSubjectName(subject: string, maxLength: number): void {
  const shown = subject.length > 80 ? `${subject.slice(0, 80)}…` : subject;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(subject)) throw errors.invalidSubject(JSON.stringify(shown).slice(1, -1), 'it contains control characters');
  if (RESERVED.has(subject)) throw errors.invalidSubject(subject, 'the name is reserved');
  if (subject.length > maxLength) {
    throw errors.invalidSubject(shown, `it is ${subject.length} characters long; the limit is ${maxLength} (registry.maxSubjectLength)`);
  }
}
