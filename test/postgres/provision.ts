import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Debian's server binaries (`apt-get install postgresql`), newest version first. */
function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions.map((version) => path.join(root, version, 'bin')).find((dir) => existsSync(path.join(dir, 'initdb')));
  if (!bin) throw new Error('PostgreSQL tests need a server: set TEST_DATABASE_URL, or install Debian\'s postgresql (apt-get install postgresql).');
  return bin;
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres exited with code ${server.exitCode}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Gives the PostgreSQL tests a database: TEST_DATABASE_URL when CI started Debian's cluster, else a
 * private throwaway cluster from Debian's binaries on a free loopback port, removed afterwards.
 */
export default async function provision(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) {
    project.provide('databaseUrl', given);
    return async () => {};
  }
  const bin = postgresBin();
  const dir = mkdtempSync(path.join(tmpdir(), 'cosell-pg-'));
  // initdb refuses to run as root; Debian's package creates the postgres user for this.
  const asRoot = userInfo().uid === 0;
  const runAs = (command: string, args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]) as [string, string[]];
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = path.join(dir, 'data');
  execFileSync(...runAs(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'cosell', '--no-sync', '-E', 'UTF8']), { stdio: 'ignore' });
  const port = await freePort();
  const [command, args] = runAs(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off']);
  const server = spawn(command, args, { stdio: 'ignore' });
  const url = `postgresql://cosell@127.0.0.1:${port}/postgres`;
  await waitForServer(url, server);
  project.provide('databaseUrl', url);
  return async () => {
    // runuser does not pass signals on; pg_ctl stops the server through its pid file.
    try {
      execFileSync(...runAs(path.join(bin, 'pg_ctl'), ['-D', data, 'stop', '-m', 'fast', '-w']), { stdio: 'ignore' });
    } finally {
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
