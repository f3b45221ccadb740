import type { RoutingPolicy } from '../../domain/routing/policy.ts';
import type { HubSpotGateway } from '../../hubspot/gateway.ts';
import { readMetricsSnapshot, type PortalMetricsSnapshot, type SnapshotProgress } from '../../hubspot/metrics/snapshot.ts';
import type { AppPolicy } from '../../policy/app-policy.ts';

/** How old a snapshot may be before the next request starts a refresh (the old one is served meanwhile). */
export const SNAPSHOT_REFRESH_MS = 5 * 60_000;

export type SnapshotState =
  | { status: 'preparing'; progress: SnapshotProgress }
  | { status: 'ready'; snapshot: PortalMetricsSnapshot; takenAt: Date; refreshing: boolean }
  | { status: 'failed'; message: string };

/**
 * The portal as the metrics read it, kept current in the background: reading a large portal takes
 * longer than a signed request may wait (HubSpot's proxy gives up after 15 s), so the first request
 * starts the read and the page polls; later requests are answered from the last snapshot at once
 * while a newer one is read behind it.
 */
export class MetricsSnapshotCache {
  private current: { snapshot: PortalMetricsSnapshot; takenAt: Date } | undefined;
  private loading: { progress: SnapshotProgress; done: Promise<void> } | undefined;
  private lastFailure: string | undefined;

  constructor(
    private readonly gateway: HubSpotGateway,
    private readonly policy: AppPolicy,
    private readonly routingPolicy: RoutingPolicy,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  state(now: Date): SnapshotState {
    if (!this.current || now.getTime() - this.current.takenAt.getTime() >= SNAPSHOT_REFRESH_MS) this.refresh();
    if (this.current) return { status: 'ready', ...this.current, refreshing: this.loading !== undefined };
    if (this.lastFailure && !this.loading) return { status: 'failed', message: this.lastFailure };
    return { status: 'preparing', progress: { ...this.loading!.progress } };
  }

  /** Resolves once a read that is under way (or starts now) is over. */
  async ready(): Promise<void> {
    if (!this.current && !this.loading) this.refresh();
    await this.loading?.done;
  }

  /** Starts a read unless one is under way. */
  refresh(): void {
    if (this.loading) return;
    const progress: SnapshotProgress = { companies: 0, deals: 0, calls: 0 };
    const startedAt = this.clock();
    const done = readMetricsSnapshot(this.gateway, this.policy, this.routingPolicy, (latest) => Object.assign(progress, latest))
      .then((snapshot) => {
        this.current = { snapshot, takenAt: startedAt };
        this.lastFailure = undefined;
      })
      .catch((error: unknown) => {
        this.lastFailure = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        this.loading = undefined;
      });
    this.loading = { progress, done };
  }
}
