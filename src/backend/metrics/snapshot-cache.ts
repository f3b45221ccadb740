import type { RoutingPolicy } from '../../domain/routing/policy.ts';
import type { HubSpotGateway } from '../../hubspot/gateway.ts';
import { MetricsCollector, type PortalMetricsSnapshot } from '../../hubspot/metrics/snapshot.ts';
import { passChanges, passPortal, type PassCheckpoint } from '../../hubspot/portal/portal-pass.ts';
import type { AppPolicy } from '../../policy/app-policy.ts';

/** How old the snapshot may be before the next request asks HubSpot what changed (the snapshot is served meanwhile). */
export const CHANGES_REFRESH_MS = 60_000;
/**
 * A whole-portal pass now and then: HubSpot's search lists records modified since a moment but not
 * deleted ones, and an owner's move to another team changes no deal.
 */
export const FULL_REFRESH_MS = 24 * 60 * 60_000;
/** HubSpot's search index trails writes by a few seconds: each change pass starts this long before the previous one began. */
export const SEARCH_INDEX_LAG_MS = 30_000;

export interface SnapshotProgress {
  companies: number;
  deals: number;
}

export type SnapshotState =
  | { status: 'preparing'; progress: SnapshotProgress }
  | { status: 'ready'; snapshot: PortalMetricsSnapshot; takenAt: Date; refreshing: boolean }
  | { status: 'failed'; message: string };

interface Kept {
  collector: MetricsCollector;
  /** When the reading the snapshot reflects began. */
  takenAt: Date;
  /** Changes are asked for from here (less the search lag). */
  changesFrom: Date;
  fullPassAt: Date;
}

/**
 * The portal as the metrics read it, kept current in the background by the portal pass
 * (src/hubspot/portal), the same engine `cosell audit` runs: reading a large portal takes longer
 * than a signed request may wait (HubSpot's proxy gives up after 15 s), so the first request starts
 * a whole-portal pass and the page polls. After that, requests are answered from the snapshot at
 * once while a change pass behind it reads only the deals and companies modified since the last one.
 * A pass that fails part-way resumes from its checkpoint next time, with what it had gathered.
 */
export class MetricsSnapshotCache {
  private current: Kept | undefined;
  /** A whole-portal pass under way or interrupted: what it gathered and where to go on. */
  private pending: { collector: MetricsCollector; checkpoint: PassCheckpoint | null; startedAt: Date; progress: SnapshotProgress } | undefined;
  private loading: Promise<void> | undefined;
  private lastFailure: string | undefined;

  constructor(
    private readonly gateway: HubSpotGateway,
    private readonly policy: AppPolicy,
    private readonly routingPolicy: RoutingPolicy,
    private readonly sealKey: string,
    private readonly clock: () => Date = () => new Date(),
    private readonly searchIndexLagMs: number = SEARCH_INDEX_LAG_MS,
  ) {}

  state(now: Date): SnapshotState {
    if (!this.current || now.getTime() - this.current.takenAt.getTime() >= CHANGES_REFRESH_MS) this.refresh();
    if (this.current)
      return { status: 'ready', snapshot: this.current.collector.snapshot(), takenAt: this.current.takenAt, refreshing: this.loading !== undefined };
    if (this.lastFailure && !this.loading) return { status: 'failed', message: this.lastFailure };
    return { status: 'preparing', progress: { ...(this.pending?.progress ?? { companies: 0, deals: 0 }) } };
  }

  /** Resolves once a pass that is under way (or starts now) is over. */
  async ready(): Promise<void> {
    if (!this.current && !this.loading) this.refresh();
    await this.loading;
  }

  /** The failure of the last pass, if it failed. */
  get failure(): string | undefined {
    return this.lastFailure;
  }

  /** Starts a pass unless one is under way: a whole-portal pass first and once a day, else a change pass. */
  refresh(): void {
    if (this.loading) return;
    const startedAt = this.clock();
    const kept = this.current;
    const run =
      !kept || this.pending || startedAt.getTime() - kept.fullPassAt.getTime() >= FULL_REFRESH_MS ? this.fullPass(startedAt) : this.changePass(kept, startedAt);
    this.loading = run
      .then(() => {
        this.lastFailure = undefined;
      })
      .catch((error: unknown) => {
        this.lastFailure = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        this.loading = undefined;
      });
  }

  private async fullPass(startedAt: Date): Promise<void> {
    const pending = (this.pending ??= { collector: new MetricsCollector(), checkpoint: null, startedAt, progress: { companies: 0, deals: 0 } });
    await passPortal({
      gateway: this.gateway,
      policy: this.policy,
      routingPolicy: this.routingPolicy,
      now: startedAt,
      metrics: pending.collector,
      sealKey: this.sealKey,
      resumeFrom: pending.checkpoint,
      saveCheckpoint: async (checkpoint) => {
        pending.checkpoint = checkpoint;
      },
      onProgress: ({ totals }) => Object.assign(pending.progress, { companies: totals.companiesRead, deals: totals.dealsRead }),
    });
    this.pending = undefined;
    this.current = { collector: pending.collector, takenAt: pending.startedAt, changesFrom: pending.startedAt, fullPassAt: pending.startedAt };
  }

  private async changePass(kept: Kept, startedAt: Date): Promise<void> {
    const result = await passChanges({
      gateway: this.gateway,
      policy: this.policy,
      routingPolicy: this.routingPolicy,
      now: startedAt,
      metrics: kept.collector,
      sealKey: this.sealKey,
      since: new Date(kept.changesFrom.getTime() - this.searchIndexLagMs),
    });
    if (result.status === 'needs_full_pass') return this.fullPass(startedAt);
    kept.takenAt = startedAt;
    kept.changesFrom = startedAt;
  }
}
