import { GATE_KIND } from '../../backend/gate/deal-gate.ts';
import { applyExceptionCommand, initialExceptionState, type ActingUser, type ExceptionCommand, type ExceptionState } from '../../domain/exception/index.ts';
import { auditNoteBody, violationMarker, violationNoteBody, violationTaskSubject } from '../../hubspot/records/gate-audit.ts';
import { dealAccessFromRecord, gateFactsFromRecords, gateRoutingPolicy } from '../../hubspot/records/gate-facts.ts';
import { auditedVersionToProperties, exceptionStateToProperties, gateViolationToProperties, routeChosenToProperties } from '../../hubspot/records/gate.ts';
import type { HubSpotOwner, HubSpotUser } from '../../hubspot/gateway.ts';
import { appPolicy } from '../../policy/app-policy.ts';
import type { CrmStore } from '../crm/index.ts';
import { demoUsers, teamId, type DemoUser } from '../seed/index.ts';
import { writeAsApp, type AppDemoInput } from './writes.ts';

const DAY_MS = 86_400_000;
const DEFAULT_PROGRAM = { aws: 'edp', azure: 'macc', gcp: 'commit' } as const;
const CLOSED = new Set(['closedwon', 'closedlost']);
const JUSTIFICATIONS = {
  customer_refuses_marketplace: 'The customer procurement team refuses to buy software through any cloud marketplace this fiscal year.',
  legal_or_contract_terms: 'Customer legal will not accept the marketplace EULA; our negotiated MSA must govern the contract.',
  channel_partner_conflict: 'The customer buys through their incumbent reseller, who is not enrolled in the marketplace channel program.',
  customer_procurement_policy: 'Procurement policy requires a direct paper contract for every vendor above one million dollars.',
} as const;

function ownersOf(store: CrmStore): HubSpotOwner[] {
  return store.listOwners().map((owner) => ({
    id: owner.id,
    userId: owner.userId ?? null,
    email: owner.email,
    firstName: owner.firstName,
    lastName: owner.lastName,
    teams: [],
  }));
}

function usersOf(store: CrmStore): HubSpotUser[] {
  return store.listUsers().map((user) => ({
    id: user.id,
    email: user.email,
    superAdmin: user.superAdmin,
    roleIds: user.roleIds,
    primaryTeamId: user.primaryTeamId ?? null,
    secondaryTeamIds: user.secondaryTeamIds,
  }));
}

/** A demo person as the backend would resolve them from HubSpot's users and teams. */
export function demoActor(email: string): ActingUser {
  const user = demoUsers.find((candidate) => candidate.email === email);
  if (!user) throw new Error(`No demo user ${email}`);
  const teamIds = user.team ? [teamId(user.team)] : user.role === 'vp' ? [teamId('Enterprise East'), teamId('Enterprise West')] : [];
  return { userId: user.userId, email: user.email, teamIds, roleIds: [user.roleId], superAdmin: user.superAdmin };
}

/**
 * Gives a deal (and its company) the routing inputs under which the routing engine requires the
 * marketplace: delivery model, a cloud, and a commitment on that cloud larger than the deal. Returns
 * the cloud. Used by the demo and by the tests that need a gated deal.
 */
