import { errors } from '../core/errors.ts';

/** Names Confluent reserves for its own bookkeeping. */
const RESERVED = new Set(['__GLOBAL', '__EMPTY']);

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A name with control characters is no subject's (registration refuses
 * them): every route, reads included, says so the same way — PostgreSQL
 * could not even look up a name holding NUL.
 */
export function assertNoControlCharacters(subject: string): void {
  if (!CONTROL.test(subject)) return;
  const shown = subject.length > 80 ? `${subject.slice(0, 80)}…` : subject;
  throw errors.invalidSubject(JSON.stringify(shown).slice(1, -1), 'it contains control characters');
}

/**
 * Refuses subject names no client could mean: control characters (as
 * Confluent does), its reserved names, and names longer than the configured
 * limit (Confluent has none; a 10 KB name is a bug in the caller, not a topic).
 */
export function validateSubjectName(subject: string, maxLength: number): void {
  const shown = subject.length > 80 ? `${subject.slice(0, 80)}…` : subject;
  assertNoControlCharacters(subject);
  if (RESERVED.has(subject)) throw errors.invalidSubject(subject, 'the name is reserved');
  if (subject.length > maxLength) {
    throw errors.invalidSubject(shown, `it is ${subject.length} characters long; the limit is ${maxLength} (registry.maxSubjectLength)`);
  }
}
