import { addDays, calendarDateInZone } from '../../domain/ringfence/calendar.ts';
import {
  emptyRingfenceState,
  extendRingfence,
  registerRingfence,
  releaseRingfence,
  type ActorIdentity,
  type CommandOutcome,
  type RingfenceState,
} from '../../domain/ringfence/index.ts';
import type { Cloud, EngagementEvidence, EvidenceKind } from '../../domain/ringfence/state.ts';
import { auditNoteBody, NOTED_VERSION_PROPERTY } from '../../hubspot/ringfence/audit-notes.ts';
import { attributionUpdates, contactFactsOf, dealFactsOf } from '../../hubspot/ringfence/company.ts';
import { appPolicy } from '../../policy/app-policy.ts';
import type { CrmStore } from '../crm/index.ts';
import { demoUser, demoUsers, teamId } from '../seed/index.ts';
import { asApp, writeAsApp, type AppDemoInput } from './writes.ts';
import { RINGFENCE_KIND } from '../../backend/ringfence-state.ts';

const MARCUS = 'marcus.webb@stratusdata.example';
const AIKO = 'aiko.tanaka@stratusdata.example';

/** One demo ring-fence: who registered it, on an engagement how many days ago (a range), and what happened next. */
interface Scenario {
  by: string;
  cloud: Cloud;
  kind: EvidenceKind;
  engagedDaysAgo: readonly [number, number];
  contact: EngagementEvidence['contact'];
  then?: { extendDaysAgo: number } | { releaseDaysAgo: number; by: string; reason: string };
  /** Whether the company must have deals created inside the window (so some are attributed). */
  needsClaimedDeals: boolean;
}

const SCENARIOS: readonly Scenario[] = [
  // Active, with deals attributed since.
  {
    by: MARCUS,
    cloud: 'aws',
    kind: 'hyperscaler_ae_introduction',
    engagedDaysAgo: [20, 150],
    contact: { name: 'Dana Whitfield', role: 'AWS Account Executive', email: 'dana.whitfield@amazon.com' },
    needsClaimedDeals: true,
  },
  {
    by: AIKO,
    cloud: 'azure',
    kind: 'pdm_referral',
    engagedDaysAgo: [60, 170],
    contact: { name: 'Tomás Ferreira', role: 'Microsoft Partner Development Manager', email: 'tomas.ferreira@microsoft.com' },
    then: { extendDaysAgo: 15 },
    needsClaimedDeals: true,
  },
  // Active, fewer than 14 days left: the card warns.
  {
    by: AIKO,
    cloud: 'gcp',
    kind: 'joint_account_plan',
    engagedDaysAgo: [171, 171],
    contact: { name: 'Priya Natarajan', role: 'Google Cloud Partner Manager', email: 'priya.natarajan@google.com' },
    needsClaimedDeals: false,
  },
  // Expired: its deals keep their attribution; new deals keep their own source.
  {
    by: MARCUS,
    cloud: 'aws',
    kind: 'aws_originated_opportunity_or_invitation',
    engagedDaysAgo: [200, 330],
    contact: { name: 'Grant Holloway', role: 'AWS Partner Solutions Architect', email: 'grant.holloway@amazon.com' },
    needsClaimedDeals: true,
  },
  // Released early, with a reason.
  {
    by: MARCUS,
    cloud: 'azure',
    kind: 'hyperscaler_ae_introduction',
    engagedDaysAgo: [40, 170],
    contact: { name: 'Lena Vogel', role: 'Microsoft Account Executive', email: 'lena.vogel@microsoft.com' },
    then: { releaseDaysAgo: 10, by: MARCUS, reason: 'The customer chose to buy direct under an existing enterprise agreement.' },
    needsClaimedDeals: true,
  },
];

function actor(email: string): ActorIdentity {
  const user = demoUser(email);
  return { userId: user.userId, teamIds: [teamId('Alliances')], displayName: `${user.firstName} ${user.lastName}` };
}

function nameOf(userId: string): string {
  const user = demoUsers.find((candidate) => candidate.userId === userId);
  return user ? `${user.firstName} ${user.lastName}` : `user ${userId}`;
}

function applied(outcome: CommandOutcome, what: string): Extract<CommandOutcome, { outcome: 'applied' }> {
  if (outcome.outcome !== 'applied') throw new Error(`demo ring-fence ${what} was refused: ${JSON.stringify(outcome)}`);
  return outcome;
}

/** Noon in the portal's zone on `date` (New York is UTC-4/-5), when the alliance manager acted. */
const noonOn = (date: string) => new Date(`${date}T16:00:00.000Z`);

/**
 * Runs a scenario through the real commands as of the day each step happened; null when the rules
 * refuse it for this company (an earlier stage-one deal of another team) or it would claim no deal.
 */
