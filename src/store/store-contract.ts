import { auditLogContract } from './store-contract-audit-log.ts';
import { changeRequestContract } from './store-contract-change-requests.ts';
import { governanceRecordContract } from './store-contract-governance.ts';
import { notificationContract } from './store-contract-notifications.ts';
import { schemaStoreContract } from './store-contract-schemas.ts';
import { settingsStoreContract } from './store-contract-settings.ts';
import { snapshotContract } from './store-contract-snapshot.ts';
import type { Store } from './store.ts';

export { sampleReport } from './store-contract-fixtures.ts';

/**
 * The behaviour every Store must have: one suite per role
 * (docs/decisions/014-stores-by-role.md) and one for loadSubject. Each
 * implementation's test file runs them against a fresh instance per test;
 * a new backend is done when it passes.
 */
export function storeContract(name: string, open: () => Promise<Store>): void {
  schemaStoreContract(name, open);
  settingsStoreContract(name, open);
  governanceRecordContract(name, open);
  changeRequestContract(name, open);
  auditLogContract(name, open);
  notificationContract(name, open);
  snapshotContract(name, open);
}
