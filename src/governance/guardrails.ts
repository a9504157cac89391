import { errors } from '../core/errors.ts';
import type { Store } from '../store/store.ts';

/**
 * Refuses to touch a subject an administrator made strict outside a
 * promotion: until an audit entry records it, no registration and no change
 * request may change it (the runbook: "missing entries will block
 * subsequent schema changes").
 */
export async function assertAudited(store: Store, subjects: Iterable<string>): Promise<void> {
  for (const subject of subjects) {
    const governance = await store.getSubjectGovernance(subject);
    if (governance && governance.validationMode === 'strict' && !governance.audited) throw errors.subjectUnaudited(subject);
  }
}
