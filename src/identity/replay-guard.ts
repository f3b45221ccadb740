/**
 * Remembers signatures already accepted so a captured request cannot be replayed inside the
 * timestamp window. `seen` records the signature and reports whether it was there before.
 */
export interface ReplayGuard {
  seen(signature: string, expiresAt: number): boolean;
}

export interface InMemoryReplayGuardOptions {
  /** Upper bound on remembered signatures; the oldest are forgotten first when it is reached. */
  maxEntries?: number;
  clock?: () => number;
}

/**
 * Per-process guard. Enough for one function instance; several instances each keep their own
 * memory, so a replay routed to another instance is caught only by the timestamp window.
 */
export class InMemoryReplayGuard implements ReplayGuard {
  private readonly expiries = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly clock: () => number;

  constructor(options: InMemoryReplayGuardOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.clock = options.clock ?? Date.now;
  }

  seen(signature: string, expiresAt: number): boolean {
    const now = this.clock();
    const known = this.expiries.get(signature);
    if (known !== undefined && known > now) return true;
    this.forgetExpired(now);
    while (this.expiries.size >= this.maxEntries) {
      const oldest = this.expiries.keys().next().value;
      if (oldest === undefined) break;
      this.expiries.delete(oldest);
    }
    this.expiries.delete(signature);
    this.expiries.set(signature, expiresAt);
    return false;
  }

  get size(): number {
    return this.expiries.size;
  }

  private forgetExpired(now: number): void {
    for (const [signature, expiresAt] of this.expiries) {
      if (expiresAt <= now) this.expiries.delete(signature);
    }
  }
}
