/**
 * Spaces requests so one process stays inside HubSpot's rolling burst limit (190 requests per 10 s
 * for a private app) instead of running into 429s: at most `max` requests start in any `windowMs`.
 * A portal-wide job runs at the ceiling this way; a 429 that still comes (another integration
 * sharing the limit) is retried by withRetry.
 */
export class RollingWindowPacer {
  private readonly started: number[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = () => Date.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (!(max > 0) || !(windowMs > 0)) throw new RangeError('a pacer needs a positive maximum and window');
  }

  /** Resolves when one more request may start; callers are served in the order they asked. */
  acquire(): Promise<void> {
    const turn = this.tail.then(() => this.waitForRoom());
    this.tail = turn;
    return turn;
  }

  private async waitForRoom(): Promise<void> {
    for (;;) {
      const at = this.now();
      while (this.started.length > 0 && this.started[0]! <= at - this.windowMs) this.started.shift();
      if (this.started.length < this.max) {
        this.started.push(at);
        return;
      }
      await this.sleep(this.started[0]! + this.windowMs - at + 1);
    }
  }
}
