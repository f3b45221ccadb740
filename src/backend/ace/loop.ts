import type { AceSync } from './sync.ts';

export interface AceLoopTimings {
  /** How often to pull opportunities changed since the cursor (AWS's reads: 10 a second, 100,000 a day). */
  followEveryMs: number;
  /** How often to look for new AWS referrals. */
  invitationsEveryMs: number;
  /** How often to look for outbox jobs whose retry is due. */
  outboxEveryMs: number;
}

export const ACE_LOOP_DEFAULTS: AceLoopTimings = { followEveryMs: 60_000, invitationsEveryMs: 300_000, outboxEveryMs: 5_000 };

/** Runs the sync in the background; one failing round is logged (without AWS's payloads) and the next one tries again. */
export function startAceLoop(sync: AceSync, timings: AceLoopTimings = ACE_LOOP_DEFAULTS): { stop(): Promise<void> } {
  const running = new Map<string, Promise<unknown>>();
  // A round still running when the next is due is not doubled: the next tick finds it and waits.
  const every = (ms: number, what: string, work: () => Promise<unknown>) =>
    setInterval(() => {
      if (running.has(what)) return;
      const round = work()
        .catch((error: unknown) => console.error(`ace sync: ${what} failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => running.delete(what));
      running.set(what, round);
    }, ms);
  const timers = [
    every(timings.followEveryMs, 'follow', () => sync.follow()),
    every(timings.invitationsEveryMs, 'referrals', () => sync.followInvitations()),
    every(timings.outboxEveryMs, 'outbox', () => sync.drain()),
  ];
  return {
    async stop() {
      timers.forEach(clearInterval);
      await Promise.allSettled([...running.values()]);
    },
  };
}
