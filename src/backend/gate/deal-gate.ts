import type { GateError } from '../../domain/exception/errors.ts';
import type { AuditEntry, DealAccess, ExceptionState } from '../../domain/exception/types.ts';
import { compileRoutingPolicy, type RoutingPolicy } from '../../domain/routing/policy.ts';
import { FunctionFailure } from '../../functions/runtime.ts';
import type { FunctionErrorCode } from '../../functions/contract.ts';
import { HubSpotError } from '../../hubspot/errors.ts';
import type { CrmObjectType, HubSpotGateway, HubSpotOwner } from '../../hubspot/gateway.ts';
import { auditMarker, auditNoteBody } from '../../hubspot/records/gate-audit.ts';
import {
  GATE_COMPANY_PROPERTY_NAMES,
  GATE_DEAL_PROPERTY_NAMES,
  dealAccessFromRecord,
  gateFactsFromRecords,
  type GateFacts,
} from '../../hubspot/records/gate-facts.ts';
import { auditedVersionToProperties, exceptionStateToProperties, parseGateRecord, type GateRecord } from '../../hubspot/records/gate.ts';
import { appPolicy } from '../../policy/app-policy.ts';
import { marketplacePolicy } from '../../policy/marketplace-policy.ts';

/** One deal as the gate sees it, read fresh from HubSpot for every decision. */
export interface GateDeal {
  id: string;
  properties: Record<string, string | null>;
  record: GateRecord;
  facts: GateFacts;
  access: DealAccess;
}

let routingPolicy: RoutingPolicy | undefined;

/** Compiled once per process: the policy files are bundled and validated at load. */
export function gateRoutingPolicy(): RoutingPolicy {
  routingPolicy ??= compileRoutingPolicy(marketplacePolicy, appPolicy.routing);
  return routingPolicy;
}

/** Two calls: the deal with its company id, then the company (commitments and country feed routing). */
export async function readGateDeal(gateway: HubSpotGateway, dealId: string, owners: readonly HubSpotOwner[]): Promise<GateDeal> {
  let loaded: Awaited<ReturnType<HubSpotGateway['getRecordWithAssociations']>>;
  try {
    loaded = await gateway.getRecordWithAssociations('deals', dealId, GATE_DEAL_PROPERTY_NAMES, ['companies']);
  } catch (error) {
    if (error instanceof HubSpotError && error.kind === 'not_found') {
      throw new FunctionFailure('NOT_FOUND', `Deal ${dealId} does not exist in HubSpot.`, 'dealId');
    }
    throw error;
  }
  const companyId = loaded.associations.companies?.[0];
  const [company] = companyId ? await gateway.readRecords('companies', [companyId], GATE_COMPANY_PROPERTY_NAMES) : [];
  const parsed = parseGateRecord(loaded.record.properties);
  if (!parsed.ok) throw new FunctionFailure('INTERNAL', `Deal ${dealId}: ${parsed.message}. Nothing was written; fix or clear the property in HubSpot.`);
  return {
    id: dealId,
    properties: loaded.record.properties,
    record: parsed.record,
    facts: gateFactsFromRecords(loaded.record.properties, company?.properties ?? null, gateRoutingPolicy()),
    access: dealAccessFromRecord(loaded.record.properties, owners),
  };
}

const FAILURE_CODE: Record<GateError['code'], FunctionErrorCode> = {
  INVALID_COMMAND: 'INVALID_PARAMETERS',
  INVALID_STATE: 'INTERNAL',
  VERSION_CONFLICT: 'CONFLICT',
  IDEMPOTENCY_KEY_REUSED: 'CONFLICT',
  INVALID_TRANSITION: 'CONFLICT',
  EXCEPTION_NOT_NEEDED: 'CONFLICT',
  FACTS_CHANGED: 'CONFLICT',
  NOT_ON_DEAL: 'FORBIDDEN',
  NOT_THE_REQUESTER: 'FORBIDDEN',
  SELF_APPROVAL: 'FORBIDDEN',
  SAME_APPROVER_TWICE: 'FORBIDDEN',
  NOT_AN_APPROVER: 'FORBIDDEN',
  NOT_SENIOR: 'FORBIDDEN',
};

/** A refusal from the domain as the error the card shows; nothing has been written when it is thrown. */
export function gateFailure(error: GateError): FunctionFailure {
  return new FunctionFailure(FAILURE_CODE[error.code], error.message, error.field);
}

/** Bodies of the notes (or task bodies) on a deal that carry one of the app's reference lines. */
export async function engagementBodies(gateway: HubSpotGateway, dealId: string, type: Extract<CrmObjectType, 'notes' | 'tasks'>): Promise<string[]> {
  const ids = (await gateway.associatedIds('deals', [dealId], type)).get(dealId) ?? [];
  if (ids.length === 0) return [];
  const property = type === 'notes' ? 'hs_note_body' : 'hs_task_body';
  const records = await gateway.readRecords(type, ids, [property]);
  return records.map((record) => record.properties[property] ?? '');
}

/**
 * Writes the audit note of every history entry above `auditedVersion` that has none yet, then
 * records how far the notes go. After a failure between the state write and its note, the next
 * read (an action, a webhook or the card's function) finds the gap here and closes it; the marker
 * check keeps a note that did get written from being written twice.
 */
export async function ensureAuditNotes(
  gateway: HubSpotGateway,
  dealId: string,
  state: ExceptionState,
  auditedVersion: number,
  nameOf: (userId: string | null) => string,
): Promise<{ written: AuditEntry[] }> {
  if (auditedVersion >= state.version) return { written: [] };
  const missing = state.history.filter((entry) => entry.version > auditedVersion);
  const bodies = await engagementBodies(gateway, dealId, 'notes');
  const written: AuditEntry[] = [];
  for (const entry of missing) {
    const marker = auditMarker(dealId, entry);
    if (bodies.some((body) => body.includes(marker))) continue;
    await gateway.createRecord('notes', { hs_timestamp: entry.at, hs_note_body: auditNoteBody(dealId, entry, nameOf) }, [{ type: 'deals', id: dealId }]);
    written.push(entry);
  }
  await gateway.updateRecord('deals', dealId, auditedVersionToProperties(state.version));
  return { written };
}

/** The state and its flat projections in one update, so a reader never sees them disagree. */
export async function writeExceptionState(gateway: HubSpotGateway, dealId: string, state: ExceptionState): Promise<void> {
  await gateway.updateRecord('deals', dealId, exceptionStateToProperties(state));
}
