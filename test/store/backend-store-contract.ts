import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendStore } from '../../src/backend/store/index.ts';

export interface StoreFactory {
  /** A new connection to the same database: another backend instance, or the same one after a restart. */
  open(): Promise<BackendStore>;
  /** Makes the lock on `key` look held by an instance that crashed without releasing it. */
  abandonLock?(key: string): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let unique = 0;
const fresh = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(unique += 1)}`;

/** The same behaviour, asserted against every engine the backend supports. */
export function describeBackendStore(engine: string, factory: StoreFactory): void {
  describe(`backend store on ${engine}`, () => {
    let first: BackendStore;
    let second: BackendStore;
    beforeAll(async () => {
      first = await factory.open();
      second = await factory.open();
    });
    afterAll(async () => {
      await first?.close();
      await second?.close();
    });

    it('claims a signed request once: a second sighting on any instance is a replay, also after a restart', async () => {
      const key = fresh('sig');
      const now = Date.now();
      expect(await first.claimRequest(key, now + 300_000, now)).toBe('new');
      await first.settleRequest(key, 'answered');
      expect(await second.claimRequest(key, now + 300_000, now)).toBe('replayed');
      const restarted = await factory.open();
      try {
        expect(await restarted.claimRequest(key, now + 300_000, now + 1_000)).toBe('replayed');
      } finally {
        await restarted.close();
      }
    });

    it('lets a request the backend failed (5xx) run once more, and only once at a time', async () => {
      const key = fresh('sig');
      const now = Date.now();
      expect(await first.claimRequest(key, now + 300_000, now)).toBe('new');
      expect(await second.claimRequest(key, now + 300_000, now)).toBe('replayed');
      await first.settleRequest(key, 'failed');
      const claims = await Promise.all([first.claimRequest(key, now + 300_000, now), second.claimRequest(key, now + 300_000, now)]);
      expect(claims.sort()).toEqual(['replayed', 'retry']);
    });

    it('forgets signed requests once their window has passed', async () => {
      const key = fresh('sig');
      const now = Date.now();
      expect(await first.claimRequest(key, now + 1_000, now)).toBe('new');
      await first.settleRequest(key, 'answered');
      expect(await first.claimRequest(key, now + 400_000, now + 2_000)).toBe('new');
    });

    it('claims concurrent copies of one request exactly once', async () => {
      const key = fresh('sig');
      const now = Date.now();
      const claims = await Promise.all(Array.from({ length: 8 }, (_, index) => (index % 2 ? first : second).claimRequest(key, now + 300_000, now)));
      expect(claims.filter((claim) => claim === 'new')).toHaveLength(1);
    });

    it('holds a lock for one instance at a time', async () => {
      const key = fresh('deal');
      let inside = 0;
      let most = 0;
      const order: number[] = [];
      await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          (index % 2 ? first : second).withLock(key, async () => {
            inside += 1;
            most = Math.max(most, inside);
            await sleep(3);
            order.push(index);
            inside -= 1;
          }),
        ),
      );
      expect(most).toBe(1);
      expect(order).toHaveLength(12);
    });

    it('does not serialise different keys, and releases a lock when the work throws', async () => {
      const a = fresh('deal');
      await expect(first.withLock(a, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await second.withLock(a, async () => 'free again')).toBe('free again');
      let overlap = false;
      let running = 0;
      await Promise.all(
        [fresh('deal'), fresh('deal')].map((key, index) =>
          (index ? first : second).withLock(key, async () => {
            running += 1;
            await sleep(30);
            overlap ||= running === 2;
            running -= 1;
          }),
        ),
      );
      expect(overlap).toBe(true);
    });

    if (factory.abandonLock) {
      it("frees a crashed instance's lock", async () => {
        const key = fresh('deal');
        await factory.abandonLock!(key);
        expect(await first.withLock(key, async () => 'taken over')).toBe('taken over');
      });
    }

    it('records ledger values per record, all or nothing', async () => {
      const id = fresh('1');
      await first.ledgerWrite('deals', id, { state: '{"v":1}', count: '1' }, 1_000);
      await second.ledgerWrite('deals', id, { count: '2' }, 2_000);
      const entries = await first.ledgerRead('deals', id);
      expect(Object.fromEntries([...entries].map(([name, entry]) => [name, entry.value]))).toEqual({ state: '{"v":1}', count: '2' });
      expect(entries.get('count')?.updatedAt).toBe(2_000);
      expect((await first.ledgerRead('companies', id)).size).toBe(0);
    });

    it('queues webhook events once per eventId and leases each to one instance', async () => {
      const now = Date.now() + 10_000_000;
      const ids = Array.from({ length: 20 }, () => fresh('evt'));
      expect(
        await first.enqueueWebhookEvents(
          ids.map((eventId) => ({ eventId, payload: { eventId } })),
          now,
        ),
      ).toEqual({ queued: 20, duplicates: 0 });
      expect(
        await second.enqueueWebhookEvents(
          ids.slice(0, 5).map((eventId) => ({ eventId, payload: { eventId } })),
          now,
        ),
      ).toEqual({ queued: 0, duplicates: 5 });
      const [a, b] = await Promise.all([first.leaseWebhookEvents(15, now, 60_000), second.leaseWebhookEvents(15, now, 60_000)]);
      const taken = [...a, ...b].map((event) => event.eventId).filter((eventId) => ids.includes(eventId));
      expect(new Set(taken).size).toBe(taken.length);
      expect(taken.length).toBe(20);
      await first.completeWebhookEvents(taken, now);
      expect((await first.leaseWebhookEvents(100, now + 120_000, 60_000)).filter((event) => ids.includes(event.eventId))).toEqual([]);
    });

    it('retries a failed event when due, takes back an expired lease, and dead-letters it at the end', async () => {
      const now = Date.now() + 20_000_000;
      const eventId = fresh('evt');
      await first.enqueueWebhookEvents([{ eventId, payload: { eventId, objectId: 7 } }], now);
      const mine = (events: { eventId: string }[]) => events.filter((event) => event.eventId === eventId);
      expect(mine(await first.leaseWebhookEvents(100, now, 1_000))).toHaveLength(1);
      // The holder died: its lease runs out and another instance takes the event.
      expect(mine(await second.leaseWebhookEvents(100, now + 500, 1_000))).toHaveLength(0);
      const retaken = mine(await second.leaseWebhookEvents(100, now + 1_500, 1_000));
      expect(retaken).toMatchObject([{ eventId, attempts: 2, payload: { eventId, objectId: 7 } }]);
      await second.failWebhookEvent(eventId, 'HubSpot answered 503', now + 1_600, now + 5_000);
      expect(mine(await first.leaseWebhookEvents(100, now + 4_000, 1_000))).toHaveLength(0);
      expect(mine(await first.leaseWebhookEvents(100, now + 5_000, 1_000))).toHaveLength(1);
      await first.failWebhookEvent(eventId, 'HubSpot answered 503 again', now + 5_100, null);
      const dead = (await first.deadLetters(500)).find((letter) => letter.eventId === eventId);
      expect(dead).toMatchObject({ attempts: 3, lastError: 'HubSpot answered 503 again', payload: { objectId: 7 } });
      expect((await first.webhookStats()).deadLetters).toBeGreaterThanOrEqual(1);
      expect(await first.requeueDeadLetter(eventId, now + 6_000)).toBe(true);
      expect(mine(await second.leaseWebhookEvents(100, now + 6_000, 1_000))).toMatchObject([{ attempts: 1 }]);
    });

    it('keeps ACE jobs until done: one lease at a time, progress survives a crash, a new payload joins a pending job', async () => {
      const now = Date.now() + 30_000_000;
      const jobKey = fresh('share');
      const mine = <T extends { jobKey: string }>(jobs: T[]) => jobs.filter((job) => job.jobKey === jobKey);
      await first.enqueueAceJob({ jobKey, dealId: '42', kind: 'share', payload: { involvementType: 'Co-Sell' } }, now);
      const [a, b] = await Promise.all([first.leaseAceJobs(50, now, 1_000), second.leaseAceJobs(50, now, 1_000)]);
      expect([...mine(a), ...mine(b)]).toMatchObject([{ dealId: '42', kind: 'share', attempts: 1, progress: {} }]);
      await first.recordAceProgress(jobKey, { opportunityId: 'O123' });
      // A new share request while the first is mid-flight keeps the steps done so far.
      await second.enqueueAceJob({ jobKey, dealId: '42', kind: 'share', payload: { involvementType: 'For Visibility Only' } }, now + 100);
      // The holder crashed: after its lease another instance resumes from the recorded step.
      const resumed = mine(await second.leaseAceJobs(50, now + 1_500, 1_000));
      expect(resumed).toMatchObject([{ attempts: 2, progress: { opportunityId: 'O123' }, payload: { involvementType: 'For Visibility Only' } }]);
      await second.failAceJob(jobKey, 'Rate exceeded', now + 1_600, now + 3_000);
      expect(mine(await first.leaseAceJobs(50, now + 2_000, 1_000))).toHaveLength(0);
      expect(await first.nextAceJobAt()).toBeLessThanOrEqual(now + 3_000);
      const [third] = mine(await first.leaseAceJobs(50, now + 3_000, 1_000));
      // Queued again while it runs: completing the older version leaves it queued for one more run.
      await second.enqueueAceJob({ jobKey, dealId: '42', kind: 'share', payload: { involvementType: 'Co-Sell' } }, now + 3_050);
      await first.completeAceJob(jobKey, third!.version, now + 3_100);
      const rerun = mine(await first.leaseAceJobs(50, now + 3_100, 1_000));
      expect(rerun).toMatchObject([{ payload: { involvementType: 'Co-Sell' } }]);
      await first.completeAceJob(jobKey, rerun[0]!.version, now + 3_200);
      expect(await second.aceJobState(jobKey)).toMatchObject({ state: 'done', lastError: null });
      expect(mine(await first.leaseAceJobs(50, now + 10_000, 1_000))).toHaveLength(0);
      // Queued again after it finished: a fresh job.
      await first.enqueueAceJob({ jobKey, dealId: '42', kind: 'share', payload: {} }, now + 20_000);
      expect(mine(await first.leaseAceJobs(50, now + 20_000, 1_000))).toMatchObject([{ attempts: 1, progress: {} }]);
      await first.failAceJob(jobKey, 'AWS refused it', now + 20_100, null);
      expect(await first.aceJobState(jobKey)).toMatchObject({ state: 'failed', lastError: 'AWS refused it' });
      expect((await first.aceOutboxStats()).failed).toBeGreaterThanOrEqual(1);
    });

    it("counts calls against AWS's daily quota on every instance, never past the limit, and forgets hours that left the window", async () => {
      const counter = fresh('writes');
      const hour = 3_600_000;
      const bucket = Math.floor(Date.now() / hour) * hour;
      const takes = await Promise.all(Array.from({ length: 6 }, (_, n) => (n % 2 ? first : second).takeAceQuota(counter, bucket, bucket - 24 * hour, 4)));
      expect(takes.filter((take) => take.taken)).toHaveLength(4);
      expect(await first.aceQuotaUse(counter, bucket - 24 * hour)).toEqual({ used: 4, oldestBucket: bucket });
      // A restarted instance still knows.
      const restarted = await factory.open();
      try {
        expect(await restarted.takeAceQuota(counter, bucket, bucket - 24 * hour, 4)).toMatchObject({ taken: false, used: 4, oldestBucket: bucket });
        // A day and an hour later that hour no longer counts.
        const later = bucket + 25 * hour;
        expect(await restarted.takeAceQuota(counter, later, bucket + hour, 4)).toMatchObject({ taken: true, used: 1, oldestBucket: later });
      } finally {
        await restarted.close();
      }
    });

    it('holds an ACE job back until a time without using up its attempts', async () => {
      const now = Date.now() + 40_000_000;
      const jobKey = fresh('push');
      const mine = <T extends { jobKey: string }>(jobs: T[]) => jobs.filter((job) => job.jobKey === jobKey);
      await first.enqueueAceJob({ jobKey, dealId: '43', kind: 'push', payload: {} }, now);
      expect(mine(await first.leaseAceJobs(50, now, 1_000))).toHaveLength(1);
      const reason = "AWS's daily limit reached; will send after 10:00 UTC.";
      expect(await first.deferAceJob(jobKey, reason, now + 3_600_000)).toEqual({ alreadyWaiting: false });
      expect(await second.aceJobState(jobKey)).toMatchObject({ state: 'waiting', attempts: 0, lastError: reason });
      expect((await second.aceOutboxStats()).waiting).toBeGreaterThanOrEqual(1);
      expect(mine(await second.leaseAceJobs(50, now + 3_599_999, 1_000))).toHaveLength(0);
      expect(mine(await second.leaseAceJobs(50, now + 3_600_000, 1_000))).toMatchObject([{ attempts: 1 }]);
      expect(await second.deferAceJob(jobKey, reason, now + 7_200_000)).toEqual({ alreadyWaiting: true });
    });

    it('keeps named values', async () => {
      const name = fresh('cursor');
      expect(await first.getValue(name)).toBeNull();
      await first.setValue(name, 'a', 1);
      await second.setValue(name, 'b', 2);
      expect(await first.getValue(name)).toBe('b');
    });
  });
}
