import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { describeBackendInstances } from './backend-instances-contract.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cosell-instances-'));
const file = path.join(dir, 'backend.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeBackendInstances('one SQLite file', () => ({ sqliteFile: file }), { backendSqliteFile: file });
