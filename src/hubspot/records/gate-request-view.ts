import { z } from 'zod';
import { requestAgeDays } from '../../domain/exception/stakes.ts';
import type { ExceptionRequest, ExceptionStatus } from '../../domain/exception/types.ts';
import { REASON_LABELS, ROUTE_LABELS } from '../schema/gate.ts';
import { CLOUD_LABELS } from '../schema/ringfence.ts';

/**
 * A direct-route exception request as a manager reads it, on the deal card and on the "Routing
 * approvals" page: who asked and why, how long ago, the facts when they asked and the money at stake.
 * Everything in people's words; money as USD decimal strings the card formats.
 */
export const requestBriefSchema = z.object({
  requester: z.string(),
  requestedAt: z.string(),
  ageDays: z.number().int(),
  reasonLabel: z.string(),
  justification: z.string(),
  escalated: z.boolean(),
  /** A senior approval is still to come after the step now pending (or after the team approval, once asked). */
  seniorApprovalFollows: z.boolean(),
  /** The deal as it stood when the request was made. */
  factsAtRequest: z.object({
    amountUsd: z.string(),
    cloud: z.string().nullable(),
    dealType: z.string().nullable(),
    recommendedRoute: z.string(),
  }),
  /** Null on requests made before the app recorded the stakes. */
  stakes: z
    .object({
      marketplace: z.string(),
      feeUsd: z.string(),
      undrawnCommitmentUsd: z.string(),
      aeCommissionGainUsd: z.string(),
      estimate: z.boolean(),
    })
    .nullable(),
});
export type RequestBrief = z.infer<typeof requestBriefSchema>;

const DEAL_TYPE_LABELS: Readonly<Record<string, string>> = {
  new: 'New',
  renewal: 'Renewal',
  expansion: 'Expansion / upsell',
  newbusiness: 'New business',
  existingbusiness: 'Existing business',
};

export const dealTypeLabel = (value: string | null): string | null => (value === null ? null : (DEAL_TYPE_LABELS[value] ?? value));

export function requestBrief(request: ExceptionRequest, status: ExceptionStatus, nameOf: (userId: string) => string, now: Date): RequestBrief {
  const { facts } = request;
  return {
    requester: nameOf(request.requesterUserId),
    requestedAt: request.requestedAt,
    ageDays: requestAgeDays(request.requestedAt, now),
    reasonLabel: REASON_LABELS[request.reasonCode],
    justification: request.justification,
    escalated: request.escalated,
    seniorApprovalFollows: request.escalated && status === 'requested',
    factsAtRequest: {
      amountUsd: facts.amountUsd.toFixed(2),
      cloud: facts.cloud ? CLOUD_LABELS[facts.cloud] : null,
      dealType: dealTypeLabel(facts.dealType),
      recommendedRoute: ROUTE_LABELS[facts.recommendedRoute],
    },
    stakes: facts.stakes
      ? {
          marketplace: ROUTE_LABELS[facts.stakes.marketplaceRoute],
          feeUsd: facts.stakes.feeUsd,
          undrawnCommitmentUsd: facts.stakes.undrawnCommitmentUsd,
          aeCommissionGainUsd: facts.stakes.aeCommissionGainUsd,
          estimate: facts.stakes.estimate,
        }
      : null,
  };
}
