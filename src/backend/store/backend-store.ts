import type { SqlDatabase, SqlSession } from './sql.ts';

/** What became of a signed request the backend has seen before. */
export type RequestClaim = 'new' | 'retry' | 'replayed';

export interface QueuedWebhookEvent {
  eventId: string;
  payload: unknown;
  attempts: number;
  receivedAt: number;
}

export interface DeadLetter {
  eventId: string;
  payload: unknown;
  attempts: number;
  receivedAt: number;
  failedAt: number;
  lastError: string;
}

export interface WebhookQueueStats {
  queued: number;
  processing: number;
  done: number;
  deadLetters: number;
}

/** One change for AWS Partner Central, kept until AWS has it: a share, a push of deal changes, an answer to a referral. */
export interface AceJob {
  jobKey: string;
  dealId: string;
  kind: string;
  payload: unknown;
  /** Steps already done (e.g. the opportunity id after create), so a crash resumes where it stopped. */
  progress: Record<string, unknown>;
  attempts: number;
  createdAt: number;
  /** Bumped by every enqueue: a job queued again while it ran is run again, not marked done. */
  version: number;
}

export interface AceOutboxStats {
  queued: number;
  /** Held back by AWS's daily limit. */
  waiting: number;
  processing: number;
  done: number;
  failed: number;
}

/** Calls counted against one of AWS's daily quotas. */
export interface AceQuotaUse {
  used: number;
  /** The oldest counted bucket, or null when nothing is counted. */
  oldestBucket: number | null;
}

export interface LedgerEntry {
  value: string;
  updatedAt: number;
}

const LOCK_TIMEOUT_MS = 30_000;
/** Processed event ids are kept this long to recognise HubSpot's redeliveries (it retries for about a day). */
const DONE_RETENTION_MS = 3 * 86_400_000;

const toNumber = (value: unknown): number => Number(value);

/**
 * Everything the app backend must remember, whichever instance served the request and across
 * restarts: locks, signed requests already answered, the ledger of values only the app writes, the
 * webhook queue with its dead letters, and named values (cursors, last delivery). One implementation
 * over SQLite (the default) or PostgreSQL (several instances).
 */
export class BackendStore {
  constructor(private readonly db: SqlDatabase) {}

  get engine(): SqlDatabase['engine'] {
    return this.db.engine;
  }

  get location(): string {
    return this.db.location;
  }

