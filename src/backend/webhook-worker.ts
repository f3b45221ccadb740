import { parseWebhookEvent, type WebhookEvent } from '../identity/webhooks.ts';
import type { WebhookContext } from './handler.ts';
import type { BackendStore, QueuedWebhookEvent } from './store/index.ts';

/** What the backend does with HubSpot's events; must be safe to run again on the same events. */
export type WebhookProcessor = (events: readonly WebhookEvent[], context: WebhookContext) => Promise<void>;

const BATCH = 100;
const LEASE_MS = 120_000;
/** Attempts before an event goes to the dead letters: about a day of backoff, like HubSpot's own. */
export const MAX_ATTEMPTS = 8;
const POLL_MS = 1_000;

/** 5 s, 20 s, 80 s … capped at 3 h. */
export function retryDelayMs(attempts: number): number {
  return Math.min(5_000 * 4 ** (attempts - 1), 3 * 3_600_000);
}

/**
 * Processes queued webhook events after HubSpot has had its answer. A batch that fails is split so
 * one bad event cannot hold back the others; a failing event is retried with backoff and, after
 * MAX_ATTEMPTS, kept as a dead letter the diagnostics view shows.
 */
export class WebhookWorker {
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly store: BackendStore,
    private readonly processors: readonly WebhookProcessor[],
    private readonly context: () => WebhookContext,
    private readonly delayMs: (attempts: number) => number = retryDelayMs,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** New events arrived: drain now rather than at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves once nothing due is left in the queue. */
  async idle(): Promise<void> {
    for (;;) {
      while (this.running) await this.running;
      if ((await this.store.dueWebhookEvents(Date.now())) === 0) return;
      this.kick();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    while (this.running) await this.running;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.kick();
      this.schedule(POLL_MS);
    }, ms);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const leased = await this.store.leaseWebhookEvents(BATCH, Date.now(), LEASE_MS);
      if (leased.length === 0) return;
      await this.processBatch(leased);
    }
  }

  private async processBatch(leased: readonly QueuedWebhookEvent[]): Promise<void> {
    const events = leased.map((queued) => parseWebhookEvent(queued.payload));
    try {
      await this.run(events);
      await this.store.completeWebhookEvents(
        leased.map((queued) => queued.eventId),
        Date.now(),
      );
      return;
    } catch (error) {
      if (leased.length === 1) return this.failed(leased[0]!, error);
      // Find the events that fail on their own; the others complete.
    }
    for (const [index, queued] of leased.entries()) {
      try {
        await this.run([events[index]!]);
        await this.store.completeWebhookEvents([queued.eventId], Date.now());
      } catch (error) {
        await this.failed(queued, error);
      }
    }
  }

  private async failed(queued: QueuedWebhookEvent, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const retryAt = queued.attempts >= MAX_ATTEMPTS ? null : Date.now() + this.delayMs(queued.attempts);
    console.error(
      `backend: webhook event ${queued.eventId} failed (attempt ${queued.attempts})${retryAt === null ? ', moved to the dead letters' : ''}: ${message}`,
    );
    await this.store.failWebhookEvent(queued.eventId, message, Date.now(), retryAt);
    // Wake up for the retry rather than at the next poll.
    if (retryAt !== null) this.schedule(Math.min(POLL_MS, retryAt - Date.now()));
  }

  private async run(events: readonly WebhookEvent[]): Promise<void> {
    const context = this.context();
    for (const processor of this.processors) await processor(events, context);
  }
}
