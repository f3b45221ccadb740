import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll } from 'vitest';
import { openBackendStore } from '../../src/backend/store/index.ts';
import { describeBackendStore } from './backend-store-contract.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cosell-store-'));
const file = path.join(dir, 'backend.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeBackendStore('SQLite (one file, two processes)', {
  open: () => openBackendStore({ sqliteFile: file }),
  abandonLock: async (key) => {
    const db = new Database(file);
    db.prepare('INSERT INTO backend_locks (lock_key, holder, expires_at) VALUES (?, ?, ?)').run(key, 'crashed-instance', Date.now() - 1);
    db.close();
  },
});
