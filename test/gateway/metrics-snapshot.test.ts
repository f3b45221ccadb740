import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsSnapshotCache } from '../../src/backend/metrics/snapshot-cache.ts';
import { computeAllianceMetrics, type AllianceMetrics } from '../../src/domain/metrics/index.ts';
import { compileRoutingPolicy } from '../../src/domain/routing/policy.ts';
import { HubSpotGateway } from '../../src/hubspot/gateway.ts';
import { MetricsCollector, type PortalMetricsSnapshot } from '../../src/hubspot/metrics/snapshot.ts';
import { passChanges, passPortal } from '../../src/hubspot/portal/portal-pass.ts';
import { appPolicy } from '../../src/policy/app-policy.ts';
import { coSellPolicyOf } from '../../src/policy/cosell-config.ts';
import { marketplacePolicy } from '../../src/policy/marketplace-policy.ts';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_SEAL_KEY } from '../../src/sandbox/constants.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { bootTestSandbox } from '../function/support.ts';

/** Large enough that a whole-portal pass is tens of calls, so a change pass's handful stands out. */
const DEALS = 2_000;
const routingPolicy = compileRoutingPolicy(marketplacePolicy, appPolicy.routing);

let sandbox: Sandbox;
let requests: string[] = [];

function gateway(retry: { maxAttempts: number; budgetMs: number } = { maxAttempts: 4, budgetMs: 30_000 }): HubSpotGateway {
  return new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url, retry, onRequest: (operation) => requests.push(operation) });
}

/** A person editing HubSpot: not counted with the app's calls. */
const person = () => new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url });

beforeAll(async () => {
  sandbox = await bootTestSandbox({ deals: DEALS });
  // `cosell audit` has run: the recommendations are current, so the snapshot's passes write none.
  await passPortal({ gateway: gateway(), policy: appPolicy, routingPolicy, now: new Date() });
}, 120_000);
afterAll(async () => {
  await sandbox.close();
  sandbox.store.close();
});

function metricsOf(snapshot: PortalMetricsSnapshot, month: string): AllianceMetrics {
  return computeAllianceMetrics(snapshot, {
    month,
    now: new Date(),
    timeZone: appPolicy.ringfence.timeZone,
    homeCurrency: appPolicy.routing.homeCurrency,
    usdPerHomeCurrency: String(appPolicy.routing.usdPerHomeCurrency ?? 1),
    cosell: coSellPolicyOf(appPolicy),
    ringfenceWarningDays: appPolicy.ringfence.warningDays,
    filters: {},
    teamNames: snapshot.teamNames,
  });
}

const figures = (metrics: AllianceMetrics) => metrics.sections.flatMap((section) => section.figures);

/** A won deal counted in a money figure of its close month, and that figure. */
function wonDealInAFigure(snapshot: PortalMetricsSnapshot): { dealId: string; month: string; figureId: string; value: string | null } {
  for (const deal of snapshot.deals) {
    if (deal.outcome !== 'won' || !deal.closeDate || (deal.currency ?? 'USD') !== 'USD') continue;
    const month = deal.closeDate.slice(0, 7);
    const figure = figures(metricsOf(snapshot, month)).find((candidate) => candidate.unit === 'usd' && candidate.dealIds.includes(deal.id));
    if (figure) return { dealId: deal.id, month, figureId: figure.id, value: figure.value };
  }
  throw new Error('no won deal in a money figure');
}

/** The cache asked as if `ms` had gone by since its snapshot, and its pass awaited. */
async function askLater(cache: MetricsSnapshotCache, ms: number): Promise<PortalMetricsSnapshot> {
  cache.state(new Date(Date.now() + ms));
  await cache.ready();
  const state = cache.state(new Date());
  if (state.status !== 'ready') throw new Error(`the snapshot is ${state.status}`);
  return state.snapshot;
}

