import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Store } from './store.ts';

/** Configs and modes, per subject and global (SettingsStore). */
export function settingsStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract, configs and modes: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps global and per-subject config and mode apart', async () => {
      assert.equal(await store.getConfig(null), undefined);
      await store.setConfig(null, { compatibilityLevel: 'FULL' });
      await store.setConfig('s', { compatibilityLevel: 'NONE', compatibilityPolicy: 'LENIENT' });
      assert.deepEqual(await store.getConfig(null), { compatibilityLevel: 'FULL' });
      assert.deepEqual(await store.getConfig('s'), { compatibilityLevel: 'NONE', compatibilityPolicy: 'LENIENT' });
      await store.deleteConfig('s');
      assert.equal(await store.getConfig('s'), undefined);
      await store.setMode(null, 'READONLY');
      await store.setMode('s', 'IMPORT');
      assert.equal(await store.getMode(null), 'READONLY');
      assert.equal(await store.getMode('s'), 'IMPORT');
      await store.deleteMode(null);
      assert.equal(await store.getMode(null), undefined);
      assert.equal(await store.getMode('s'), 'IMPORT');
    });
  });
}
