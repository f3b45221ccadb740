import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The backend store and concurrency tests against PostgreSQL (`npm run test:postgres`). */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/postgres/**/*.test.ts'],
    globalSetup: ['test/setup/build-functions.ts', 'test/postgres/provision.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
