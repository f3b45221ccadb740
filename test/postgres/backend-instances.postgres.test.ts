import { inject } from 'vitest';
import { describeBackendInstances } from '../store/backend-instances-contract.ts';
import { createDatabase } from '../../src/tools/private-postgres.ts';

const databaseUrl = await createDatabase(inject('databaseUrl'));

describeBackendInstances('PostgreSQL', () => ({ databaseUrl, sqliteFile: ':memory:' }), { backendDatabaseUrl: databaseUrl });
