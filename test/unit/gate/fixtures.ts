import { gateConfigSchema, type GateConfig } from '../../../src/policy/gate-config.ts';
import type { ActingUser, DealAccess, FactsSnapshot } from '../../../src/domain/exception/types.ts';

export const NOW = new Date('2026-11-02T10:00:00.000Z');
export const later = (minutes: number): Date => new Date(NOW.getTime() + minutes * 60_000);

// Team 10: AE 101 and 102, manager 201. Team 11: AE 111, manager 211. Senior 301. Admin 401.
export const policy: GateConfig = gateConfigSchema.parse({
  teamApprovers: { '10': ['201'], '11': ['211'] },
  namedApproverUserIds: ['250'],
  senior: { userIds: ['301'], roleIds: ['role-vp-sales'] },
  escalationAmountUsd: 500_000,
  amountTolerancePct: 10,
  approvalExpiryDays: 30,
  moveViolatingDealBack: true,
  adminOverrideUserIds: ['401'],
});

/** The gated stages as policy.pipeline names them. */
export const stages = { contractStageIds: ['contractsent'], closedWonStageIds: ['closedwon'] };

export function user(userId: string, extra: Partial<ActingUser> = {}): ActingUser {
  return { userId, email: `${userId}@vendor.example`, teamIds: [], roleIds: [], superAdmin: false, ...extra };
}

export const ae = user('101', { teamIds: ['10'] });
export const teammate = user('102', { teamIds: ['10'] });
export const manager = user('201', { teamIds: ['10'] });
export const otherManager = user('211', { teamIds: ['11'] });
export const namedApprover = user('250');
export const senior = user('301');
export const vpByRole = user('302', { roleIds: ['role-vp-sales'] });
export const admin = user('401', { superAdmin: true });
export const superAdminWithoutOverride = user('402', { superAdmin: true });

export const deal: DealAccess = { ownerUserId: '101', ownerTeamIds: ['10'], dealTeamUserIds: ['102'] };

export const facts: FactsSnapshot = {
  amountUsd: 100_000,
  cloud: 'aws',
  dealType: 'newbusiness',
  ownerUserId: '101',
  recommendedRoute: 'marketplace:aws',
};
export const escalatedFacts: FactsSnapshot = { ...facts, amountUsd: 750_000 };

export const JUSTIFICATION = 'Customer legal team will not accept the marketplace EULA terms.';

let keyCounter = 0;
export const freshKey = (): string => `key-${(keyCounter += 1).toString().padStart(6, '0')}`;