function playScenario(
  store: CrmStore,
  companyId: string,
  scenario: Scenario,
  today: string,
): { state: RingfenceState; steps: Extract<CommandOutcome, { outcome: 'applied' }>[] } | null {
  const config = appPolicy.ringfence;
  const pipelines = store.listPipelines('deals');
  const deals = store
    .getAssociations('companies', companyId, 'deals')
    .map((association) => store.getObject('deals', association.toId)!)
    .map((deal) => dealFactsOf({ id: deal.id, properties: deal.properties }, pipelines, config));
  // The engagement comes just before the company's first deal when that falls in the scenario's range, so that deal is claimed.
  const [nearest, farthest] = scenario.engagedDaysAgo;
  const firstDealOn = deals.map((deal) => calendarDateInZone(deal.createdAt, config.timeZone)).sort()[0];
  const dayBeforeFirstDeal = firstDealOn ? addDays(firstDealOn, -1) : null;
  const engagedOn =
    dayBeforeFirstDeal && dayBeforeFirstDeal <= addDays(today, -nearest) && dayBeforeFirstDeal >= addDays(today, -farthest)
      ? dayBeforeFirstDeal
      : addDays(today, -farthest);
  const registeredAt = noonOn(engagedOn);
  const evidence: EngagementEvidence = { kind: scenario.kind, contact: scenario.contact, engagedOn, notes: 'First joint call with the customer.' };
  const registered = registerRingfence(
    emptyRingfenceState(companyId),
    { idempotencyKey: `demo-${companyId}-register`, expectedVersion: 0, cloud: scenario.cloud, evidence },
    { now: registeredAt, actor: actor(scenario.by), config, companyDeals: deals.filter((deal) => deal.createdAt < registeredAt), pipeline: appPolicy.pipeline },
  );
  if (registered.outcome !== 'applied') return null;
  const steps = [registered];
  let state = registered.state;
  const ringfenceId = state.current!.id;
  if (scenario.then && 'extendDaysAgo' in scenario.then) {
    const on = addDays(today, -scenario.then.extendDaysAgo);
    const extended = applied(
      extendRingfence(
        state,
        {
          idempotencyKey: `demo-${companyId}-extend`,
          expectedVersion: state.version,
          ringfenceId,
          evidence: { ...evidence, engagedOn: on, notes: 'Joint account plan agreed for the next two quarters.' },
        },
        { now: noonOn(on), actor: actor(scenario.by), config },
      ),
      'extension',
    );
    steps.push(extended);
    state = extended.state;
  } else if (scenario.then) {
    const on = addDays(today, -scenario.then.releaseDaysAgo);
    const released = applied(
      releaseRingfence(
        state,
        { idempotencyKey: `demo-${companyId}-release`, expectedVersion: state.version, ringfenceId, reason: scenario.then.reason },
        { now: noonOn(on), actor: actor(scenario.then.by), config },
      ),
      'release',
    );
    steps.push(released);
    state = released.state;
  }
  const claims = deals.some((deal) => deal.createdAt >= registeredAt && calendarDateInZone(deal.createdAt, config.timeZone) < state.current!.expiresOn);
  if (scenario.needsClaimedDeals && !claims) return null;
  return { state, steps };
}

/**
 * Ring-fences by both alliance managers on demo companies, played through the same commands the
 * backend runs, with their audit notes; then every deal of those companies attributed by the same
 * rules the webhook and the cards apply, so the demo follows the written rules by construction.
 */
export function seedRingfenceDemo({ store, seed, today }: AppDemoInput): void {
  const config = appPolicy.ringfence;
  const todayInZone = calendarDateInZone(today, config.timeZone);
  const used = new Set<string>();
  for (const scenario of SCENARIOS) {
    for (const company of seed.companies) {
      if (used.has(company.id)) continue;
      const played = playScenario(store, company.id, scenario, todayInZone);
      if (!played) continue;
      used.add(company.id);
      const lastStepAt = new Date(played.steps.at(-1)!.audit.at);
      writeAsApp(
        store,
        RINGFENCE_KIND,
        company.id,
        { cosell_ringfence_state: JSON.stringify(played.state), [NOTED_VERSION_PROPERTY]: String(played.state.version) },
        lastStepAt,
        { projectAt: today },
      );
      for (const step of played.steps) {
        store.createObject(
          'notes',
          {
            properties: { hs_timestamp: step.audit.at, hs_note_body: auditNoteBody(company.id, step.audit, nameOf, config) },
            associations: [{ to: { id: company.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 190 }] }],
          },
          new Date(step.audit.at),
        );
      }
      const pipelines = store.listPipelines('deals');
      const deals = store.getAssociations('companies', company.id, 'deals').map((association) => store.getObject('deals', association.toId)!);
      const contacts = store.getAssociations('companies', company.id, 'contacts').map((association) => store.getObject('contacts', association.toId)!);
      const updates = attributionUpdates(
        played.state,
        deals.map((deal) => dealFactsOf({ id: deal.id, properties: deal.properties }, pipelines, config)),
        contactFactsOf(contacts.map((contact) => ({ id: contact.id, properties: contact.properties }))),
        config,
      );
      asApp(store, () => {
        for (const update of updates) store.updateObject('deals', update.dealId, update.properties, lastStepAt);
      });
      break;
    }
  }
}
