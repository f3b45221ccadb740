import { expect } from 'vitest';
import { BACKEND_BASE_URL } from '../../app/cards/backendUrl.ts';
import type { FunctionResponse } from '../../src/functions/contract.ts';
import type { DealCosellResult } from '../../src/functions/contracts.ts';
import { DEMO_SEED_SOURCE } from '../../src/sandbox/demo/index.ts';
import { prepareGatedDeal } from '../../src/sandbox/demo/gate.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { demoUsers } from '../../src/sandbox/seed/index.ts';

export const JORDAN = 'jordan.patel@stratusdata.example'; // AE, East
export const SOFIA = 'sofia.alvarez@stratusdata.example'; // AE, East
export const MAYA = 'maya.chen@stratusdata.example'; // manager, East
export const DANIEL = 'daniel.kim@stratusdata.example'; // manager, West
export const HANNAH = 'hannah.mueller@stratusdata.example'; // AE, West
export const RACHEL = 'rachel.goldberg@stratusdata.example'; // VP, senior approver
export const OLIVIA = 'olivia.grant@stratusdata.example'; // RevOps, admin override

export const JUSTIFICATION = 'The customer refuses marketplace procurement for this purchase under their policy.';

let keyCounter = 0;
export const freshKey = (): string => `test-key-${Date.now().toString(36)}-${(keyCounter += 1)}`;

export const userOf = (email: string) => demoUsers.find((user) => user.email === email)!;

/** A fresh (no exception yet) open deal, given to `ownerEmail`, that the routing engine gates ($900k unless told: below escalation); seeded changes send no webhooks. */
const claimed = new Set<string>();

export function gatedDeal(sandbox: Sandbox, ownerEmail: string, values: { amount?: number; stage?: string } = {}): string {
  const { store } = sandbox;
  const deal = store
    .listObjects('deals')
    .find(
      (candidate) =>
        !candidate.properties.cosell_exception_status &&
        !candidate.properties.cosell_route_chosen &&
        !['closedwon', 'closedlost', 'contractsent'].includes(candidate.properties.dealstage ?? '') &&
        !claimed.has(candidate.id),
    );
  if (!deal) throw new Error('No unclaimed open deal left in the demo portal');
  claimed.add(deal.id);
  store.asSource(DEMO_SEED_SOURCE, () => prepareGatedDeal(store, deal.id, { amount: 900_000, ...values, ownerEmail }));
  return deal.id;
}

/** A backend action as the card sends it; HubSpot's proxy envelope (non-2xx answers) is unwrapped as the cards unwrap it. */
export async function action<R = Record<string, unknown>>(sandbox: Sandbox, as: string, uid: string, parameters: unknown): Promise<FunctionResponse<R>> {
  const answer = await sandbox.hubspotFetch(as, { url: `${BACKEND_BASE_URL}/actions/${uid}`, method: 'POST', body: parameters });
  const parsed = JSON.parse(answer.body) as { status?: string; responseBody?: string };
  return (
    parsed.status === 'error' && typeof parsed.responseBody === 'string' && parsed.responseBody ? JSON.parse(parsed.responseBody) : parsed
  ) as FunctionResponse<R>;
}

export async function ok<R = Record<string, unknown>>(sandbox: Sandbox, as: string, uid: string, parameters: unknown): Promise<R> {
  const answer = await action<R>(sandbox, as, uid, parameters);
  if (!answer.ok) throw new Error(`${uid} as ${as} failed: ${answer.error.code} ${answer.error.message}`);
  return answer.result;
}

export async function requestException(sandbox: Sandbox, as: string, dealId: string, expectedVersion = 0) {
  return ok<{ version: number; status: string }>(sandbox, as, 'gate_request', {
    dealId,
    idempotencyKey: freshKey(),
    expectedVersion,
    reasonCode: 'customer_refuses_marketplace',
    justification: JUSTIFICATION,
  });
}

export async function dealCard(sandbox: Sandbox, as: string, dealId: string): Promise<DealCosellResult> {
  const response = await fetch(`${sandbox.url}/sandbox/act`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ as, function: 'deal_cosell', objectId: dealId, objectTypeId: '0-3', parameters: { viewerUserId: userOf(as).userId } }),
  });
  const body = (await response.json()) as { response: FunctionResponse<DealCosellResult> };
  if (!body.response.ok) throw new Error(`deal_cosell: ${body.response.error.code} ${body.response.error.message}`);
  return body.response.result;
}

/** The deal's properties and the bodies of its notes and tasks: what "nothing was written" compares. */
export function snapshot(sandbox: Sandbox, dealId: string) {
  const { store } = sandbox;
  const bodies = (type: 'notes' | 'tasks', property: string) =>
    store
      .getAssociations('deals', dealId, type)
      .map((association) => store.getObject(type, association.toId)?.properties[property] ?? '')
      .sort();
  return {
    properties: { ...store.getObject('deals', dealId)!.properties },
    notes: bodies('notes', 'hs_note_body'),
    tasks: bodies('tasks', 'hs_task_body'),
  };
}

export function expectUnchanged(sandbox: Sandbox, dealId: string, before: ReturnType<typeof snapshot>): void {
  expect(snapshot(sandbox, dealId)).toEqual(before);
}

export const gateNotes = (sandbox: Sandbox, dealId: string) => snapshot(sandbox, dealId).notes.filter((body) => body.includes('Ref: cosell-gate/'));