export function prepareGatedDeal(store: CrmStore, dealId: string, values: { amount?: number; stage?: string; ownerEmail?: string } = {}): string {
  const deal = store.getObject('deals', dealId);
  if (!deal) throw new Error(`No deal ${dealId}`);
  const cloud = deal.properties.cosell_cloud || 'aws';
  const owner = values.ownerEmail ? demoUsers.find((user) => user.email === values.ownerEmail) : undefined;
  store.updateObject('deals', dealId, {
    cosell_delivery_model: 'saas',
    cosell_cloud: cloud,
    ...(values.amount !== undefined ? { amount: String(values.amount) } : {}),
    ...(values.stage ? { dealstage: values.stage } : {}),
    ...(owner ? { hubspot_owner_id: owner.ownerId } : {}),
  });
  const companyId = store.getAssociations('deals', dealId, 'companies')[0]?.toId;
  if (!companyId) throw new Error(`Deal ${dealId} has no company`);
  // A live commitment on the deal's cloud, larger than the deal, whatever other demo areas wrote there.
  store.updateObject('companies', companyId, {
    [`cosell_${cloud}_commit_program`]: DEFAULT_PROGRAM[cloud as keyof typeof DEFAULT_PROGRAM] ?? 'edp',
    [`cosell_${cloud}_commit_annual`]: '40000000',
    [`cosell_${cloud}_commit_remaining`]: '30000000',
    [`cosell_${cloud}_commit_end_date`]: '',
    [`cosell_${cloud}_commit_country`]: '',
    ...(cloud === 'aws' ? { cosell_aws_marketplace_spend_counted: '', cosell_aws_commit_drawdown_cap: '' } : {}),
    ...(cloud === 'azure' ? { cosell_azure_marketplace_blocked: '' } : {}),
  });
  const company = store.getObject('companies', companyId)!;
  const facts = gateFactsFromRecords(store.getObject('deals', dealId)!.properties, company.properties, gateRoutingPolicy());
  if (!facts.ok || facts.facts.recommendedRoute === 'direct') {
    throw new Error(`Deal ${dealId} does not need an exception after preparation: ${facts.ok ? facts.routing.rationale.join(' ') : facts.message}`);
  }
  return cloud;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Step {
  by: string;
  daysAgo: number;
  command: DistributiveOmit<ExceptionCommand, 'idempotencyKey' | 'expectedVersion'>;
}

/** Plays the steps through the real lifecycle and stores the state and its audit notes, as the backend would. */
function playExceptionHistory(store: CrmStore, dealId: string, today: Date, steps: readonly Step[]): ExceptionState {
  const deal = store.getObject('deals', dealId)!;
  const companyId = store.getAssociations('deals', dealId, 'companies')[0]!.toId;
  const facts = gateFactsFromRecords(deal.properties, store.getObject('companies', companyId)!.properties, gateRoutingPolicy());
  if (!facts.ok) throw new Error(facts.message);
  const access = dealAccessFromRecord(deal.properties, { owners: ownersOf(store), users: usersOf(store) });
  let state = initialExceptionState();
  steps.forEach((step, index) => {
    const now = new Date(today.getTime() - step.daysAgo * DAY_MS);
    const command = { ...step.command, idempotencyKey: `demo-${dealId}-${index + 1}`, expectedVersion: state.version };
    const outcome = applyExceptionCommand(state, command, { actor: demoActor(step.by), deal: access, facts: facts.facts, policy: appPolicy.gate, now });
    if (!outcome.ok) throw new Error(`Demo exception on deal ${dealId}: ${outcome.error.message}`);
    state = outcome.state;
  });
  const nameOf = (userId: string | null) => demoUsers.find((user) => user.userId === userId)?.name ?? `user ${userId}`;
  const lastAt = new Date(state.history.at(-1)?.at ?? today.toISOString());
  writeAsApp(
    store,
    GATE_KIND,
    dealId,
    { cosell_exception_state: exceptionStateToProperties(state).cosell_exception_state!, ...auditedVersionToProperties(state.version) },
    lastAt,
  );
  for (const entry of state.history) {
    store.createObject(
      'notes',
      {
        properties: { hs_timestamp: entry.at, hs_note_body: auditNoteBody(dealId, entry, nameOf) },
        associations: [{ to: { id: dealId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }] }],
      },
      new Date(entry.at),
    );
  }
  return state;
}

function openDealOf(input: AppDemoInput, ownerEmail: string, taken: Set<string>, predicate: (amount: number) => boolean = () => true) {
  const deal = input.seed.deals.find(
    (candidate) =>
      candidate.ownerEmail === ownerEmail &&
      !CLOSED.has(candidate.stage) &&
      candidate.stage !== 'contractsent' &&
      !taken.has(candidate.id) &&
      predicate(candidate.amount),
  );
  if (!deal) throw new Error(`The demo portal has no open deal for ${ownerEmail}`);
  taken.add(deal.id);
  return deal;
}

const request = (reasonCode: keyof typeof JUSTIFICATIONS) => ({ kind: 'request', reasonCode, justification: JUSTIFICATIONS[reasonCode] }) as const;

/**
 * The gate's demo: a pending request in each sales team, an approved exception (routed direct),
 * a rejected one, an escalated one awaiting the senior approval, and one deal caught at a contract
 * stage routed direct without approval (the violation note and the manager's task included).
 */
