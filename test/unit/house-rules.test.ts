import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer rules of DESIGN.md, proved against the real eslint.config.js: each snippet is linted as if it
// sat at the path given. Type-aware rules are off here because the files do not exist on disk.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: root,
    overrideConfig: [
      { ...tseslint.configs.disableTypeChecked, files: ['**/*.ts', '**/*.tsx'] },
      { languageOptions: { parserOptions: { projectService: false, project: null } } },
    ],
  });
});

async function problems(file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

describe('layer rules', () => {
  it.each([
    ['src/domain/routing/probe.ts', "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n", 'src/domain is pure'],
    ['src/domain/routing/probe.ts', "import { createGateway } from '../../hubspot/gateway.ts';\nexport const gateway = createGateway;\n", 'src/domain is pure'],
    [
      'src/domain/routing/probe.ts',
      "import type { BackendStore } from '../../backend/store/index.ts';\nexport type Store = BackendStore;\n",
      'src/domain is pure',
    ],
    ['src/domain/routing/probe.ts', 'export const today = new Date();\n', 'never reads the clock'],
    ['src/domain/routing/probe.ts', 'export const now = Date.now();\n', 'never reads the clock'],
    ['src/backend/probe.ts', "import { Client } from '@hubspot/api-client';\nexport const client = Client;\n", 'Only src/hubspot/gateway.ts talks to HubSpot'],
    [
      'src/hubspot/records/probe.ts',
      "import { Client } from '@hubspot/api-client';\nexport const client = Client;\n",
      'Only src/hubspot/gateway.ts talks to HubSpot',
    ],
    [
      'src/functions/probe.ts',
      "import { Client } from '@hubspot/api-client';\nexport const client = Client;\n",
      'Only src/hubspot/gateway.ts talks to HubSpot',
    ],
    ['src/backend/gate/probe.ts', "import Database from 'better-sqlite3';\nexport const db = Database;\n", "Only the backend's store"],
    ['src/hubspot/probe.ts', "import pg from 'pg';\nexport const db = pg;\n", "Only the backend's store"],
    [
      'src/functions/probe.ts',
      "import { startBackend } from '../backend/server.ts';\nexport const start = startBackend;\n",
      'Functions do not import the backend',
    ],
    ['src/backend/probe.ts', "import { seedDemo } from '../sandbox/demo/index.ts';\nexport const seed = seedDemo;\n", 'never depends on the local stand-in'],
    ['src/cli/probe.ts', "import { seedDemo } from '../sandbox/demo/index.ts';\nexport const seed = seedDemo;\n", 'never depends on the local stand-in'],
    ['src/policy/probe.ts', "import { money } from '../domain/money.ts';\nexport const m = money;\n", 'src/policy is data'],
    [
      'app/cards/Probe.tsx',
      "import { evaluateRouting } from '../../src/domain/routing/evaluate.ts';\nexport const e = evaluateRouting;\n",
      'Cards import nothing from src/ but types',
    ],
    ['app/pages/Probe.tsx', 'export const here = window.location.href;\n', 'without the DOM'],
    ['app/cards/Probe.tsx', "export const load = () => fetch('https://example.com');\n", 'hubspot.fetch'],
  ])('%s: %j is refused', async (file, text, expected) => {
    const found = await problems(file, text);
    expect(found.join('\n')).toContain(expected);
  });

  it.each([
    ['src/domain/routing/probe.ts', "import { CLOUDS } from '../../policy/marketplace-policy.ts';\nexport const clouds = CLOUDS;\n"],
    ['src/hubspot/gateway.ts', "import { Client } from '@hubspot/api-client';\nexport const client = Client;\n"],
    ['src/backend/store/probe.ts', "import Database from 'better-sqlite3';\nexport const db = Database;\n"],
    ['app/cards/Probe.tsx', "import type { DealCosellResult } from '../../src/functions/contracts.ts';\nexport type Result = DealCosellResult;\n"],
    ['test/unit/probe.test.ts', "import { seedDemo } from '../../src/sandbox/demo/index.ts';\nexport const seed = seedDemo;\n"],
  ])('%s: what the layers allow passes', async (file, text) => {
    expect(await problems(file, text)).toEqual([]);
  });
});
