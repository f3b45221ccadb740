import { defaultRingfenceConfig, ringfenceConfigSchema, type RingfenceConfig, type StageOneDefinition } from '../../../src/policy/ringfence-config.ts';
import {
  emptyRingfenceState,
  registerRingfence,
  type ActorIdentity,
  type CommandOutcome,
  type DealFacts,
  type EngagementEvidence,
  type RingfenceState,
} from '../../../src/domain/ringfence/index.ts';

export const COMPANY_ID = '9001';

export const config: RingfenceConfig = ringfenceConfigSchema.parse({
  ...defaultRingfenceConfig,
  allianceTeamIds: ['team-alliances'],
  allianceUserIds: ['u-solo'],
  allianceLeadUserIds: ['u-omar'],
});

/** HubSpot's default sales pipeline, with its first two stages as stage one (as src/policy/portal/pipeline.json has it). */
export const pipeline: StageOneDefinition = {
  stageOrder: {
    default: ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost'],
  },
  stageOneStageIds: ['appointmentscheduled', 'qualifiedtobuy'],
};

export const dana: ActorIdentity = { userId: 'u-dana', teamIds: ['team-alliances'], displayName: 'Dana Lee' };
/** The alliance lead. */
export const omar: ActorIdentity = { userId: 'u-omar', teamIds: ['team-sales', 'team-alliances'], displayName: 'Omar Haddad' };
/** Another alliance manager, not a lead. */
export const kim: ActorIdentity = { userId: 'u-kim', teamIds: ['team-alliances'], displayName: 'Kim Ortiz' };
export const solo: ActorIdentity = { userId: 'u-solo', teamIds: [] };
export const aeSam: ActorIdentity = { userId: 'u-sam', teamIds: ['team-sales'], displayName: 'Sam Park' };

export function evidence(engagedOn: string, overrides: Partial<EngagementEvidence> = {}): EngagementEvidence {
  return {
    kind: 'hyperscaler_ae_introduction',
    contact: { name: 'Riley Chen', role: 'AWS Account Executive', email: 'riley@amazon.com' },
    engagedOn,
    notes: 'Intro call with the customer CTO.',
    ...overrides,
  };
}

const CONTACT_BY_CLOUD = {
  aws: { name: 'Riley Chen', role: 'AWS Account Executive', email: 'riley@amazon.com' },
  azure: { name: 'Sam Lewis', role: 'Microsoft Account Executive', email: 'sam.lewis@microsoft.com' },
  gcp: { name: 'Ana Ruiz', role: 'Google Cloud Partner Manager', email: 'ana.ruiz@google.com' },
} as const;

/** Evidence with a contact at the cloud's own email domain. */
export function evidenceFor(cloud: keyof typeof CONTACT_BY_CLOUD, engagedOn: string, overrides: Partial<EngagementEvidence> = {}): EngagementEvidence {
  return evidence(engagedOn, { contact: { ...CONTACT_BY_CLOUD[cloud] }, ...overrides });
}

export function deal(overrides: Partial<DealFacts> = {}): DealFacts {
  return {
    id: 'd-1',
    name: 'Acme platform',
    createdAt: new Date('2026-03-01T10:00:00-05:00'),
    ownerUserId: 'u-sam',
    pipelineId: 'default',
    stageId: 'qualifiedtobuy',
    isClosed: false,
    analyticsSource: null,
    dealSource: null,
    attribution: null,
    ...overrides,
  };
}

export function applied(outcome: CommandOutcome): RingfenceState {
  if (outcome.outcome !== 'applied') {
    throw new Error(`expected the command to apply, got ${JSON.stringify(outcome)}`);
  }
  return outcome.state;
}

export function rejection(outcome: CommandOutcome) {
  if (outcome.outcome !== 'rejected') throw new Error(`expected a rejection, got ${outcome.outcome}`);
  return outcome.error;
}

/** Dana registers an AWS ring-fence from an engagement on 2026-01-10, at 09:00 New York that day. */
export function registeredState(options: { engagedOn?: string; now?: Date; key?: string } = {}): RingfenceState {
  return applied(
    registerRingfence(
      emptyRingfenceState(COMPANY_ID),
      { idempotencyKey: options.key ?? 'reg-1', expectedVersion: 0, cloud: 'aws', evidence: evidence(options.engagedOn ?? '2026-01-10') },
      { now: options.now ?? new Date('2026-01-10T09:00:00-05:00'), actor: dana, config, companyDeals: [], pipeline },
    ),
  );
}
