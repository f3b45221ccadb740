import type { DealCosellResult } from '../../src/functions/contracts.ts';

type Gate = DealCosellResult['gate'];

export const sealedState = { status: 'sealed' as const, changed: [], changedBy: [], restoredCount: 0, lastRestoredAt: null };

const noHints = { canRequest: false, canWithdraw: false, canDecide: false, decidesAsOverride: false, canSetRoute: false };

/** A marketplace-required deal with no exception yet, as its owner sees it. */
export const noException: Gate = {
  status: 'none',
  statusLabel: 'None',
  version: 0,
  integrity: sealedState,
  request: null,
  approvals: [],
  expiresAt: null,
  facts: { amountUsd: 1_250_000, cloud: 'aws', dealType: 'newbusiness' },
  factsProblem: null,
  gateRoute: 'marketplace:aws',
  routeChosen: null,
  direct: { allowed: false, message: 'Routing this deal direct needs an approved exception; request one first.' },
  history: [],
  violation: { flagged: false, count: 0, detectedAt: null },
  reasonOptions: [
    { value: 'customer_refuses_marketplace', label: 'Customer refuses marketplace' },
    { value: 'timing', label: 'Timing' },
  ],
  routeOptions: [
    { value: 'marketplace:aws', label: 'AWS Marketplace' },
    { value: 'direct', label: 'Direct' },
  ],
  viewerHints: { ...noHints, canRequest: true, canSetRoute: true },
};

/** The same deal with Ava's request pending, as her manager sees it. */
export const pendingForManager: Gate = {
  ...noException,
  status: 'requested',
  statusLabel: 'Requested',
  version: 1,
  request: {
    requester: 'Ava Patel',
    requestedAt: '2026-11-20T10:00:00.000Z',
    reasonLabel: 'Customer refuses marketplace',
    justification: 'Customer procurement refuses marketplace purchases this year.',
    escalated: false,
    ageDays: 2,
    seniorApprovalFollows: false,
    factsAtRequest: { amountUsd: '900000.00', cloud: 'AWS', dealType: 'New', recommendedRoute: 'AWS Marketplace' },
    stakes: { marketplace: 'AWS Marketplace', feeUsd: '27000.00', undrawnCommitmentUsd: '900000.00', aeCommissionGainUsd: '2160.00', estimate: false },
  },
  direct: { allowed: false, message: 'The exception request is waiting for approval.' },
  history: [
    {
      version: 1,
      at: '2026-11-20T10:00:00.000Z',
      actor: 'Ava Patel',
      action: 'request',
      from: 'None',
      to: 'Requested',
      override: false,
      comment: 'Customer procurement refuses marketplace purchases this year.',
    },
  ],
  violation: { flagged: true, count: 1, detectedAt: '2026-11-21T09:00:00.000Z' },
  viewerHints: { ...noHints, canDecide: true },
};
