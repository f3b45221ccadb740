import type { GateError } from '../../domain/exception/errors.ts';
import { initialExceptionState, parseExceptionState } from '../../domain/exception/state.ts';
import type { AuditEntry, DealAccess, ExceptionState } from '../../domain/exception/types.ts';
import { FunctionFailure } from '../../functions/runtime.ts';
import type { FunctionErrorCode } from '../../functions/contract.ts';
import { HubSpotError } from '../../hubspot/errors.ts';
import { ownerIdOfUser, ownerUserId, teamIdsOfUser, type PortalDirectory } from '../../hubspot/directory.ts';
import type { CrmRecord, HubSpotGateway } from '../../hubspot/gateway.ts';
import type { AuthoritativeValues } from '../../hubspot/integrity/seal.ts';
import type { PropertyHistory } from '../../hubspot/integrity/verify.ts';
import { dealCompanyOf, type DealCompany } from '../../hubspot/records/deal-company.ts';
import { engagementBodies, ensureNote, ensureTask } from '../../hubspot/records/engagements.ts';
import { decidedTaskText, decideTaskText, gateTaskMarker, type GateTaskText } from '../../hubspot/records/gate-tasks.ts';
import { currentProductOffers, readDealProductsWithHistory, type DealProductsWithHistory } from '../../hubspot/records/deal-products.ts';
import type { ProductOffer } from '../../domain/routing/offer.ts';
import { auditMarker, auditNoteBody } from '../../hubspot/records/gate-audit.ts';
import {
  GATE_COMPANY_PROPERTY_NAMES,
  GATE_DEAL_HISTORY_NAMES,
  GATE_DEAL_PROPERTY_NAMES,
  dealAccessFromRecord,
  gateFactsFromRecords,
  gateRoutingPolicy,
  type GateFacts,
} from '../../hubspot/records/gate-facts.ts';
import { exceptionStateToProperties, parseGateRecord, type GateRecord } from '../../hubspot/records/gate.ts';
import { appPolicy } from '../../policy/app-policy.ts';
import type { AppStateKeeper, ProtectedKind, TamperReport } from '../integrity.ts';

/** Everything a gate decision needs from outside the deal. */
export interface GateContext {
  gateway: HubSpotGateway;
  keeper: AppStateKeeper;
  directory: PortalDirectory;
  now: Date;
}

/** One deal as the gate sees it, read fresh from HubSpot for every decision, with only app-written state trusted. */
export interface GateDeal {
  id: string;
  properties: Record<string, string | null>;
  history: PropertyHistory;
  trusted: AuthoritativeValues;
  record: GateRecord;
  company: DealCompany;
  companyRecord: CrmRecord | null;
  companyHistory: PropertyHistory;
  /** The offer facts of the deal's products: the gate recommends from the same facts as the card. */
  products: ProductOffer[];
  /** The line items and products behind them, with history, for the facts at a stage entry. */
  productsRead: DealProductsWithHistory;
  facts: GateFacts;
  access: DealAccess;
  repaired: TamperReport | null;
}

/**
 * Whom to tell about a deal: the approver(s) policy names for the deal owner's teams, else the
 * named approvers, else the senior approvers, as HubSpot owner ids (tasks are assigned to owners).
 */
export function approverFor(
  directory: PortalDirectory,
  dealOwnerUserId: string | null,
  alsoExcluded: readonly string[] = [],
): { ownerId: string; userId: string } | null {
  const candidates = [
    ...teamIdsOfUser(directory, dealOwnerUserId).flatMap((teamId) => appPolicy.gate.teamApprovers[teamId] ?? []),
    ...appPolicy.gate.namedApproverUserIds,
    ...appPolicy.gate.senior.userIds,
  ].filter((userId) => userId !== dealOwnerUserId && !alsoExcluded.includes(userId));
  for (const userId of candidates) {
    const ownerId = ownerIdOfUser(directory, userId);
    if (ownerId) return { ownerId, userId };
  }
  return null;
}

const EXCEPTION_PROJECTIONS = Object.keys(exceptionStateToProperties(initialExceptionState())).filter((name) => name !== 'cosell_exception_state');

/** The flat exception properties people report on: derived from the trusted state JSON on every write. */
function exceptionProjections(trusted: AuthoritativeValues): Record<string, string> {
  // No exception ever: the flat copies are empty, as they are on a deal the app has not touched.
  if (!trusted.cosell_exception_state) return Object.fromEntries(EXCEPTION_PROJECTIONS.map((name) => [name, '']));
  const parsed = parseExceptionState(trusted.cosell_exception_state);
  if (!parsed.ok) return {};
  const { cosell_exception_state: _authoritative, ...flat } = exceptionStateToProperties(parsed.state);
  return flat;
}

