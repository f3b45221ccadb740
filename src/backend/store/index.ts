import { BackendStore } from './backend-store.ts';
import { openPostgresDatabase } from './postgres.ts';
import { openSqliteDatabase } from './sqlite.ts';

export {
  BackendStore,
  type AceJob,
  type AceOutboxStats,
  type DeadLetter,
  type LedgerEntry,
  type QueuedWebhookEvent,
  type RequestClaim,
  type WebhookQueueStats,
} from './backend-store.ts';
export { LockTimeoutError } from './sql.ts';

export interface StoreLocation {
  /** A postgres:// URL: several backend instances share it. */
  databaseUrl?: string | undefined;
  /** The embedded default: a SQLite file (or ':memory:' in tests). */
  sqliteFile: string;
}

/** PostgreSQL when DATABASE_URL names one, else the SQLite file: one backend on one machine needs nothing else. */
export async function openBackendStore(location: StoreLocation): Promise<BackendStore> {
  const url = location.databaseUrl?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL.');
    return new BackendStore(await openPostgresDatabase(url));
  }
  return new BackendStore(openSqliteDatabase(location.sqliteFile));
}
