import { coSellPolicyOf } from '../../../src/policy/cosell-config.ts';
import { appPolicy } from '../../../src/policy/app-policy.ts';
import type { ExceptionState, AuditEntry as ExceptionAuditEntry, ExceptionStatus } from '../../../src/domain/exception/types.ts';
import type { MetricsCompany, MetricsContext, MetricsDeal } from '../../../src/domain/metrics/index.ts';
import type { RingfenceState } from '../../../src/domain/ringfence/state.ts';
import type { Cloud } from '../../../src/policy/marketplace-policy.ts';

export const TIME_ZONE = 'America/New_York';

export function context(overrides: Partial<MetricsContext> = {}): MetricsContext {
  return {
    month: '2026-10',
    now: new Date('2026-11-02T15:00:00.000Z'),
    timeZone: TIME_ZONE,
    homeCurrency: 'USD',
    usdPerHomeCurrency: '1',
    cosell: coSellPolicyOf(appPolicy),
    ringfenceWarningDays: 14,
    filters: {},
    ...overrides,
  };
}

export function deal(id: string, overrides: Partial<MetricsDeal> = {}): MetricsDeal {
  return {
    id,
    name: `Deal ${id}`,
    ownerUserId: 'u-ae',
    teamIds: ['team-east'],
    outcome: 'won',
    closeDate: '2026-10-15T16:00:00.000Z',
    amount: '100000',
    currency: 'USD',
    coSell: { cloud: null },
    stage: { dealStage: 'closedwon', stageEnteredAt: null, createdAt: '2026-06-01T12:00:00.000Z' },
    attribution: { alliance: false, cloud: null, ringfenceId: null, conflictCount: 0 },
    offerType: null,
    routeChosen: [],
    routing: null,
    exception: null,
    stateVerified: true,
    hyperscalerContactEmail: null,
    companyId: null,
    ...overrides,
  };
}

type Step = [action: ExceptionAuditEntry['action'], at: string, to: ExceptionStatus];

/** An exception state whose audit trail is exactly these steps. */
export function exception(steps: readonly Step[], expiresAt: string | null = null): ExceptionState {
  const facts = { amountUsd: 100_000, cloud: 'aws' as const, dealType: 'new', recommendedRoute: 'marketplace:aws' as const };
  let from: ExceptionStatus = 'none';
  const history: ExceptionAuditEntry[] = steps.map(([action, at, to], index) => {
    const entry: ExceptionAuditEntry = {
      version: index + 1,
      at,
      actorUserId: action === 'invalidate' || action === 'expire' ? null : 'u-someone',
      action,
      from,
      to,
      idempotencyKey: `k-${index}`,
      override: false,
      reasonCode: action === 'request' ? 'timing' : null,
      comment: null,
      facts,
    };
    from = to;
    return entry;
  });
  return {
    schemaVersion: 1,
    version: history.length,
    status: from,
    request: null,
    approvals: [],
    decidedAt: null,
    expiresAt,
    history,
  };
}

/** A company whose current ring-fence was registered on `engagedOn` and ends on `expiresOn`. */
export function ringfenced(
  id: string,
  cloud: Cloud,
  window: { engagedOn: string; expiresOn: string; releasedAt?: string; contactEmail: string; ownerUserId?: string },
  ownerTeamIds: readonly string[] = ['team-alliances'],
): MetricsCompany {
  const ownerUserId = window.ownerUserId ?? 'u-alliance';
  const ringfence: RingfenceState = {
    schemaVersion: 1,
    companyId: id,
    version: 1,
    past: [],
    current: {
      id: `rf-${id}`,
      ownerUserId,
      ownerName: 'Dana Lee',
      cloud,
      registeredAt: `${window.engagedOn}T14:00:00.000Z`,
      firstEngagedOn: window.engagedOn,
      lastEngagedOn: window.engagedOn,
      expiresOn: window.expiresOn,
      extensionCount: 0,
      released: window.releasedAt ? { at: window.releasedAt, byUserId: ownerUserId, reason: 'Customer chose another partner.' } : null,
      audit: [
        {
          version: 1,
          at: `${window.engagedOn}T14:00:00.000Z`,
          actorUserId: ownerUserId,
          idempotencyKey: `reg-${id}`,
          ringfenceId: `rf-${id}`,
          action: 'register',
          cloud,
          evidence: {
            kind: 'hyperscaler_ae_introduction',
            contact: { name: 'Riley Chen', role: 'Account Executive', email: window.contactEmail },
            engagedOn: window.engagedOn,
            notes: '',
          },
          expiresOn: window.expiresOn,
        },
      ],
    },
  };
  return { id, name: `Company ${id}`, ringfence, ringfenceVerified: true, ringfenceOwnerTeamIds: ownerTeamIds };
}