export const GATE_KIND: ProtectedKind = {
  objectType: 'deals',
  description: 'the direct-route gate state (exception, route, violations)',
  projections: exceptionProjections,
  projectionNames: EXCEPTION_PROJECTIONS,
  notifyOwnerId: (read, _trusted, directory) => approverFor(directory, ownerUserId(directory, read.record.properties.hubspot_owner_id))?.ownerId ?? null,
};

/**
 * The deal with its trusted gate state, its primary company and the history of every routing input:
 * two calls (the deal with its company and line item ids, then the company), and for a deal with line
 * items their read and their products'. Someone else's edit to the gate state
 * is repaired before anything is decided on it.
 */
export async function readGateDeal(context: GateContext, dealId: string): Promise<GateDeal> {
  let loaded: Awaited<ReturnType<AppStateKeeper['read']>>;
  try {
    loaded = await context.keeper.read(
      GATE_KIND,
      dealId,
      { properties: GATE_DEAL_PROPERTY_NAMES, history: GATE_DEAL_HISTORY_NAMES, associations: ['companies', 'line_items'] },
      context.now,
      context.directory,
    );
  } catch (error) {
    if (error instanceof HubSpotError && error.kind === 'not_found') {
      throw new FunctionFailure('NOT_FOUND', `Deal ${dealId} does not exist in HubSpot.`, 'dealId');
    }
    throw error;
  }
  const company = dealCompanyOf(loaded.associations.companies);
  const [[companyRead], productsRead] = await Promise.all([
    company.id
      ? context.gateway.readRecordsWithHistory('companies', [company.id], GATE_COMPANY_PROPERTY_NAMES, GATE_COMPANY_PROPERTY_NAMES)
      : Promise.resolve([]),
    readDealProductsWithHistory(
      context.gateway,
      (loaded.associations.line_items ?? []).map((lineItem) => lineItem.id),
    ),
  ]);
  const products = currentProductOffers(productsRead);
  const parsed = parseGateRecord(loaded.trusted);
  if (!parsed.ok) throw new FunctionFailure('INTERNAL', `Deal ${dealId}: ${parsed.message}. Nothing was written.`);
  const properties = { ...loaded.record.properties, ...loaded.trusted };
  const access = dealAccessFromRecord(properties, context.directory);
  return {
    id: dealId,
    properties,
    history: loaded.history,
    trusted: loaded.trusted,
    record: parsed.record,
    company,
    companyRecord: companyRead?.record ?? null,
    companyHistory: companyRead?.history ?? {},
    products,
    productsRead,
    facts: gateFactsFromRecords(properties, companyRead?.record.properties ?? null, gateRoutingPolicy(), access.ownerUserId, products),
    access,
    repaired: loaded.repaired,
  };
}

/** Writes authoritative gate values (sealed, with projections) and keeps `deal` current for the next step. */
export async function writeGateValues(
  context: GateContext,
  deal: GateDeal,
  changes: Readonly<Record<string, string>>,
  extra: Readonly<Record<string, string>> = {},
): Promise<void> {
  const trusted = await context.keeper.write(GATE_KIND, deal.id, deal.trusted, changes, context.now, extra);
  const parsed = parseGateRecord(trusted);
  if (!parsed.ok) throw new Error(`Deal ${deal.id}: the app produced an invalid gate record: ${parsed.message}`);
  deal.trusted = trusted;
  deal.record = parsed.record;
  deal.properties = { ...deal.properties, ...trusted, ...extra };
}

