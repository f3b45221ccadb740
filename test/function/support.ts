import { bootSandbox } from '../../src/sandbox/boot.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';

export async function bootTestSandbox(): Promise<Sandbox> {
  return bootSandbox({ dbFile: ':memory:' });
}

export interface ActRequest {
  as: string;
  function: string;
  parameters?: unknown;
  objectId: string;
  objectTypeId: '0-3' | '0-2';
  propertiesToSend?: string[];
}

/** Calls POST /sandbox/act: runs a function or backend action exactly as that user's card would. */
export async function act<T = unknown>(sandbox: Sandbox, request: ActRequest): Promise<{ status: number; body: T }> {
  const response = await fetch(`${sandbox.url}/sandbox/act`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  return { status: response.status, body: (await response.json()) as T };
}
