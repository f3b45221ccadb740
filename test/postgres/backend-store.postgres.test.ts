import pg from 'pg';
import { inject } from 'vitest';
import { openBackendStore } from '../../src/backend/store/index.ts';
import { describeBackendStore } from '../store/backend-store-contract.ts';
import { createDatabase } from '../../src/tools/private-postgres.ts';

const databaseUrl = await createDatabase(inject('databaseUrl'));

describeBackendStore('PostgreSQL', {
  open: () => openBackendStore({ databaseUrl, sqliteFile: ':memory:' }),
  abandonLock: async (key) => {
    // A connection takes the advisory lock and then dies without unlocking.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
    await client.end();
  },
});
