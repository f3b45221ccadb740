import pg from 'pg';
import { LockTimeoutError, ProcessLocks, STORE_SCHEMA, type SqlDatabase, type SqlSession, type SqlValue } from './sql.ts';

/** `?` placeholders become `$1, $2, …`; the store's statements never contain a literal `?`. */
function numbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${(index += 1)}`);
}

function sessionOf(client: pg.Pool | pg.PoolClient): SqlSession {
  return {
    all: async <T extends object>(sql: string, params: readonly SqlValue[] = []) => (await client.query(numbered(sql), [...params])).rows as T[],
    run: async (sql: string, params: readonly SqlValue[] = []) => ({ changes: (await client.query(numbered(sql), [...params])).rowCount ?? 0 }),
  };
}

/** Where the database is, for people: host, port and name, never the user or password. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `PostgreSQL ${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

/**
 * An existing PostgreSQL server, for portals that run several backend instances. Locks are session
 * advisory locks on a connection held for the work, so a crashed instance's locks end with its
 * connection; the schema is created on first use.
 */
export async function openPostgresDatabase(url: string, options: { poolSize?: number } = {}): Promise<SqlDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle client that loses its server must not take the process down.
  pool.on('error', (error) => console.error('backend store: idle PostgreSQL connection failed:', error.message));
  const locks = new ProcessLocks();
  // Two instances starting at once would race CREATE TABLE IF NOT EXISTS; an advisory lock serialises them.
  const setup = await pool.connect();
  try {
    await setup.query("SELECT pg_advisory_lock(hashtextextended('cosell-backend-schema', 0))");
    for (const statement of STORE_SCHEMA) await setup.query(statement);
    await setup.query("SELECT pg_advisory_unlock(hashtextextended('cosell-backend-schema', 0))");
  } finally {
    setup.release();
  }
  const direct = sessionOf(pool);
  return {
    engine: 'postgresql',
    location: describePostgresUrl(url),
    ...direct,
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(sessionOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    withLock: (key, work, timeoutMs) =>
      locks.run(key, async () => {
        const client = await pool.connect();
        let held = false;
        try {
          await client.query(`SET lock_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
          try {
            await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
          } catch (error) {
            // 55P03: lock_not_available, raised when lock_timeout runs out.
            if ((error as { code?: string }).code === '55P03') throw new LockTimeoutError(key, timeoutMs);
            throw error;
          }
          held = true;
          return await work();
        } finally {
          if (held) await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => undefined);
          client.release();
        }
      }),
    close: () => pool.end(),
  };
}
