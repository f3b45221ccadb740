import type { TestProject } from 'vitest/node';
import { startPrivatePostgres } from '../../src/tools/private-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * Gives the PostgreSQL tests a server: TEST_DATABASE_URL when CI started Debian's cluster, else a
 * private throwaway cluster from Debian's binaries, removed afterwards.
 */
export default async function provision(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) {
    project.provide('databaseUrl', given);
    return async () => {};
  }
  const cluster = await startPrivatePostgres();
  project.provide('databaseUrl', cluster.url);
  return async () => cluster.stop();
}
