/**
 * The little the backend's store needs from a SQL engine, written once for SQLite and PostgreSQL.
 * Statements use `?` placeholders; the PostgreSQL driver numbers them. Integers may come back as
 * strings (PostgreSQL BIGINT), so readers convert with Number().
 */
export type SqlValue = string | number | null;

export interface SqlSession {
  all<T extends object>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

export interface SqlDatabase extends SqlSession {
  readonly engine: 'sqlite' | 'postgresql';
  /** Where the data lives, for people (no credentials). */
  readonly location: string;
  /** Runs `work` in one transaction that no other writer interleaves with. */
  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T>;
  /**
   * Holds a lock named `key` for every process sharing this database while `work` runs. Waits at most
   * `timeoutMs`, then throws LockTimeoutError; a crashed holder's lock is freed (lease or session end).
   */
  withLock<T>(key: string, work: () => Promise<T>, timeoutMs: number): Promise<T>;
  close(): Promise<void>;
}

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(
    readonly key: string,
    timeoutMs: number,
  ) {
    super(`Another backend instance has held the lock on ${key} for more than ${timeoutMs / 1000} s.`);
  }
}

/** One shared DDL: BIGINT and TEXT mean the same to both engines. */
export const STORE_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS signed_requests (
     request_key TEXT PRIMARY KEY,
     state TEXT NOT NULL,
     expires_at BIGINT NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS signed_requests_expiry ON signed_requests (expires_at)`,
  `CREATE TABLE IF NOT EXISTS backend_locks (
     lock_key TEXT PRIMARY KEY,
     holder TEXT NOT NULL,
     expires_at BIGINT NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS ledger (
     object_type TEXT NOT NULL,
     object_id TEXT NOT NULL,
     name TEXT NOT NULL,
     value TEXT NOT NULL,
     updated_at BIGINT NOT NULL,
     PRIMARY KEY (object_type, object_id, name)
   )`,
  `CREATE TABLE IF NOT EXISTS webhook_events (
     event_id TEXT PRIMARY KEY,
     payload TEXT NOT NULL,
     state TEXT NOT NULL,
     attempts BIGINT NOT NULL DEFAULT 0,
     received_at BIGINT NOT NULL,
     next_attempt_at BIGINT NOT NULL,
     lease_until BIGINT NOT NULL DEFAULT 0,
     last_error TEXT,
     finished_at BIGINT
   )`,
  `CREATE INDEX IF NOT EXISTS webhook_events_due ON webhook_events (state, next_attempt_at)`,
  `CREATE TABLE IF NOT EXISTS ace_outbox (
     job_key TEXT PRIMARY KEY,
     deal_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     payload TEXT NOT NULL,
     progress TEXT NOT NULL DEFAULT '{}',
     version BIGINT NOT NULL DEFAULT 0,
     state TEXT NOT NULL,
     attempts BIGINT NOT NULL DEFAULT 0,
     created_at BIGINT NOT NULL,
     next_attempt_at BIGINT NOT NULL,
     lease_until BIGINT NOT NULL DEFAULT 0,
     last_error TEXT,
     finished_at BIGINT
   )`,
  `CREATE INDEX IF NOT EXISTS ace_outbox_due ON ace_outbox (state, next_attempt_at)`,
  `CREATE TABLE IF NOT EXISTS ace_quota_use (
     counter TEXT NOT NULL,
     bucket BIGINT NOT NULL,
     calls BIGINT NOT NULL,
     PRIMARY KEY (counter, bucket)
   )`,
  `CREATE TABLE IF NOT EXISTS backend_values (
     name TEXT PRIMARY KEY,
     value TEXT NOT NULL,
     updated_at BIGINT NOT NULL
   )`,
];

/** Keeps waiters in one process in line, so they queue here instead of polling the database. */
export class ProcessLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
