import Decimal from 'decimal.js';
import type { GateConfig } from '../../policy/gate-config.ts';
import type { FactsSnapshot } from './types.ts';

export type MaterialChangeKind = 'amount' | 'escalation' | 'cloud' | 'deal_type' | 'recommendation' | 'owner';

export interface MaterialChange {
  kind: MaterialChangeKind;
  from: string;
  to: string;
}

export function needsEscalation(amountUsd: number, policy: GateConfig): boolean {
  return amountUsd >= policy.escalationAmountUsd;
}

/** Exactly at the tolerance is still within it; Decimal keeps the boundary exact. */
export function amountWithinTolerance(grantedUsd: number, currentUsd: number, tolerancePct: number): boolean {
  const deviationTimes100 = new Decimal(currentUsd).minus(grantedUsd).abs().times(100);
  return deviationTimes100.lte(new Decimal(grantedUsd).abs().times(tolerancePct));
}

/**
 * The changes that void an exception granted on `granted`. Crossing the escalation amount counts
 * even within the tolerance, because the approval would then lack its senior sign-off.
 */
export function materialChanges(granted: FactsSnapshot, current: FactsSnapshot, policy: GateConfig): MaterialChange[] {
  const changes: MaterialChange[] = [];
  if (!amountWithinTolerance(granted.amountUsd, current.amountUsd, policy.amountTolerancePct)) {
    changes.push({ kind: 'amount', from: String(granted.amountUsd), to: String(current.amountUsd) });
  }
  if (!needsEscalation(granted.amountUsd, policy) && needsEscalation(current.amountUsd, policy)) {
    changes.push({ kind: 'escalation', from: String(granted.amountUsd), to: String(current.amountUsd) });
  }
  if (granted.cloud !== current.cloud) {
    changes.push({ kind: 'cloud', from: granted.cloud ?? 'none', to: current.cloud ?? 'none' });
  }
  if (granted.dealType !== current.dealType) {
    changes.push({ kind: 'deal_type', from: granted.dealType ?? 'none', to: current.dealType ?? 'none' });
  }
  // The owner's team approved; a new owner means another team's approver must decide.
  if (granted.ownerUserId !== undefined && current.ownerUserId !== undefined && granted.ownerUserId !== current.ownerUserId) {
    changes.push({ kind: 'owner', from: granted.ownerUserId ?? 'none', to: current.ownerUserId ?? 'none' });
  }
  if (granted.recommendedRoute !== current.recommendedRoute) {
    changes.push({ kind: 'recommendation', from: granted.recommendedRoute, to: current.recommendedRoute });
  }
  return changes;
}

export function describeChanges(changes: readonly MaterialChange[]): string {
  return changes.map((change) => `${change.kind.replace('_', ' ')} changed from ${change.from} to ${change.to}`).join('; ');
}
