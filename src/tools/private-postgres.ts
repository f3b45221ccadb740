import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** Debian's server binaries (`apt-get install postgresql`), newest version first; null when not installed. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  return versions.map((version) => path.join(root, version, 'bin')).find((dir) => existsSync(path.join(dir, 'initdb'))) ?? null;
}

async function waitUntilAccepting(url: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited()) throw new Error('postgres exited while starting');
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
 * A throwaway PostgreSQL cluster from Debian's binaries, on a free loopback port, for tests and
 * benchmarks on a machine without a database server running. `stop` removes it.
 */
export async function startPrivatePostgres(): Promise<{ url: string; stop: () => void }> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed: apt-get install postgresql, or give a database URL.');
  const dir = mkdtempSync(path.join(tmpdir(), 'cosell-pg-'));
  // initdb refuses to run as root; Debian's package creates the postgres user for this.
  const asRoot = userInfo().uid === 0;
  const runAs = (command: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]);
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = path.join(dir, 'data');
  execFileSync(...runAs(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'cosell', '--no-sync', '-E', 'UTF8']), { stdio: 'ignore' });
  const port = await freePort();
  const server = spawn(
    ...runAs(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off']),
    { stdio: 'ignore' },
  );
  const url = `postgresql://cosell@127.0.0.1:${port}/postgres`;
  await waitUntilAccepting(url, () => server.exitCode !== null);
  return {
    url,
    stop: () => {
      try {
        // runuser does not pass signals on; pg_ctl stops the server through its pid file.
        execFileSync(...runAs(path.join(bin, 'pg_ctl'), ['-D', data, 'stop', '-m', 'fast', '-w']), { stdio: 'ignore' });
      } finally {
        server.kill();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A new, empty database on `serverUrl`'s server (the role needs CREATEDB); returns its URL. */
export async function createDatabase(serverUrl: string, prefix = 'cosell'): Promise<string> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
