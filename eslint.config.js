// ESLint for the whole tree: type-aware TypeScript rules, React hooks for the cards and pages, what
// a HubSpot card cannot use, and the layers of DESIGN.md as import rules. `npm run lint`; zero warnings.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const API_CLIENT = {
  group: ['@hubspot/api-client', '@hubspot/api-client/*'],
  message: 'Only src/hubspot/gateway.ts talks to HubSpot: go through the gateway.',
};
const DATABASE_DRIVERS = { group: ['better-sqlite3', 'pg', 'pg-*'], message: "Only the backend's store (src/backend/store) uses a database driver." };
const SANDBOX = { group: ['**/sandbox/**'], message: 'Production code never depends on the local stand-in (src/sandbox).' };
const BACKEND = { group: ['**/backend/**'], message: 'Functions do not import the backend: move shared code below both (src/domain, src/hubspot).' };
const NODE_BUILTINS = {
  group: ['node:*', 'fs', 'path', 'http', 'https', 'crypto', 'child_process', 'os', 'net', 'url'],
  message: 'src/domain is pure: no I/O.',
};
const DOMAIN_IO = {
  group: ['**/hubspot/**', '**/backend/**', '**/sandbox/**', '**/functions/**', '**/identity/**', '**/cli/**'],
  message: 'src/domain is pure: it receives values and returns decisions.',
};
const POLICY_UP = {
  group: ['**/domain/**', '**/hubspot/**', '**/backend/**', '**/functions/**', '**/sandbox/**'],
  message: 'src/policy is data and its schemas: nothing above it.',
};

/** `no-restricted-imports` with the patterns of every rule that applies to a folder (flat config does not merge options). */
const restricted = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/', '**/node_modules/', 'app/functions/*.js', '.sandbox/', 'data/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // An `async` function without `await` is how a synchronous throw becomes a rejection; keep it allowed.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },

  // --- the layers ---------------------------------------------------------------------------
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      ...restricted(NODE_BUILTINS, DOMAIN_IO, API_CLIENT, DATABASE_DRIVERS, SANDBOX),
      // The domain never reads the clock: callers pass `now`.
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/domain never reads the clock: take `now` as a parameter.' },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'src/domain never reads the clock: take `now` as a parameter.',
        },
      ],
    },
  },
  { files: ['src/policy/**/*.ts'], rules: restricted(POLICY_UP, API_CLIENT, DATABASE_DRIVERS) },
  { files: ['src/functions/**/*.ts'], rules: restricted(BACKEND, API_CLIENT, DATABASE_DRIVERS, SANDBOX) },
  { files: ['src/identity/**/*.ts', 'src/cli/**/*.ts', 'src/build/**/*.ts'], rules: restricted(API_CLIENT, DATABASE_DRIVERS, SANDBOX) },
  { files: ['src/backend/**/*.ts'], ignores: ['src/backend/store/**'], rules: restricted(API_CLIENT, DATABASE_DRIVERS, SANDBOX) },
  { files: ['src/backend/store/**/*.ts'], rules: restricted(API_CLIENT, SANDBOX) },
  { files: ['src/hubspot/**/*.ts'], ignores: ['src/hubspot/gateway.ts'], rules: restricted(API_CLIENT, DATABASE_DRIVERS, SANDBOX, BACKEND) },
  { files: ['src/hubspot/gateway.ts'], rules: restricted(DATABASE_DRIVERS, SANDBOX, BACKEND) },
  // The stand-in has its own database, and the throwaway PostgreSQL for tests and the bench its client.
  { files: ['src/sandbox/**/*.ts', 'src/sandbox/**/*.tsx'], ignores: ['src/sandbox/crm/store.ts'], rules: restricted(API_CLIENT, DATABASE_DRIVERS) },
  { files: ['src/bench/**/*.ts', 'src/tools/**/*.ts'], ignores: ['src/tools/private-postgres.ts'], rules: restricted(API_CLIENT, DATABASE_DRIVERS) },

  // --- cards, pages and settings: what runs in HubSpot's card sandbox -------------------------------
  {
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src/**'], allowTypeImports: true, message: 'Cards import nothing from src/ but types: they call functions and the backend.' },
            API_CLIENT,
            DATABASE_DRIVERS,
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'location', 'XMLHttpRequest', 'WebSocket'].map((name) => ({
          name,
          message: 'HubSpot cards run in a sandbox without the DOM.',
        })),
        { name: 'fetch', message: 'Cards reach the backend with hubspot.fetch, which HubSpot signs.' },
      ],
    },
  },
  // Tests may reach into anything, including the stand-in and the drivers.
  { files: ['test/**/*.ts', 'test/**/*.tsx'], languageOptions: { globals: { ...globals.node } } },
  prettier,
);
