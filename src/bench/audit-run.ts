/**
 * One `cosell audit` run in its own process for the bench, so its peak memory is its own: reads the
 * stand-in at SANDBOX_URL with HubSpot's burst limit as the pacer and prints one JSON line.
 */
import { readFile } from 'node:fs/promises';
import { AUDIT_RETRY, HUBSPOT_BURST } from '../cli/audit.ts';
import { compileRoutingPolicy } from '../domain/routing/policy.ts';
import { passPortal } from '../hubspot/portal/portal-pass.ts';
import { HubSpotGateway } from '../hubspot/gateway.ts';
import { RollingWindowPacer } from '../hubspot/pacer.ts';
import { appPolicy } from '../policy/app-policy.ts';
import { marketplacePolicy } from '../policy/marketplace-policy.ts';
import { SANDBOX_ACCESS_TOKEN } from '../sandbox/constants.ts';

const basePath = process.env.SANDBOX_URL;
if (!basePath) throw new Error('SANDBOX_URL is required');
let requests = 0;
const gateway = new HubSpotGateway({
  accessToken: SANDBOX_ACCESS_TOKEN,
  basePath,
  retry: AUDIT_RETRY,
  pacer: new RollingWindowPacer(HUBSPOT_BURST.max, HUBSPOT_BURST.windowMs),
  onRequest: () => (requests += 1),
});
/**
 * This process's own high-water mark. Not `resourceUsage().maxRSS`: Linux keeps that across exec, so
 * in a child spawned by the bench it reports the bench process's RSS at the fork (the stand-in's
 * 100,000-deal portal), not the audit's. The kernel's VmHWM belongs to this process image alone.
 */
async function ownPeakRssMb(): Promise<number | null> {
  try {
    const status = await readFile('/proc/self/status', 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

const startRssMb = process.memoryUsage().rss / 1e6;
// What the audit holds in JavaScript (heap), in buffers outside it and in all (RSS), sampled while it runs.
let peakHeapMb = 0;
let peakExternalMb = 0;
let peakSampledRssMb = 0;
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  peakHeapMb = Math.max(peakHeapMb, usage.heapUsed / 1e6);
  peakExternalMb = Math.max(peakExternalMb, (usage.external + usage.arrayBuffers) / 1e6);
  peakSampledRssMb = Math.max(peakSampledRssMb, usage.rss / 1e6);
}, 100);
const started = performance.now();
const result = await passPortal({
  gateway,
  policy: appPolicy,
  routingPolicy: compileRoutingPolicy(marketplacePolicy, appPolicy.routing),
  now: new Date(),
  requestCount: () => requests,
});
const elapsedMs = performance.now() - started;
clearInterval(sampler);
process.stdout.write(
  `${JSON.stringify({
    requests,
    elapsedMs,
    startRssMb,
    peakRssMb: (await ownPeakRssMb()) ?? peakSampledRssMb,
    inheritedMaxRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapMb,
    peakExternalMb,
    complete: result.complete,
    dealsRead: result.totals.dealsRead,
    openDeals: result.totals.openDeals,
    routesWritten: result.totals.routesWritten,
    gateViolations: result.totals.gateViolations,
  })}\n`,
);
