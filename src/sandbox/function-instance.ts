import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { SEAL_KEY_SECRET } from '../functions/integrity.ts';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_SEAL_KEY } from './constants.ts';
import type { CrmStore } from './crm/index.ts';
import { createFunctionRunner, type FunctionRunner } from './function-runner.ts';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));

/** A function as a card calls it: its uid, the record type it is bound to and what the card sends. */
export interface CardFunction {
  uid: string;
  objectType: 'deals' | 'companies' | null;
  propertiesToSend: readonly string[];
}

export interface CardLoad {
  response: unknown;
  /** Every HubSpot request the function made for this load, as `METHOD /path` (retries included). */
  calls: string[];
}

export interface FunctionInstance {
  /** Loads the card for one record, as HubSpot would (it fetches `propertiesToSend` itself, at no cost to the app). One load at a time. */
  load(fn: CardFunction, recordId: string, parameters?: unknown): Promise<CardLoad>;
  /** Replaces the instance with a new one: module caches start empty, as after a deploy or an idle period. */
  restart(): void;
  close(): Promise<void>;
}

/**
 * A function instance of its own in front of the stand-in, which sees only its own HubSpot calls
 * (not the backend's, not other instances'): benchmarks and call-budget tests count with it.
 */
export async function startFunctionInstance(sandbox: { url: string; store: CrmStore }): Promise<FunctionInstance> {
  const target = new URL(sandbox.url);
  let calls: string[] = [];
  const counter = createServer((incoming, outgoing) => {
    calls.push(`${incoming.method} ${new URL(incoming.url ?? '/', target).pathname}`);
    const forwarded = request(
      { host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', (error) => outgoing.destroy(error));
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve));
  const apiBasePath = `http://127.0.0.1:${(counter.address() as AddressInfo).port}`;
  const newRunner = (): FunctionRunner =>
    createFunctionRunner({ projectDir, apiBasePath, accessToken: SANDBOX_ACCESS_TOKEN, secrets: { [SEAL_KEY_SECRET]: SANDBOX_SEAL_KEY } });
  let runner = newRunner();

  return {
    async load(fn, recordId, parameters = {}) {
      const record = fn.objectType ? sandbox.store.getObject(fn.objectType, recordId) : undefined;
      if (fn.objectType && !record) throw new Error(`No ${fn.objectType} record ${recordId}.`);
      const propertiesToSend = Object.fromEntries(
        fn.propertiesToSend.map((name) => [name, name === 'hs_object_id' ? recordId : (record?.properties[name] ?? null)]),
      );
      calls = [];
      const response = await runner({ uid: fn.uid, parameters, propertiesToSend });
      return { response, calls: [...calls] };
    },
    restart() {
      runner = newRunner();
    },
    close() {
      const closed = new Promise<void>((resolve, reject) => counter.close((error) => (error ? reject(error) : resolve())));
      counter.closeAllConnections();
      return closed;
    },
  };
}
