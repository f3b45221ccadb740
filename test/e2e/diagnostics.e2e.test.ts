import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

describe("the RevOps admin's backend check", () => {
  it('shows what HubSpot sent, the identity mode, the store and the dead letters', async () => {
    const admin = await e2e.pageAs('olivia.grant@stratusdata.example');
    await admin.goto(`${e2e.sandbox.url}/preview/pages/settings`);
    await admin.getByTestId('diagnostics-store').waitFor();
    expect(await admin.getByTestId('diagnostics-hubspot-user').innerText()).toMatch(/^yes \(userId 7100012\)/);
    expect(await admin.getByTestId('diagnostics-mode').innerText()).toBe('hubspot');
    expect(await admin.getByTestId('diagnostics-store').innerText()).toBe('SQLite in memory');
    expect(await admin.getByTestId('diagnostics-dead-letters').innerText()).toBe('No dead letters.');
    expect(await admin.getByTestId('diagnostics-recommendation').count()).toBe(0);
  });
});
