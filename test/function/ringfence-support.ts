import { CARD_SNAPSHOT_PROPERTIES } from '../../src/hubspot/records/card-snapshot.ts';
import { RINGFENCE_KIND } from '../../src/backend/ringfence-state.ts';
import { writeAsApp } from '../../src/sandbox/demo/index.ts';
import { expect } from 'vitest';
import { BACKEND_BASE_URL } from '../../app/cards/backendUrl.ts';
import { registerRingfence, emptyRingfenceState, type RingfenceState } from '../../src/domain/ringfence/index.ts';
import { addDays, calendarDateInZone } from '../../src/domain/ringfence/calendar.ts';
import type { FunctionResponse } from '../../src/functions/contract.ts';
import type { CompanyAllianceResult, DealCosellResult } from '../../src/functions/contracts.ts';
import { appPolicy } from '../../src/policy/app-policy.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { act } from './support.ts';

export const MARCUS = 'marcus.webb@stratusdata.example';
export const AIKO = 'aiko.tanaka@stratusdata.example';
export const AE = 'jordan.patel@stratusdata.example';
export const MANAGER = 'maya.chen@stratusdata.example';
export const config = appPolicy.ringfence;

export function today(): string {
  return calendarDateInZone(new Date(), config.timeZone);
}

export function evidence(engagedOn = today()) {
  return {
    kind: 'hyperscaler_ae_introduction',
    contact: { name: 'Riley Chen', role: 'AWS Account Executive', email: 'riley.chen@amazon.com' },
    engagedOn,
    notes: 'AWS AE introduced the CTO.',
  };
}

let keys = 0;
export function registerParams(companyId: string, overrides: Record<string, unknown> = {}) {
  keys += 1;
  return { companyId, idempotencyKey: `test-${keys}`, expectedVersion: 0, cloud: 'aws', evidence: evidence(), ...overrides };
}

/** A company with no deals or contacts, so nothing predates a ring-fence on it. */
export function newCompany(sandbox: Sandbox, name: string): string {
  return sandbox.store.createObject('companies', { properties: { name, domain: `${name.toLowerCase().replace(/\W+/g, '')}.example` } }).id;
}

export async function action<R = unknown>(sandbox: Sandbox, as: string, uid: string, parameters: unknown): Promise<FunctionResponse<R>> {
  const answer = await sandbox.hubspotFetch(as, { url: `${BACKEND_BASE_URL}/actions/${uid}`, method: 'POST', body: parameters });
  return JSON.parse(answer.body) as FunctionResponse<R>;
}

export async function companyCard(sandbox: Sandbox, companyId: string, as = AE): Promise<CompanyAllianceResult> {
  const { body } = await act<{ response: FunctionResponse<CompanyAllianceResult> }>(sandbox, {
    as,
    function: 'company_alliance',
    objectId: companyId,
    objectTypeId: '0-2',
  });
  if (!body.response.ok) throw new Error(`company_alliance failed: ${body.response.error.code} ${body.response.error.message}`);
  return body.response.result;
}

export async function dealCard(sandbox: Sandbox, dealId: string, as = AE): Promise<DealCosellResult> {
  const { body } = await act<{ response: FunctionResponse<DealCosellResult> }>(sandbox, { as, function: 'deal_cosell', objectId: dealId, objectTypeId: '0-3' });
  if (!body.response.ok) throw new Error(`deal_cosell failed: ${body.response.error.code} ${body.response.error.message}`);
  return body.response.result;
}

/** Creates a record the way the company page's forms do (as `viewer`, CRM_UI or FORM), then waits for the webhooks. */
export async function createFromCompanyPage(
  sandbox: Sandbox,
  viewer: string,
  objectType: 'deals' | 'contacts',
  companyId: string,
  properties: Record<string, string>,
  source: 'CRM_UI' | 'FORM' = 'CRM_UI',
): Promise<string> {
  const response = await fetch(`${sandbox.url}/sandbox/record-create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `sandbox_viewer=${encodeURIComponent(viewer)}` },
    body: JSON.stringify({ objectType, properties, associateWith: [{ objectType: 'companies', id: companyId }], source }),
  });
  expect(response.status).toBe(200);
  const { id } = (await response.json()) as { id: string };
  await sandbox.webhooksIdle();
  return id;
}

export function companyNotes(sandbox: Sandbox, companyId: string): string[] {
  return sandbox.store
    .getAssociations('companies', companyId, 'notes')
    .map((association) => sandbox.store.getObject('notes', association.toId)?.properties.hs_note_body ?? '');
}

export function properties(sandbox: Sandbox, type: 'companies' | 'deals', id: string): Record<string, string | null> {
  return { ...sandbox.store.getObject(type, id)!.properties };
}

/**
 * Stores a ring-fence registered by Marcus (user 7100010) whose window ends on `expiresOn`, as the
 * backend would have written it on the engagement day; `noted` says whether its note was written.
 */
export function storeRingfenceExpiringOn(sandbox: Sandbox, companyId: string, expiresOn: string, options: { noted?: boolean } = {}): RingfenceState {
  const engagedOn = addDays(expiresOn, -config.windowDays);
  const outcome = registerRingfence(
    emptyRingfenceState(companyId),
    {
      idempotencyKey: `stored-${companyId}`,
      expectedVersion: 0,
      cloud: 'gcp',
      evidence: {
        ...evidence(engagedOn),
        kind: 'pdm_referral',
        contact: { name: 'Ana Ruiz', role: 'Google Cloud Partner Manager', email: 'ana.ruiz@google.com' },
      },
    },
    {
      now: new Date(`${engagedOn}T15:00:00Z`),
      actor: { userId: '7100010', teamIds: ['6100003'], displayName: 'Marcus Webb' },
      config,
      companyDeals: [],
      pipeline: appPolicy.pipeline,
    },
  );
  if (outcome.outcome !== 'applied') throw new Error(`could not build the ring-fence: ${JSON.stringify(outcome)}`);
  writeAsApp(
    sandbox.store,
    RINGFENCE_KIND,
    companyId,
    { cosell_ringfence_state: JSON.stringify(outcome.state), ...(options.noted === false ? {} : { cosell_ringfence_noted_version: '1' }) },
    new Date(`${engagedOn}T15:00:00Z`),
    { webhooks: true },
  );
  return outcome.state;
}

/**
 * Counts the CRM changes `work` makes to app data: a card saving its snapshot of the records around
 * it (a cache) is not a change to what the app decided.
 */
export async function appDataWritesDuring(sandbox: Sandbox, work: () => Promise<unknown>): Promise<number> {
  let writes = 0;
  const stop = sandbox.store.onChange((event) => {
    if (event.kind !== 'propertyChange' || !CARD_SNAPSHOT_PROPERTIES.includes(event.propertyName)) writes += 1;
  });
  try {
    await work();
  } finally {
    stop();
  }
  return writes;
}
