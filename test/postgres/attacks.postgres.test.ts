import { inject } from 'vitest';
import { describeAttacks } from '../function/attacks-suite.ts';
import { freshDatabase } from './fresh-database.ts';

describeAttacks('PostgreSQL', { backendDatabaseUrl: await freshDatabase(inject('databaseUrl')) });