  /** Serialises read-decide-write on one record across every backend instance. */
  withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.db.withLock(key, work, LOCK_TIMEOUT_MS);
  }

  /**
   * Claims a signed request by its decoded signature. A request seen before is a replay, unless the
   * backend answered it with a failure (5xx): HubSpot's proxy sends such a request once more, and the
   * actions are idempotent, so that retry runs again.
   */
  async claimRequest(requestKey: string, expiresAt: number, now: number): Promise<RequestClaim> {
    return this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM signed_requests WHERE expires_at < ?', [now]);
      const inserted = await tx.run(
        "INSERT INTO signed_requests (request_key, state, expires_at) VALUES (?, 'processing', ?) ON CONFLICT (request_key) DO NOTHING",
        [requestKey, expiresAt],
      );
      if (inserted.changes === 1) return 'new';
      const retried = await tx.run("UPDATE signed_requests SET state = 'processing' WHERE request_key = ? AND state = 'failed'", [requestKey]);
      return retried.changes === 1 ? 'retry' : 'replayed';
    });
  }

  async settleRequest(requestKey: string, outcome: 'answered' | 'failed'): Promise<void> {
    await this.db.run('UPDATE signed_requests SET state = ? WHERE request_key = ?', [outcome, requestKey]);
  }

  // --- ledger: the last value the app wrote, per record and name -------------------------------

  async ledgerRead(objectType: string, objectId: string): Promise<Map<string, LedgerEntry>> {
    const rows = await this.db.all<{ name: string; value: string; updated_at: unknown }>(
      'SELECT name, value, updated_at FROM ledger WHERE object_type = ? AND object_id = ?',
      [objectType, objectId],
    );
    return new Map(rows.map((row) => [row.name, { value: row.value, updatedAt: toNumber(row.updated_at) }]));
  }

  /** Records values in one transaction, so a reader never sees half of an update. */
  async ledgerWrite(objectType: string, objectId: string, values: Readonly<Record<string, string>>, now: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const [name, value] of Object.entries(values)) {
        await tx.run(
          `INSERT INTO ledger (object_type, object_id, name, value, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (object_type, object_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
          [objectType, objectId, name, value, now],
        );
      }
    });
  }

  // --- webhook queue ----------------------------------------------------------------------------

  /** Queues events by HubSpot's eventId; a redelivered event is counted as a duplicate and not queued twice. */
  async enqueueWebhookEvents(events: readonly { eventId: string; payload: unknown }[], now: number): Promise<{ queued: number; duplicates: number }> {
    return this.db.transaction(async (tx) => {
      let queued = 0;
      for (const event of events) {
        const { changes } = await tx.run(
          "INSERT INTO webhook_events (event_id, payload, state, received_at, next_attempt_at) VALUES (?, ?, 'queued', ?, ?) ON CONFLICT (event_id) DO NOTHING",
          [event.eventId, JSON.stringify(event.payload), now, now],
        );
        queued += changes;
      }
      await setValue(tx, 'webhooks.lastReceivedAt', String(now), now);
      return { queued, duplicates: events.length - queued };
    });
  }

  /**
   * Takes up to `limit` due events for `leaseMs`. An instance that dies mid-batch loses its lease and
   * another takes the events again; the re-check in the UPDATE keeps two instances from both taking one.
   */
  async leaseWebhookEvents(limit: number, now: number, leaseMs: number): Promise<QueuedWebhookEvent[]> {
    const due = "((state = 'queued' AND next_attempt_at <= ?) OR (state = 'processing' AND lease_until < ?))";
    // PostgreSQL: a second instance skips rows the first is taking instead of waiting for them and coming back empty.
    const skipLocked = this.db.engine === 'postgresql' ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows = await this.db.all<{ event_id: string; payload: string; attempts: unknown; received_at: unknown }>(
      `UPDATE webhook_events SET state = 'processing', lease_until = ?, attempts = attempts + 1
       WHERE event_id IN (SELECT event_id FROM webhook_events WHERE ${due} ORDER BY received_at, event_id LIMIT ?${skipLocked}) AND ${due}
       RETURNING event_id, payload, attempts, received_at`,
      [now + leaseMs, now, now, limit, now, now],
    );
    return rows
      .map((row) => ({
        eventId: row.event_id,
        payload: JSON.parse(row.payload) as unknown,
        attempts: toNumber(row.attempts),
        receivedAt: toNumber(row.received_at),
      }))
      .sort((a, b) => a.receivedAt - b.receivedAt || a.eventId.localeCompare(b.eventId));
  }

  /** Events a worker could take now (queued and due, or leased by an instance that stopped). */
  async dueWebhookEvents(now: number): Promise<number> {
    const [row] = await this.db.all<{ n: unknown }>(
      "SELECT COUNT(*) AS n FROM webhook_events WHERE (state = 'queued' AND next_attempt_at <= ?) OR (state = 'processing' AND lease_until < ?)",
      [now, now],
    );
    return toNumber(row?.n ?? 0);
  }

  async completeWebhookEvents(eventIds: readonly string[], now: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const eventId of eventIds) {
        await tx.run("UPDATE webhook_events SET state = 'done', finished_at = ?, last_error = NULL WHERE event_id = ?", [now, eventId]);
      }
      await tx.run("DELETE FROM webhook_events WHERE state = 'done' AND finished_at < ?", [now - DONE_RETENTION_MS]);
      await setValue(tx, 'webhooks.lastProcessedAt', String(now), now);
    });
  }

  /** Puts a failed event back for another attempt at `retryAt`, or into the dead letters when `retryAt` is null. */
  async failWebhookEvent(eventId: string, error: string, now: number, retryAt: number | null): Promise<void> {
    const message = error.slice(0, 2_000);
    if (retryAt === null) {
      await this.db.run("UPDATE webhook_events SET state = 'dead', finished_at = ?, last_error = ? WHERE event_id = ?", [now, message, eventId]);
    } else {
      await this.db.run("UPDATE webhook_events SET state = 'queued', next_attempt_at = ?, last_error = ? WHERE event_id = ?", [retryAt, message, eventId]);
    }
  }

  async deadLetters(limit = 50): Promise<DeadLetter[]> {
    const rows = await this.db.all<{
      event_id: string;
      payload: string;
      attempts: unknown;
      received_at: unknown;
      finished_at: unknown;
      last_error: string | null;
    }>("SELECT event_id, payload, attempts, received_at, finished_at, last_error FROM webhook_events WHERE state = 'dead' ORDER BY finished_at DESC LIMIT ?", [
      limit,
    ]);
    return rows.map((row) => ({
      eventId: row.event_id,
      payload: JSON.parse(row.payload) as unknown,
      attempts: toNumber(row.attempts),
      receivedAt: toNumber(row.received_at),
      failedAt: toNumber(row.finished_at),
      lastError: row.last_error ?? '',
    }));
  }

  /** An admin's "try again": the event goes back to the queue with a fresh attempt count. */
  async requeueDeadLetter(eventId: string, now: number): Promise<boolean> {
    const { changes } = await this.db.run(
      "UPDATE webhook_events SET state = 'queued', attempts = 0, next_attempt_at = ?, finished_at = NULL WHERE event_id = ? AND state = 'dead'",
      [now, eventId],
    );
    return changes === 1;
  }

  async webhookStats(): Promise<WebhookQueueStats> {
    const rows = await this.db.all<{ state: string; n: unknown }>('SELECT state, COUNT(*) AS n FROM webhook_events GROUP BY state');
    const count = (state: string) => toNumber(rows.find((row) => row.state === state)?.n ?? 0);
    return { queued: count('queued'), processing: count('processing'), done: count('done'), deadLetters: count('dead') };
  }

  // --- ACE outbox ---------------------------------------------------------------------------------

  /**
   * Queues a job under its key. A job with that key that is not finished keeps its progress and takes
   * the new payload (the latest deal values win); a finished or failed one starts again.
   */
  async enqueueAceJob(job: { jobKey: string; dealId: string; kind: string; payload: unknown }, now: number): Promise<void> {
    await this.db.run(
      `INSERT INTO ace_outbox (job_key, deal_id, kind, payload, state, created_at, next_attempt_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)
       ON CONFLICT (job_key) DO UPDATE SET payload = excluded.payload, version = ace_outbox.version + 1,
         state = CASE WHEN ace_outbox.state = 'processing' THEN 'processing' ELSE 'queued' END,
         progress = CASE WHEN ace_outbox.state IN ('done', 'failed') THEN '{}' ELSE ace_outbox.progress END,
         attempts = CASE WHEN ace_outbox.state IN ('done', 'failed') THEN 0 ELSE ace_outbox.attempts END,
         created_at = CASE WHEN ace_outbox.state IN ('done', 'failed') THEN excluded.created_at ELSE ace_outbox.created_at END,
         next_attempt_at = CASE WHEN ace_outbox.state IN ('done', 'failed') THEN excluded.next_attempt_at ELSE ace_outbox.next_attempt_at END,
         finished_at = NULL`,
      [job.jobKey, job.dealId, job.kind, JSON.stringify(job.payload), now, now],
    );
  }

  /** Takes up to `limit` due jobs, oldest first, for `leaseMs`; a stopped instance's jobs come back when its lease ends. */
  async leaseAceJobs(limit: number, now: number, leaseMs: number): Promise<AceJob[]> {
    const due = "((state IN ('queued', 'waiting') AND next_attempt_at <= ?) OR (state = 'processing' AND lease_until < ?))";
    const skipLocked = this.db.engine === 'postgresql' ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows = await this.db.all<{
      job_key: string;
      deal_id: string;
      kind: string;
      payload: string;
      progress: string;
      attempts: unknown;
      created_at: unknown;
      version: unknown;
    }>(
      `UPDATE ace_outbox SET state = 'processing', lease_until = ?, attempts = attempts + 1
       WHERE job_key IN (SELECT job_key FROM ace_outbox WHERE ${due} ORDER BY created_at, job_key LIMIT ?${skipLocked}) AND ${due}
       RETURNING job_key, deal_id, kind, payload, progress, attempts, created_at, version`,
      [now + leaseMs, now, now, limit, now, now],
    );
    return rows
      .map((row) => ({
        jobKey: row.job_key,
        dealId: row.deal_id,
        kind: row.kind,
        payload: JSON.parse(row.payload) as unknown,
        progress: JSON.parse(row.progress) as Record<string, unknown>,
        attempts: toNumber(row.attempts),
        createdAt: toNumber(row.created_at),
        version: toNumber(row.version),
      }))
      .sort((a, b) => a.createdAt - b.createdAt || a.jobKey.localeCompare(b.jobKey));
  }

  /** Records a step done, before the next one starts. */
  async recordAceProgress(jobKey: string, progress: Record<string, unknown>): Promise<void> {
    await this.db.run('UPDATE ace_outbox SET progress = ? WHERE job_key = ?', [JSON.stringify(progress), jobKey]);
  }

  /** Done, unless it was queued again while it ran (a newer version): then it runs once more, progress cleared. */
  async completeAceJob(jobKey: string, version: number, now: number): Promise<void> {
    await this.db.run(
      `UPDATE ace_outbox SET last_error = NULL,
         state = CASE WHEN version = CAST(? AS BIGINT) THEN 'done' ELSE 'queued' END,
         finished_at = CASE WHEN version = CAST(? AS BIGINT) THEN CAST(? AS BIGINT) ELSE NULL END,
         next_attempt_at = CAST(? AS BIGINT), attempts = CASE WHEN version = CAST(? AS BIGINT) THEN attempts ELSE 0 END
       WHERE job_key = ? AND state = 'processing'`,
      [version, version, now, now, version, jobKey],
    );
  }

  /** Back to the queue at `retryAt`, or failed for good (AWS refused it) when `retryAt` is null. */
  async failAceJob(jobKey: string, error: string, now: number, retryAt: number | null): Promise<void> {
    const message = error.slice(0, 2_000);
    if (retryAt === null)
      await this.db.run("UPDATE ace_outbox SET state = 'failed', finished_at = ?, last_error = ? WHERE job_key = ?", [now, message, jobKey]);
    else await this.db.run("UPDATE ace_outbox SET state = 'queued', next_attempt_at = ?, last_error = ? WHERE job_key = ?", [retryAt, message, jobKey]);
  }

  async aceJobState(jobKey: string): Promise<{ state: string; attempts: number; lastError: string | null; progress: Record<string, unknown> } | null> {
    const [row] = await this.db.all<{ state: string; attempts: unknown; last_error: string | null; progress: string }>(
      'SELECT state, attempts, last_error, progress FROM ace_outbox WHERE job_key = ?',
      [jobKey],
    );
    return row
      ? { state: row.state, attempts: toNumber(row.attempts), lastError: row.last_error, progress: JSON.parse(row.progress) as Record<string, unknown> }
      : null;
  }

  /**
   * Holds a job back until `until` (AWS's daily limit): it is not a failed attempt, so the attempt is
   * given back. Answers whether it was already held back before this run.
   */
  async deferAceJob(jobKey: string, reason: string, until: number): Promise<{ alreadyWaiting: boolean }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.all<{ last_error: string | null }>('SELECT last_error FROM ace_outbox WHERE job_key = ?', [jobKey]);
      await tx.run(
        "UPDATE ace_outbox SET state = 'waiting', next_attempt_at = ?, last_error = ?, attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END WHERE job_key = ?",
        [until, reason.slice(0, 2_000), jobKey],
      );
      return { alreadyWaiting: row?.last_error === reason.slice(0, 2_000) };
    });
  }

  async aceOutboxStats(): Promise<AceOutboxStats> {
    const rows = await this.db.all<{ state: string; n: unknown }>('SELECT state, COUNT(*) AS n FROM ace_outbox GROUP BY state');
    const count = (state: string) => toNumber(rows.find((row) => row.state === state)?.n ?? 0);
    return { queued: count('queued'), waiting: count('waiting'), processing: count('processing'), done: count('done'), failed: count('failed') };
  }

  /** The earliest time a queued or held-back job is due, or null when none waits. */
  async nextAceJobAt(): Promise<number | null> {
    const [row] = await this.db.all<{ at: unknown }>("SELECT MIN(next_attempt_at) AS at FROM ace_outbox WHERE state IN ('queued', 'waiting')");
    return row?.at === null || row?.at === undefined ? null : toNumber(row.at);
  }

  // --- AWS's daily quotas -------------------------------------------------------------------------

  /**
   * Counts one call in `bucket` unless the calls counted from `countedFrom` on already reach `limit`.
   * Buckets older than `countedFrom` are forgotten. One instance at a time, so together the backend's
   * instances never count past the limit.
   */
  async takeAceQuota(counter: string, bucket: number, countedFrom: number, limit: number): Promise<AceQuotaUse & { taken: boolean }> {
    return this.db.transaction(async (tx) => {
      if (this.db.engine === 'postgresql') await tx.all('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`ace-quota:${counter}`]);
      await tx.run('DELETE FROM ace_quota_use WHERE counter = ? AND bucket < ?', [counter, countedFrom]);
      const use = await quotaUse(tx, counter, countedFrom);
      if (use.used >= limit) return { ...use, taken: false };
      await tx.run(
        'INSERT INTO ace_quota_use (counter, bucket, calls) VALUES (?, ?, 1) ON CONFLICT (counter, bucket) DO UPDATE SET calls = ace_quota_use.calls + 1',
        [counter, bucket],
      );
      return { used: use.used + 1, oldestBucket: use.oldestBucket ?? bucket, taken: true };
    });
  }

  aceQuotaUse(counter: string, countedFrom: number): Promise<AceQuotaUse> {
    return quotaUse(this.db, counter, countedFrom);
  }

  // --- named values -------------------------------------------------------------------------------

  async getValue(name: string): Promise<string | null> {
    const [row] = await this.db.all<{ value: string }>('SELECT value FROM backend_values WHERE name = ?', [name]);
    return row?.value ?? null;
  }

  async setValue(name: string, value: string, now: number): Promise<void> {
    await setValue(this.db, name, value, now);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

async function quotaUse(session: SqlSession, counter: string, countedFrom: number): Promise<AceQuotaUse> {
  const [row] = await session.all<{ used: unknown; oldest: unknown }>(
    'SELECT SUM(calls) AS used, MIN(bucket) AS oldest FROM ace_quota_use WHERE counter = ? AND bucket >= ?',
    [counter, countedFrom],
  );
  return { used: toNumber(row?.used ?? 0), oldestBucket: row?.oldest === null || row?.oldest === undefined ? null : toNumber(row.oldest) };
}

function setValue(session: SqlSession, name: string, value: string, now: number) {
  return session.run(
    'INSERT INTO backend_values (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    [name, value, now],
  );
}
