import { inject } from 'vitest';
import { describeBackendInstances } from '../store/backend-instances-contract.ts';
import { freshDatabase } from './fresh-database.ts';

const databaseUrl = await freshDatabase(inject('databaseUrl'));

describeBackendInstances('PostgreSQL', () => ({ databaseUrl, sqliteFile: ':memory:' }), { backendDatabaseUrl: databaseUrl });
