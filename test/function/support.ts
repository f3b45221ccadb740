import { afterAll, beforeAll } from 'vitest';
import type { FunctionResponse } from '../../src/functions/contract.ts';
import type { DealCosellResult } from '../../src/functions/contracts.ts';
import { bootSandbox, type BootOptions } from '../../src/sandbox/boot.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';

export async function bootTestSandbox(options: Omit<BootOptions, 'dbFile'> = {}): Promise<Sandbox> {
  return bootSandbox({ dbFile: ':memory:', ...options });
}

/** One in-memory demo portal for the calling test file: booted before its tests, closed after them. */
export function withTestSandbox(use: (sandbox: Sandbox) => void, options: Omit<BootOptions, 'dbFile'> = {}): void {
  let booted: Sandbox | undefined;
  beforeAll(async () => {
    booted = await bootTestSandbox(options);
    use(booted);
  }, 120_000);
  afterAll(async () => {
    await booted?.close();
    booted?.store.close();
  });
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

/** The deal card's function as the given person would load it, failing the test on a non-200 answer. */
export async function loadDealCard(sandbox: Sandbox, objectId: string, as = 'jordan.patel@stratusdata.example'): Promise<FunctionResponse<DealCosellResult>> {
  const { status, body } = await act<{ response: FunctionResponse<DealCosellResult> }>(sandbox, { as, function: 'deal_cosell', objectId, objectTypeId: '0-3' });
  if (status !== 200) throw new Error(`/sandbox/act answered ${status}: ${JSON.stringify(body)}`);
  return body.response;
}
