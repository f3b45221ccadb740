import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_RETRY, runAuditCommand } from '../../src/cli/audit.ts';
import { compileRoutingPolicy } from '../../src/domain/routing/policy.ts';
import { passPortal, type PassCheckpoint } from '../../src/hubspot/portal/portal-pass.ts';
import { HubSpotGateway } from '../../src/hubspot/gateway.ts';
import { RollingWindowPacer } from '../../src/hubspot/pacer.ts';
import { appPolicy } from '../../src/policy/app-policy.ts';
import { marketplacePolicy } from '../../src/policy/marketplace-policy.ts';
import { SANDBOX_ACCESS_TOKEN } from '../../src/sandbox/constants.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { bootTestSandbox } from '../function/support.ts';

/** The stand-in's burst limit scaled down (30 a second) so the test runs at the limit in seconds, not minutes. */
const LIMIT = { max: 30, windowMs: 1_000 };
const DEALS = 420;
const routingPolicy = compileRoutingPolicy(marketplacePolicy, appPolicy.routing);
const now = new Date();

let sandbox: Sandbox;
let requests = 0;
let openDeals = 0;

beforeAll(async () => {
  sandbox = await bootTestSandbox({ rateLimit: LIMIT, deals: DEALS });
  openDeals = sandbox.store.listObjects('deals').filter((deal) => !['closedwon', 'closedlost'].includes(deal.properties.dealstage ?? '')).length;
}, 120_000);
afterAll(async () => {
  await sandbox.close();
  sandbox.store.close();
});

function gateway(): HubSpotGateway {
  return new HubSpotGateway({
    accessToken: SANDBOX_ACCESS_TOKEN,
    basePath: sandbox.url,
    retry: AUDIT_RETRY,
    pacer: new RollingWindowPacer(LIMIT.max, LIMIT.windowMs),
    onRequest: () => (requests += 1),
  });
}

const audit = (options: { resumeFrom?: PassCheckpoint | null; signal?: AbortSignal; onPages?: (pages: number) => void; saved?: PassCheckpoint[] } = {}) =>
  passPortal({
    gateway: gateway(),
    policy: appPolicy,
    routingPolicy,
    now,
    resumeFrom: options.resumeFrom ?? null,
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (progress) => options.onPages?.(progress.pagesDone),
    saveCheckpoint: async (checkpoint) => {
      options.saved?.push(checkpoint);
    },
  });

describe('cosell audit on a grown stand-in portal with its rate limiter on', () => {
  it('re-evaluates every open deal, writes the recommendations that changed, and a second run writes none', async () => {
    const first = await audit();
    expect(first.complete).toBe(true);
    expect(first.totals.dealsRead).toBe(sandbox.store.listObjects('deals').length);
    expect(first.totals.openDeals).toBe(openDeals);
    expect(first.totals.routesWritten).toBeGreaterThan(openDeals / 2);
    const open = sandbox.store.listObjects('deals').filter((deal) => !['closedwon', 'closedlost'].includes(deal.properties.dealstage ?? ''));
    expect(open.filter((deal) => deal.properties.cosell_route_recommended).length).toBe(first.totals.routesWritten);
    expect(Object.values(first.totals.cosellStatus).reduce((sum, count) => sum + count, 0)).toBe(openDeals);

    const second = await audit();
    expect(second.totals.routesWritten).toBe(0);
    expect(second.totals.gateViolations).toBe(first.totals.gateViolations);
  }, 120_000);

  it('names contract-stage deals routed direct without a valid exception', async () => {
    const result = await audit();
    expect(result.totals.gateViolations).toBeGreaterThan(0);
    for (const id of result.totals.examples.gateViolations) {
      const deal = sandbox.store.getObject('deals', id)!.properties;
      expect(deal.dealstage).toBe('contractsent');
      expect(deal.cosell_route_chosen ?? '').not.toMatch(/^marketplace:/);
      expect(deal.cosell_route_requires_exception).toBe('true');
    }
  }, 120_000);

  it('backs off on 429s and 5xx without losing a page', async () => {
    const clean = await audit();
    sandbox.crm.injectFailures([
      { method: 'GET', pathPrefix: '/crm/v3/objects/deals', exactPath: true, status: 429, times: 2 },
      { method: 'POST', pathPrefix: '/crm/v3/objects/companies/batch/read', status: 429, times: 1 },
      { method: 'POST', pathPrefix: '/crm/v3/objects/companies/batch/read', status: 503, times: 1 },
    ]);
    const before = requests;
    const retried = await audit();
    sandbox.crm.clearInjectedFailures();
    expect(retried.complete).toBe(true);
    expect(retried.totals).toEqual(clean.totals);
    expect(requests - before).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it('resumes after an interruption from the saved checkpoint, counting each deal once', async () => {
    const stop = new AbortController();
    const saved: PassCheckpoint[] = [];
    const stopped = await audit({ signal: stop.signal, saved, onPages: (pages) => pages >= 1 && stop.abort() });
    expect(stopped.complete).toBe(false);
    expect(stopped.after).not.toBeNull();
    expect(saved.at(-1)).toEqual(stopped);
    expect(stopped.totals.dealsRead).toBeLessThan(DEALS);

    const resumed = await audit({ resumeFrom: JSON.parse(JSON.stringify(saved.at(-1))) as PassCheckpoint });
    expect(resumed.complete).toBe(true);
    expect(resumed.totals.dealsRead).toBe(sandbox.store.listObjects('deals').length);
    expect(resumed.totals.openDeals).toBe(openDeals);
  }, 120_000);

  it('prints a summary in people’s words and leaves a complete checkpoint file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cosell-audit-'));
    try {
      const file = path.join(dir, 'checkpoint.json');
      const lines: string[] = [];
      const code = await runAuditCommand(['--checkpoint', file, '--dry-run'], {
        out: (line) => lines.push(line),
        now,
        env: { SANDBOX_URL: sandbox.url },
      });
      expect(code).toBe(0);
      expect(lines[0]).toMatch(/^Audit of the local sandbox at .*: \d+ deals read, \d+ open\.$/);
      expect(lines.join('\n')).toMatch(/Gate violations \(contract stage, no marketplace route, no valid exception\): \d+/);
      expect(lines.join('\n')).not.toMatch(/cosell_|marketplace:aws|contractsent/);
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ complete: true, after: null });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
