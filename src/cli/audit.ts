import { readFile, rename, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { COSELL_STATUS_LABELS, type UnifiedCoSellStatus } from '../domain/cosell/status.ts';
import { compileRoutingPolicy } from '../domain/routing/policy.ts';
import { passPortal, type AuditTotals, type PassCheckpoint, type PassProgress } from '../hubspot/portal/portal-pass.ts';
import { RollingWindowPacer } from '../hubspot/pacer.ts';
import { appPolicy } from '../policy/app-policy.ts';
import { marketplacePolicy } from '../policy/marketplace-policy.ts';
import { CliError, gatewayFor } from './target.ts';

/** HubSpot's burst limit for a private app: 190 requests per rolling 10 s (250 with the capacity pack). */
export const HUBSPOT_BURST = { max: 190, windowMs: 10_000 } as const;
/** A portal-wide job waits out rate limits rather than give up a page. */
export const AUDIT_RETRY = { maxAttempts: 12, budgetMs: 120_000 } as const;
export const DEFAULT_CHECKPOINT_FILE = 'cosell-audit.checkpoint.json';

const checkpointSchema = z.object({
  // Checkpoints saved before the pass had phases were all reading deals.
  phase: z.enum(['companies', 'deals']).default('deals'),
  after: z.string().nullable(),
  pagesDone: z.number().int().min(0),
  complete: z.boolean(),
  startedAt: z.string(),
  totals: z.object({}).passthrough(),
});

export interface AuditIo {
  out: (line: string) => void;
  /** Progress for a person watching: replaced in place on a terminal. */
  progress?: (line: string, final: boolean) => void;
  now: Date;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

async function loadCheckpoint(file: string): Promise<PassCheckpoint | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = checkpointSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new CliError(`${file} is not an audit checkpoint; remove it or pass --restart.`);
  return parsed.data as unknown as PassCheckpoint;
}

/** Written beside and renamed over, so an interruption mid-write leaves the previous checkpoint whole. */
async function saveCheckpoint(file: string, checkpoint: PassCheckpoint): Promise<void> {
  await writeFile(`${file}.tmp`, `${JSON.stringify(checkpoint)}\n`);
  await rename(`${file}.tmp`, file);
}

export function progressLine(progress: PassProgress, ceilingPerSecond: number): string {
  const seconds = progress.elapsedMs / 1000;
  const rate = seconds > 0 ? progress.requests / seconds : 0;
  const { totals } = progress;
  return `${totals.dealsRead.toLocaleString('en-US')} deals read, ${totals.openDeals.toLocaleString('en-US')} open, ${totals.routesWritten.toLocaleString('en-US')} recommendations updated, ${totals.gateViolations} gate violations; ${rate.toFixed(1)} requests/s (${Math.round((rate / ceilingPerSecond) * 100)}% of HubSpot's limit)`;
}

export function auditSummary(totals: AuditTotals, target: string, dryRun: boolean): string[] {
  const statuses = (Object.entries(totals.cosellStatus) as [UnifiedCoSellStatus, number][])
    .sort(([, a], [, b]) => b - a)
    .map(([status, count]) => `${COSELL_STATUS_LABELS[status]} ${count}`);
  return [
    `Audit of ${target}: ${totals.dealsRead.toLocaleString('en-US')} deals read, ${totals.openDeals.toLocaleString('en-US')} open.`,
    `  Routing recommendations ${dryRun ? 'that would be updated' : 'updated'}: ${totals.routesWritten.toLocaleString('en-US')}`,
    `  Routing that cannot be computed (a routing input is missing): ${totals.routingIncomplete.toLocaleString('en-US')}`,
    `  Gate violations (contract stage, no marketplace route, no valid exception): ${totals.gateViolations}${totals.examples.gateViolations.length ? ` e.g. deals ${totals.examples.gateViolations.join(', ')}` : ''}`,
    `  Contract-stage deals whose routing cannot be computed: ${totals.incompleteAtGatedStage}${totals.examples.incompleteAtGatedStage.length ? ` e.g. deals ${totals.examples.incompleteAtGatedStage.join(', ')}` : ''}`,
    `  Co-sell status of open deals: ${statuses.join(', ') || 'none'}`,
    `  Stalled: ${totals.stalled}; zombie pipeline: ${totals.zombie}`,
    ...(totals.unreadable > 0 ? [`  Deals whose co-sell values cannot be read: ${totals.unreadable}, e.g. ${totals.examples.unreadable.join(', ')}`] : []),
  ];
}

/** `cosell audit`: every open deal re-evaluated at HubSpot's speed limit; resumable. Exit 0 complete, 130 interrupted. */
export async function runAuditCommand(argv: string[], io: AuditIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      live: { type: 'boolean', default: false },
      checkpoint: { type: 'string', default: DEFAULT_CHECKPOINT_FILE },
      restart: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'burst-limit': { type: 'string', default: String(HUBSPOT_BURST.max) },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const burst = Number(values['burst-limit']);
  if (!Number.isInteger(burst) || burst < 1) throw new CliError('--burst-limit must be a whole number of requests per 10 seconds, such as 190.');
  let requests = 0;
  const { gateway, target } = gatewayFor(values.live ?? false, io.env ?? process.env, {
    pacer: new RollingWindowPacer(burst, HUBSPOT_BURST.windowMs),
    onRequest: () => (requests += 1),
    retry: AUDIT_RETRY,
  });
  const file = values.checkpoint;
  const resumeFrom = values.restart ? null : await loadCheckpoint(file);
  if (resumeFrom && !resumeFrom.complete) io.out(`Resuming the audit started ${resumeFrom.startedAt} after ${resumeFrom.pagesDone} pages.`);
  const ceiling = burst / (HUBSPOT_BURST.windowMs / 1000);
  const result = await passPortal({
    gateway,
    policy: appPolicy,
    routingPolicy: compileRoutingPolicy(marketplacePolicy, appPolicy.routing),
    now: io.now,
    resumeFrom,
    saveCheckpoint: (checkpoint) => saveCheckpoint(file, checkpoint),
    onProgress: (progress) => io.progress?.(progressLine(progress, ceiling), false),
    requestCount: () => requests,
    dryRun: values['dry-run'] ?? false,
    ...(io.signal ? { signal: io.signal } : {}),
  });
  io.progress?.('', true);
  if (values.json) io.out(JSON.stringify(result));
  else for (const line of auditSummary(result.totals, target, values['dry-run'] ?? false)) io.out(line);
  if (!result.complete) {
    io.out(`Stopped after ${result.pagesDone} pages; run the same command again to resume (checkpoint: ${file}).`);
    return 130;
  }
  return 0;
}
