/**
 * `npm run bench`: every performance goal, measured in one run on this machine and printed as
 * ratios or rates. Not a test: shared machines are noisy, so nothing here passes or fails.
 */
import { benchAce } from './ace.ts';
import { benchBackend } from './backend.ts';
import { benchCoSell } from './cosell.ts';
import { benchAuditAndMetrics } from './metrics.ts';
import { benchRouting } from './routing.ts';
import { benchBundles, benchCardLoadCalls, benchSandboxBatchRead } from './platform.ts';

type Bench = () => Promise<string[]>;

const benches: ReadonlyArray<[title: string, run: Bench]> = [
  ['Function bundles: size and cold load', benchBundles],
  ['HubSpot API calls per card load', benchCardLoadCalls],
  ['Sandbox throughput', benchSandboxBatchRead],
  ['Co-sell readiness and status; cosell ace-check', benchCoSell],
  ['Marketplace routing engine; cosell evaluate', benchRouting],
  ['App backend: decisions per store; webhook intake', benchBackend],
  ['Portal audit and alliance metrics at 100,000 deals (HubSpot rate limit on)', benchAuditAndMetrics],
  ['AWS Partner Central sync: write quota use, AWS status to deal', benchAce],
];

for (const [title, run] of benches) {
  console.log(`\n== ${title}`);
  for (const line of await run()) console.log(`  ${line}`);
}