describe('the metrics snapshot, kept current by the portal pass', () => {
  it('shows a deal’s change on the page after a change pass of a few calls, not a whole-portal read', async () => {
    const cache = new MetricsSnapshotCache(gateway(), appPolicy, routingPolicy, SANDBOX_SEAL_KEY, () => new Date(), 0);
    requests = [];
    await cache.ready();
    const fullPassCalls = requests.length;
    const first = cache.state(new Date());
    if (first.status !== 'ready') throw new Error('not ready');
    expect(first.snapshot.deals.length + first.snapshot.unreadableDealIds.length).toBe(sandbox.store.listObjects('deals').length);
    expect(requests.filter((operation) => operation.startsWith('update deals') || operation.startsWith('batch update'))).toEqual([]);

    const { dealId, month, figureId, value } = wonDealInAFigure(first.snapshot);
    const amount = Number(first.snapshot.deals.find((deal) => deal.id === dealId)!.amount);
    await person().updateRecord('deals', dealId, { amount: String(amount + 1_000_000) });

    // Asked again within the minute: the snapshot is served as it was, nothing is read.
    requests = [];
    expect(figures(metricsOf(await askLater(cache, 0), month)).find((figure) => figure.id === figureId)!.value).toBe(value);
    expect(requests).toEqual([]);

    const changed = await askLater(cache, 61_000);
    expect(changed.deals.find((deal) => deal.id === dealId)!.amount).toBe(String(amount + 1_000_000));
    expect(Number(figures(metricsOf(changed, month)).find((figure) => figure.id === figureId)!.value)).toBe(Number(value) + 1_000_000);
    expect(requests.filter((operation) => operation === 'list deals' || operation === 'list companies')).toEqual([]);
    expect(requests.length).toBeLessThanOrEqual(10);
    expect(requests.length * 5).toBeLessThan(fullPassCalls);
  }, 120_000);

  it('finds more changes than one search may return by starting the next query where the last ended', async () => {
    const collector = new MetricsCollector();
    await passPortal({ gateway: gateway(), policy: appPolicy, routingPolicy, now: new Date(), metrics: collector, sealKey: SANDBOX_SEAL_KEY, dryRun: true });
    const since = new Date();
    const companyId = sandbox.store.listObjects('companies')[0]!.id;
    const created: string[] = [];
    for (let index = 0; index < 12; index += 1) {
      const deal = await person().createRecord(
        'deals',
        { dealname: `Late deal ${index}`, amount: '120000', dealstage: 'qualifiedtobuy', pipeline: 'default', closedate: '2027-01-15' },
        [{ type: 'companies', id: companyId }],
      );
      created.push(deal.id);
    }
    requests = [];
    const result = await passChanges({
      gateway: gateway(),
      policy: appPolicy,
      routingPolicy,
      now: new Date(),
      metrics: collector,
      sealKey: SANDBOX_SEAL_KEY,
      since,
      searchCeiling: 5,
    });
    expect(result).toMatchObject({ status: 'applied' });
    expect(requests.filter((operation) => operation === 'search deals').length).toBeGreaterThanOrEqual(3);
    const ids = new Set(collector.snapshot().deals.map((deal) => deal.id));
    for (const id of created) expect(ids.has(id)).toBe(true);
    expect(collector.snapshot().deals.find((deal) => deal.id === created[0])!.companyId).toBe(companyId);
  }, 120_000);

  it('believes the app’s record on a deal only where its seal verifies: a hand edit counts as unverified', async () => {
    const collector = new MetricsCollector();
    await passPortal({ gateway: gateway(), policy: appPolicy, routingPolicy, now: new Date(), metrics: collector, sealKey: SANDBOX_SEAL_KEY, dryRun: true });
    const routed = collector.snapshot().deals.filter((deal) => deal.name.startsWith('Scale deal') && deal.outcome === 'won' && deal.routeChosen.length > 0);
    expect(routed.length).toBeGreaterThan(10);
    expect(routed.filter((deal) => !deal.stateVerified)).toEqual([]);
    const target = routed.find((deal) => deal.routeChosen.at(-1)!.value === 'direct')!;
    const since = new Date();
    // An import or a hand edit sets the route to the marketplace; the app's seal does not cover it.
    sandbox.store.updateObject('deals', target.id, { cosell_route_chosen: 'marketplace:aws' });
    await passChanges({ gateway: gateway(), policy: appPolicy, routingPolicy, now: new Date(), metrics: collector, sealKey: SANDBOX_SEAL_KEY, since });
    const edited = collector.snapshot().deals.find((deal) => deal.id === target.id)!;
    expect(edited.stateVerified).toBe(false);
    const month = figures(metricsOf(collector.snapshot(), target.closeDate!.slice(0, 7)));
    expect(month.find((figure) => figure.id === 'bypass.unverified')!.dealIds).toContain(target.id);
    expect(month.find((figure) => figure.id === 'marketplace.count.aws')!.dealIds).not.toContain(target.id);
  }, 120_000);

  it('resumes a whole-portal pass that failed part-way from its checkpoint, with what it had read', async () => {
    const clean = new MetricsCollector();
    await passPortal({ gateway: gateway(), policy: appPolicy, routingPolicy, now: new Date(), metrics: clean, sealKey: SANDBOX_SEAL_KEY, dryRun: true });

    let dealPages = 0;
    const failing = new HubSpotGateway({
      accessToken: SANDBOX_ACCESS_TOKEN,
      basePath: sandbox.url,
      retry: { maxAttempts: 1 },
      onRequest: (operation) => {
        requests.push(operation);
        if (operation === 'list deals' && ++dealPages === 6) {
          sandbox.crm.injectFailures([{ method: 'GET', pathPrefix: '/crm/v3/objects/deals', exactPath: true, status: 503, times: 1 }]);
        }
      },
    });
    const cache = new MetricsSnapshotCache(failing, appPolicy, routingPolicy, SANDBOX_SEAL_KEY, () => new Date(), 0);
    requests = [];
    await cache.ready();
    expect(cache.failure).toMatch(/./);
    const firstAttempt = requests.filter((operation) => operation === 'list deals').length;

    requests = [];
    expect(cache.state(new Date()).status).toBe('preparing');
    await cache.ready();
    expect(cache.failure).toBeUndefined();
    const state = cache.state(new Date());
    if (state.status !== 'ready') throw new Error('not ready');
    // The second attempt read only the pages not yet finished, and none twice in all.
    const secondAttempt = requests.filter((operation) => operation === 'list deals').length;
    expect(requests.filter((operation) => operation === 'list companies')).toEqual([]);
    expect(firstAttempt + secondAttempt).toBeLessThanOrEqual(DEALS / 50 + 1 + 4);
    const byId = (snapshot: PortalMetricsSnapshot) => [...snapshot.deals].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(state.snapshot)).toEqual(byId(clean.snapshot()));
    expect(state.snapshot.companies.length).toBe(clean.snapshot().companies.length);
  }, 120_000);

  it('waits out a 429 and a 5xx in a change pass and loses nothing', async () => {
    const cache = new MetricsSnapshotCache(gateway(), appPolicy, routingPolicy, SANDBOX_SEAL_KEY, () => new Date(), 0);
    await cache.ready();
    const deal = sandbox.store.listObjects('deals').find((candidate) => candidate.properties.dealstage === 'qualifiedtobuy')!;
    await person().updateRecord('deals', deal.id, { dealname: 'Renamed while HubSpot was busy' });
    sandbox.crm.injectFailures([
      { method: 'POST', pathPrefix: '/crm/v3/objects/deals/search', status: 429, times: 1 },
      { method: 'POST', pathPrefix: '/crm/v3/objects/deals/batch/read', status: 503, times: 1 },
    ]);
    requests = [];
    const snapshot = await askLater(cache, 61_000);
    sandbox.crm.clearInjectedFailures();
    expect(cache.failure).toBeUndefined();
    expect(snapshot.deals.find((candidate) => candidate.id === deal.id)!.name).toBe('Renamed while HubSpot was busy');
    expect(requests.filter((operation) => operation === 'search deals').length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('reads the portal’s UI domain from HubSpot’s account details, waiting out a 5xx', async () => {
    sandbox.crm.injectFailures([{ method: 'GET', pathPrefix: '/account-info/v3/details', status: 503, times: 1 }]);
    requests = [];
    expect(await gateway().accountDetails()).toEqual({ portalId: sandbox.store.portalId, uiDomain: 'app.hubspot.com' });
    expect(requests).toEqual(['read account details', 'read account details']);
  });

  it('paces a background pass’s gateway by its own share of the burst limit', async () => {
    let acquired = 0;
    const background = gateway().withRetryPolicy({ maxAttempts: 2 }, { acquire: async () => void (acquired += 1) });
    sandbox.crm.injectFailures([{ method: 'GET', pathPrefix: '/crm/v3/owners', status: 503, times: 1 }]);
    await background.owners();
    // Every attempt waits its turn, the retry included.
    expect(acquired).toBe(2);
  });
});