export async function writeExceptionState(context: GateContext, deal: GateDeal, state: ExceptionState): Promise<void> {
  await writeGateValues(context, deal, { cosell_exception_state: exceptionStateToProperties(state).cosell_exception_state! });
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

/**
 * Writes the audit note of every history entry above the audited version that has none yet, then
 * records how far the notes go. After a failure between the state write and its note, the next
 * backend read (an action or a webhook) finds the gap here and closes it; the marker check keeps a
 * note that did get written from being written twice.
 */
export async function ensureAuditNotes(context: GateContext, deal: GateDeal, nameOf: (userId: string | null) => string): Promise<{ written: AuditEntry[] }> {
  const state = deal.record.exception;
  if (deal.record.auditedVersion >= state.version) return { written: [] };
  const missing = state.history.filter((entry) => entry.version > deal.record.auditedVersion);
  const bodies = await engagementBodies(context.gateway, { type: 'deals', id: deal.id }, 'notes');
  const written: AuditEntry[] = [];
  for (const entry of missing) {
    const wrote = await ensureNote(
      context.gateway,
      { type: 'deals', id: deal.id },
      auditMarker(deal.id, entry),
      auditNoteBody(deal.id, entry, nameOf),
      new Date(entry.at),
      bodies,
    );
    if (wrote) written.push(entry);
  }
  await ensureGateTasks(context, deal, missing, nameOf);
  await writeGateValues(context, deal, { cosell_exception_audited_version: String(state.version) });
  return { written };
}

const ENDS_PENDING_STEP: ReadonlySet<AuditEntry['action']> = new Set(['approve', 'reject', 'withdraw', 'invalidate', 'expire']);

/** The first senior approver with a HubSpot owner who is neither the requester nor the team approver. */
function seniorFor(directory: PortalDirectory, excluded: readonly string[]): string | null {
  const { userIds, roleIds } = appPolicy.gate.senior;
  const byRole = directory.users.filter((user) => user.roleIds.some((role) => roleIds.includes(role))).map((user) => user.id);
  for (const userId of [...userIds, ...byRole]) {
    if (excluded.includes(userId)) continue;
    const ownerId = ownerIdOfUser(directory, userId);
    if (ownerId) return ownerId;
  }
  return null;
}

/**
 * The tasks of the transitions whose notes were just written: the approver's when a request arrives,
 * the senior approver's after the team approval of an escalated deal, the requester's when decided.
 * Written before the audited version moves on, so a failure is retried on the next backend read; the
 * reference line keeps each task single.
 */
async function ensureGateTasks(context: GateContext, deal: GateDeal, entries: readonly AuditEntry[], nameOf: (userId: string | null) => string): Promise<void> {
  const { directory } = context;
  const history = deal.record.exception.history;
  const dealName = deal.properties.dealname || `Deal ${deal.id}`;
  const requestBefore = (entry: AuditEntry) => history.filter((candidate) => candidate.action === 'request' && candidate.version < entry.version).at(-1);
  let tasks: CrmRecord[] | undefined;
  const loadTasks = async () => {
    const ids = (await context.gateway.associatedIds('deals', [deal.id], 'tasks')).get(deal.id) ?? [];
    tasks = ids.length > 0 ? await context.gateway.readRecords('tasks', ids, ['hs_task_body', 'hs_task_status']) : [];
    return tasks;
  };
  for (const entry of entries) {
    // The step the previous transition opened is over: its approver's task is done, whoever decided.
    if (ENDS_PENDING_STEP.has(entry.action) && (entry.from === 'requested' || entry.from === 'awaiting_senior')) {
      const marker = gateTaskMarker(deal.id, entry.version - 1);
      const open = (tasks ?? (await loadTasks())).filter(
        (task) => task.properties.hs_task_body?.includes(marker) && task.properties.hs_task_status !== 'COMPLETED',
      );
      for (const task of open) {
        await context.gateway.updateRecord('tasks', task.id, { hs_task_status: 'COMPLETED' });
        task.properties.hs_task_status = 'COMPLETED';
      }
    }
    let task: { ownerId: string | null; text: GateTaskText } | null = null;
    if (entry.action === 'request' && entry.actorUserId) {
      const ownerUserId = entry.facts.ownerUserId ?? deal.access.ownerUserId;
      task = {
        ownerId: approverFor(directory, ownerUserId, [entry.actorUserId])?.ownerId ?? null,
        text: decideTaskText({
          kind: 'decide',
          dealId: deal.id,
          dealName,
          requester: nameOf(entry.actorUserId),
          request: entry,
          escalated: entry.to === 'requested' && (deal.record.exception.request?.escalated ?? false),
          version: entry.version,
        }),
      };
    } else if (entry.action === 'approve' && entry.to === 'awaiting_senior') {
      const request = requestBefore(entry);
      if (request?.actorUserId)
        task = {
          ownerId: seniorFor(directory, [request.actorUserId, entry.actorUserId ?? '']),
          text: decideTaskText({
            kind: 'senior',
            dealId: deal.id,
            dealName,
            requester: nameOf(request.actorUserId),
            request,
            teamApprover: nameOf(entry.actorUserId),
            escalated: true,
            version: entry.version,
          }),
        };
    } else if ((entry.action === 'approve' && entry.to === 'approved') || entry.action === 'reject') {
      const request = requestBefore(entry);
      if (request?.actorUserId)
        task = {
          ownerId: ownerIdOfUser(directory, request.actorUserId),
          text: decidedTaskText({ dealId: deal.id, dealName, decider: nameOf(entry.actorUserId), decision: entry }),
        };
    }
    if (!task?.ownerId) continue;
    const bodies = (tasks ?? (await loadTasks())).map((record) => record.properties.hs_task_body ?? '');
    await ensureTask(
      context.gateway,
      { type: 'deals', id: deal.id },
      gateTaskMarker(deal.id, entry.version),
      { ...task.text, ownerId: task.ownerId, at: new Date(entry.at) },
      bodies,
    );
  }
}
