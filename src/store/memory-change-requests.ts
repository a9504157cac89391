import type { ChangeRequest, ChangeRequestState, NewChangeRequest } from '../core/governance/change-request-types.ts';
import type { MemoryAuditLog } from './memory-audit-log.ts';
import type { MemoryGovernance } from './memory-governance.ts';
import type { MemoryNotifications } from './memory-notifications.ts';
import type { NotificationDraft } from '../core/governance/notification-events.ts';
import type { MemorySchemas } from './memory-schemas.ts';
import type { ChangeRequestStore } from './store-roles.ts';
import { StoreConflictError, type ApplyChangeRequestInput, type PromoteChangeRequestInput } from './store.ts';

/** Change requests in process memory; apply and promotion check everything before they write anything. */
export class MemoryChangeRequests implements ChangeRequestStore {
  private readonly changeRequests = new Map<number, ChangeRequest>();
  private readonly samples = new Map<number, string>();

  constructor(private readonly parts: { schemas: MemorySchemas; governance: MemoryGovernance; audit: MemoryAuditLog; notifications: MemoryNotifications }) {}

  async createChangeRequest(changeRequest: NewChangeRequest, samplesText?: string, events?: (saved: ChangeRequest) => NotificationDraft[]) {
    const id = this.changeRequests.size + 1;
    const created = { ...structuredClone(changeRequest), id };
    // Derived before anything is written: a throwing callback leaves no CR without its events.
    const drafts = events?.(structuredClone(created)) ?? [];
    this.changeRequests.set(id, created);
    if (samplesText !== undefined) this.samples.set(id, samplesText);
    this.parts.notifications.append(drafts);
    return structuredClone(created);
  }

  async getChangeRequestSamples(id: number) {
    return this.samples.get(id);
  }

  async getChangeRequest(id: number) {
    const found = this.changeRequests.get(id);
    return found && structuredClone(found);
  }

  async listChangeRequests(filter: { state?: ChangeRequestState; offset?: number; limit?: number } = {}) {
    const all = [...this.changeRequests.values()].filter((cr) => !filter.state || cr.state === filter.state).reverse();
    const offset = filter.offset ?? 0;
    return structuredClone(filter.limit === undefined ? all.slice(offset) : all.slice(offset, offset + filter.limit));
  }

  async updateChangeRequest(changeRequest: ChangeRequest, expectedRevision: number, samplesText?: string | null, events: NotificationDraft[] = []) {
    this.checkRevision(changeRequest.id, expectedRevision);
    this.changeRequests.set(changeRequest.id, structuredClone(changeRequest));
    if (samplesText === null) this.samples.delete(changeRequest.id);
    else if (samplesText !== undefined) this.samples.set(changeRequest.id, samplesText);
    this.parts.notifications.append(events);
  }

  async applyChangeRequest(input: ApplyChangeRequestInput) {
    this.checkRevision(input.id, input.expectedRevision);
    const { schemas, governance } = this.parts;
    // Bundle subjects are distinct, so each registration's expectations can be checked before any is written.
    for (const registration of input.registrations) schemas.checkRegistration(registration);
    const results = input.registrations.map((registration) => schemas.writeRegistration(registration));
    governance.writeSubjectGovernance(input.subjects);
    const saved = input.changeRequest(results);
    // The events are made before the CR is written: a step whose events cannot be made is not recorded without them.
    const events = input.events?.(structuredClone(saved)) ?? [];
    this.changeRequests.set(saved.id, structuredClone(saved));
    this.parts.notifications.append(events);
    return structuredClone(saved);
  }

  async promoteChangeRequest(input: PromoteChangeRequestInput) {
    this.checkRevision(input.id, input.expectedRevision);
    if (this.parts.audit.promoted(input.id)) throw new StoreConflictError('change request already promoted');
    const entry = this.parts.audit.append(input.audit);
    this.parts.governance.writeSubjectGovernance(input.subjects);
    const saved = input.changeRequest(entry);
    const events = input.events?.(structuredClone(saved)) ?? [];
    this.changeRequests.set(saved.id, structuredClone(saved));
    this.parts.notifications.append(events);
    return entry;
  }

  private checkRevision(id: number, expected: number): void {
    const current = this.changeRequests.get(id);
    if (!current || current.revision !== expected) throw new StoreConflictError(`change request ${id} changed`);
  }
}
