import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubSpotGateway } from '../../src/hubspot/gateway.ts';
import { APP_PROPERTY_GROUP, appProperties } from '../../src/hubspot/schema/index.ts';
import { ensurePolicyProperties, syncPropertySchema } from '../../src/hubspot/setup.ts';
import { SANDBOX_ACCESS_TOKEN } from '../../src/sandbox/constants.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { bootTestSandbox } from '../function/support.ts';

let sandbox: Sandbox;
let gateway: HubSpotGateway;

beforeAll(async () => {
  sandbox = await bootTestSandbox();
  gateway = new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url });
});
afterAll(async () => {
  await sandbox.close();
  sandbox.store.close();
});

describe('setup: the properties policy names', () => {
  it("created the deal-source property the ring-fence policy reads, and leaves a portal's own alone", async () => {
    expect(sandbox.store.getProperty('deals', 'deal_source')).toMatchObject({ type: 'enumeration', groupName: APP_PROPERTY_GROUP.name });
    expect(sandbox.store.getProperty('deals', 'deal_source')?.options.map((option) => option.value)).toContain('marketing');
    expect(await ensurePolicyProperties(gateway, { dealSourceProperty: 'deal_source', marketingDealSourceValues: ['marketing'] })).toEqual([
      { name: 'deal_source', action: 'exists' },
    ]);
    expect(await ensurePolicyProperties(gateway, { dealSourceProperty: 'lead_origin', marketingDealSourceValues: ['web'] }, { dryRun: true })).toEqual([
      { name: 'lead_origin', action: 'created' },
    ]);
    expect(sandbox.store.getProperty('deals', 'lead_origin')).toBeUndefined();
  });
});

describe('setup: the property schema as code', () => {
  it('has created every property in the app group on boot, and a second run changes nothing', async () => {
    for (const def of appProperties) {
      const property = sandbox.store.getProperty(def.objectType, def.name);
      expect(property, def.name).toMatchObject({
        type: def.type,
        fieldType: def.fieldType,
        groupName: APP_PROPERTY_GROUP.name,
        label: def.label,
        hidden: def.hidden === true,
      });
    }
    // The card snapshots are a cache: HubSpot keeps them out of record views and property pickers.
    expect(appProperties.filter((def) => def.hidden).map((def) => `${def.objectType}.${def.name}`)).toEqual([
      'deals.cosell_card_snapshot',
      'companies.cosell_card_snapshot',
      'deals.cosell_card_snapshot_stale_at',
      'companies.cosell_card_snapshot_stale_at',
    ]);
    const report = await syncPropertySchema(gateway, appProperties);
    expect(report.properties.every((property) => property.action === 'unchanged')).toBe(true);
    expect(report.groups.every((group) => group.action === 'unchanged')).toBe(true);
    expect(report.conflicts).toEqual([]);
  });

  it('repairs a property someone edited in the portal, and reports what it would do in a dry run', async () => {
    const def = appProperties.find((candidate) => candidate.type === 'enumeration')!;
    sandbox.store.updateProperty(def.objectType, def.name, { label: 'Renamed by hand', options: [{ label: 'Only', value: 'only' }] });
    const dryRun = await syncPropertySchema(gateway, appProperties, { dryRun: true });
    expect(dryRun.properties.find((property) => property.name === def.name)).toMatchObject({ action: 'updated', changed: ['label', 'options'] });
    expect(sandbox.store.getProperty(def.objectType, def.name)?.label).toBe('Renamed by hand');

    await syncPropertySchema(gateway, appProperties);
    const repaired = sandbox.store.getProperty(def.objectType, def.name)!;
    expect(repaired.label).toBe(def.label);
    expect(repaired.options.map((option) => option.value)).toEqual(def.options!.map((option) => option.value));
  });

  it('leaves a property that exists with another type to a person, and says so', async () => {
    const def = appProperties.find((candidate) => candidate.type === 'number')!;
    const changed = { ...def, type: 'string' as const, fieldType: 'text' as const };
    const report = await syncPropertySchema(gateway, [changed]);
    expect(report.conflicts).toEqual([
      { objectType: def.objectType, name: def.name, message: `exists as type number, the app needs string; change or delete it in HubSpot first` },
    ]);
    expect(sandbox.store.getProperty(def.objectType, def.name)?.type).toBe('number');
  });

  it('runs as the setup command against the sandbox by default', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'src/cli/main.ts', 'setup', '--json'], {
      env: { ...process.env, SANDBOX_URL: sandbox.url, HUBSPOT_ACCESS_TOKEN: '' },
    });
    const report = JSON.parse(stdout) as { properties: { action: string }[] };
    expect(report.properties).toHaveLength(appProperties.length);
    expect(report.properties.every((property) => property.action === 'unchanged')).toBe(true);
  });
});
