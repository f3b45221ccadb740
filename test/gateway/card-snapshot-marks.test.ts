import { describe, expect, it } from 'vitest';
import { HubSpotGateway } from '../../src/hubspot/gateway.ts';
import { CARD_SNAPSHOT_STALE_PROPERTY, markCardSnapshotsStale } from '../../src/hubspot/records/card-snapshot.ts';
import { SANDBOX_ACCESS_TOKEN } from '../../src/sandbox/constants.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { withTestSandbox } from '../function/support.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

describe('marking card snapshots stale through the real api-client', () => {
  it('marks each record in one batch, at the time given for it', async () => {
    const requests: string[] = [];
    const gateway = new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url, onRequest: (operation) => requests.push(operation) });
    const [first, second] = sandbox.store.listObjects('deals').map((deal) => deal.id);
    await markCardSnapshotsStale(
      gateway,
      'deals',
      new Map([
        [first!, 1_900_000_000_000],
        [second!, 1_900_000_000_500],
      ]),
    );
    expect(requests).toEqual(['batch update 2 deals']);
    expect(sandbox.store.getObject('deals', first!)!.properties[CARD_SNAPSHOT_STALE_PROPERTY]).toBe('1900000000000');
    expect(sandbox.store.getObject('deals', second!)!.properties[CARD_SNAPSHOT_STALE_PROPERTY]).toBe('1900000000500');
  });

  it('still marks the others when HubSpot no longer has one of the records', async () => {
    const requests: string[] = [];
    const gateway = new HubSpotGateway({
      accessToken: SANDBOX_ACCESS_TOKEN,
      basePath: sandbox.url,
      onRequest: (operation) => requests.push(operation),
      retry: { sleep: async () => {} },
    });
    const [company] = sandbox.store.listObjects('companies').map((record) => record.id);
    await markCardSnapshotsStale(
      gateway,
      'companies',
      new Map([
        ['88000000001', 1_900_000_001_000],
        [company!, 1_900_000_001_000],
      ]),
    );
    expect(sandbox.store.getObject('companies', company!)!.properties[CARD_SNAPSHOT_STALE_PROPERTY]).toBe('1900000001000');
    // The stand-in ignores the unknown id in the batch; HubSpot's answer is not documented, and a refusal is covered below.
    expect(requests[0]).toBe('batch update 2 companies');
  });
});
