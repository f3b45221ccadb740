import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openBackendStore } from '../../src/backend/store/index.ts';
import { bootSandbox } from '../../src/sandbox/boot.ts';
import { createCrmStore } from '../../src/sandbox/crm/index.ts';
import { seedDemoPortal } from '../../src/sandbox/seed/index.ts';
import { startSandbox } from '../../src/sandbox/server.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cosell-first-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a first start that cannot half-finish', () => {
  it('an interrupted first start (people seeded, the app demo not) is seeded again from the start on the next', async () => {
    const file = path.join(dir, 'portal.sqlite');
    const interrupted = createCrmStore(file);
    seedDemoPortal(interrupted, { today: new Date() });
    interrupted.close();
    const sandbox = await bootSandbox({ dbFile: file });
    try {
      expect(sandbox.store.getMeta('demo-portal-complete')).toBeTruthy();
      // The app's demo is there: ring-fences and exceptions the half-seeded portal lacked.
      expect(sandbox.store.listObjects('companies').some((company) => company.properties.cosell_ringfence_state)).toBe(true);
      expect(sandbox.store.listObjects('deals').some((deal) => deal.properties.cosell_exception_state)).toBe(true);
    } finally {
      await sandbox.close();
      sandbox.store.close();
      await sandbox.backendStore.close();
    }
  });

  it('the preview says it is preparing until the demo portal is ready', async () => {
    const store = createCrmStore(':memory:');
    const sandbox = await startSandbox({ store, backendStore: await openBackendStore({ sqliteFile: ':memory:' }), ready: false });
    try {
      const preparing = await fetch(`${sandbox.url}/`);
      expect(preparing.status).toBe(503);
      expect(await preparing.text()).toContain('Preparing the demo portal');
      sandbox.markReady();
      expect((await fetch(`${sandbox.url}/`)).status).toBe(200);
    } finally {
      await sandbox.close();
      store.close();
    }
  });
});