export function seedGateDemo(input: AppDemoInput): void {
  const { store, today } = input;
  const taken = new Set<string>();
  const byEmail = (name: string): DemoUser => demoUsers.find((user) => user.email.startsWith(name))!;
  const [jordan, sofia, liam, priya, ethan, hannah, maya, daniel] = ['jordan', 'sofia', 'liam', 'priya', 'ethan', 'hannah', 'maya', 'daniel'].map(
    (name) => byEmail(name).email,
  ) as [string, string, string, string, string, string, string, string];

  const eastPending = openDealOf(input, jordan, taken);
  prepareGatedDeal(store, eastPending.id, { amount: 850_000 });
  playExceptionHistory(store, eastPending.id, today, [{ by: jordan, daysAgo: 3, command: request('customer_refuses_marketplace') }]);

  const westPending = openDealOf(input, priya, taken);
  prepareGatedDeal(store, westPending.id, { amount: 1_200_000 });
  playExceptionHistory(store, westPending.id, today, [{ by: priya, daysAgo: 1, command: request('legal_or_contract_terms') }]);

  const approved = openDealOf(input, sofia, taken);
  prepareGatedDeal(store, approved.id, { amount: 640_000 });
  playExceptionHistory(store, approved.id, today, [
    { by: sofia, daysAgo: 12, command: request('channel_partner_conflict') },
    { by: maya, daysAgo: 10, command: { kind: 'approve', comment: 'Reseller contract predates our marketplace listing; approved for this renewal only.' } },
  ]);
  writeAsApp(store, GATE_KIND, approved.id, routeChosenToProperties('direct'), new Date(today.getTime() - 10 * DAY_MS + 60_000));

  const rejected = openDealOf(input, ethan, taken);
  prepareGatedDeal(store, rejected.id, { amount: 2_300_000 });
  playExceptionHistory(store, rejected.id, today, [
    { by: ethan, daysAgo: 9, command: request('customer_procurement_policy') },
    { by: daniel, daysAgo: 8, command: { kind: 'reject', comment: 'Their EDP covers this spend; ask procurement about a private offer first.' } },
  ]);

  const escalated = openDealOf(input, hannah, taken);
  prepareGatedDeal(store, escalated.id, { amount: 7_500_000 });
  playExceptionHistory(store, escalated.id, today, [
    { by: hannah, daysAgo: 5, command: request('legal_or_contract_terms') },
    { by: daniel, daysAgo: 4, command: { kind: 'approve', comment: 'Legal terms are non-negotiable for this customer; needs senior sign-off.' } },
  ]);

  // Moved to the contract stage with no marketplace route and no exception: what the webhook catches.
  const violating = openDealOf(input, liam, taken);
  prepareGatedDeal(store, violating.id, { amount: 980_000, stage: 'contractsent' });
  const detectedAt = new Date(today.getTime() - 2 * DAY_MS);
  writeAsApp(store, GATE_KIND, violating.id, gateViolationToProperties({ flagged: false, detectedAt: null, count: 0 }, detectedAt), detectedAt);
  const liamUser = byEmail('liam');
  const body = violationNoteBody({
    dealId: violating.id,
    message:
      'The deal entered a contract stage without a marketplace route and without a valid exception. Routing this deal direct needs an approved exception; request one first.',
    stage: 'Contract Sent',
    changedBy: `${liamUser.name} (HubSpot user ${liamUser.userId} via CRM_UI)`,
    detectedAt,
    facts: null,
    movedBackTo: null,
    notified: byEmail('maya').name,
    marker: violationMarker(violating.id, detectedAt),
  });
  store.createObject(
    'notes',
    {
      properties: { hs_timestamp: detectedAt.toISOString(), hs_note_body: body },
      associations: [{ to: { id: violating.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }] }],
    },
    detectedAt,
  );
  store.createObject(
    'tasks',
    {
      properties: {
        hs_timestamp: detectedAt.toISOString(),
        hs_task_subject: violationTaskSubject(violating.name),
        hs_task_body: body,
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: 'HIGH',
        hs_task_type: 'TODO',
        hubspot_owner_id: byEmail('maya').ownerId,
      },
      associations: [{ to: { id: violating.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 216 }] }],
    },
    detectedAt,
  );
}
