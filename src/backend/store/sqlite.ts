import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { LockTimeoutError, ProcessLocks, STORE_SCHEMA, type SqlDatabase, type SqlSession, type SqlValue } from './sql.ts';

/** A held lock is renewed this often; a crashed holder's lease runs out after LEASE_MS. */
const LEASE_MS = 30_000;
const RENEW_MS = 10_000;

const BUSY_TIMEOUT_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `step`, waiting (without blocking the event loop) while another connection holds the write lock. */
async function whenNotBusy<T>(step: () => T): Promise<T> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let wait = 1; ; wait = Math.min(wait * 2, 25)) {
    try {
      return step();
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      await sleep(wait);
    }
  }
}

/**
 * The embedded default: one SQLite file (WAL) that every backend process on the machine opens.
 * better-sqlite3 is synchronous, so a statement never interleaves with another inside this process;
 * transactions take an in-process queue so nothing else runs on the connection between their awaits,
 * and BEGIN IMMEDIATE so other processes wait for the write lock. Cross-process locks are leases
 * in a table, renewed while held.
 */
export function openSqliteDatabase(file: string): SqlDatabase {
  const db = new Database(file);
  if (file !== ':memory:') {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('busy_timeout = 5000');
  for (const statement of STORE_SCHEMA) db.exec(statement);
  // From here on no busy wait: it would block this process's event loop while another connection
  // (here or in another process) finishes its transaction. SQLITE_BUSY is retried asynchronously.
  db.pragma('busy_timeout = 0');

  const holder = randomUUID();
  const locks = new ProcessLocks();
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const session: SqlSession = {
    all: <T extends object>(sql: string, params: readonly SqlValue[] = []) => whenNotBusy(() => prepared(sql).all(...params) as T[]),
    run: (sql: string, params: readonly SqlValue[] = []) => whenNotBusy(() => ({ changes: prepared(sql).run(...params).changes })),
  };
  // Statements outside a transaction must not slip into one that is waiting on an await.
  const direct: SqlSession = {
    all: (sql, params) => locks.run('connection', () => session.all(sql, params)),
    run: (sql, params) => locks.run('connection', () => session.run(sql, params)),
  };

  async function tryAcquire(key: string, now: number): Promise<boolean> {
    const { changes } = await direct.run(
      `INSERT INTO backend_locks (lock_key, holder, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (lock_key) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE backend_locks.expires_at < ?`,
      [key, holder, now + LEASE_MS, now],
    );
    return changes === 1;
  }

  return {
    engine: 'sqlite',
    location: file === ':memory:' ? 'SQLite in memory' : 'SQLite file',
    ...direct,
    transaction: (work) =>
      locks.run('connection', async () => {
        await whenNotBusy(() => db.exec('BEGIN IMMEDIATE'));
        try {
          const result = await work(session);
          await whenNotBusy(() => db.exec('COMMIT'));
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    withLock: (key, work, timeoutMs) =>
      locks.run(`lock:${key}`, async () => {
        const deadline = Date.now() + timeoutMs;
        for (let wait = 2; !(await tryAcquire(key, Date.now())); wait = Math.min(wait * 2, 50)) {
          if (Date.now() > deadline) throw new LockTimeoutError(key, timeoutMs);
          await sleep(wait);
        }
        const renew = setInterval(() => {
          void direct.run('UPDATE backend_locks SET expires_at = ? WHERE lock_key = ? AND holder = ?', [Date.now() + LEASE_MS, key, holder]);
        }, RENEW_MS);
        try {
          return await work();
        } finally {
          clearInterval(renew);
          await direct.run('DELETE FROM backend_locks WHERE lock_key = ? AND holder = ?', [key, holder]);
        }
      }),
    close: async () => {
      await locks.run('connection', async () => db.close());
    },
  };
}
