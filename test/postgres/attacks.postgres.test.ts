import { inject } from 'vitest';
import { describeAttacks } from '../function/attacks-suite.ts';
import { createDatabase } from '../../src/tools/private-postgres.ts';

describeAttacks('PostgreSQL', { backendDatabaseUrl: await createDatabase(inject('databaseUrl')) });
