import type { CoSellPolicy } from '../../policy/cosell-config.ts';
import { CLOUD_NAMES, type Cloud } from './clouds.ts';

export type CustomerCommitment = 'committed' | 'not_committed' | 'unknown';

export interface SelectivityInput {
  cloud: Cloud;
  /** Deal amount in the portal's company currency; null when not set. */
  amount: number | null;
  dealStage: string | null;
  /** The customer has a spend commitment on this cloud (AWS EDP, Microsoft MACC, Google commit). */
  customerCommitment: CustomerCommitment;
  hyperscalerContact: { name: string | null; email: string | null; role: string | null } | null;
  /** Our recent submissions to this cloud that it decided on; null when unknown. */
  recentSubmissions: { accepted: number; decided: number } | null;
}

export const SELECTIVITY_FACTORS = ['deal_size', 'stage', 'commitment', 'contact', 'listing', 'acceptance_rate'] as const;
export type SelectivityFactor = (typeof SELECTIVITY_FACTORS)[number];

export interface SelectivityReason {
  factor: SelectivityFactor;
  verdict: 'for' | 'against' | 'neutral';
  message: string;
}

export interface SelectivityAdvice {
  recommendation: 'submit' | 'hold';
  summary: string;
  reasons: SelectivityReason[];
}

const money = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

/**
 * Submit or hold. Holding is advised when the deal is below the cloud's minimum size, still in stage one,
 * or lacks enough supporting signals (commitment, named cloud contact, our listing); a low recent
 * acceptance rate asks for one more signal, so we share fewer, better deals.
 */
export function adviseSubmission(input: SelectivityInput, policy: CoSellPolicy): SelectivityAdvice {
  const config = policy.cosell;
  const cloud = CLOUD_NAMES[input.cloud];
  const reasons: SelectivityReason[] = [];
  const minimum = config.minDealSize[input.cloud];

  const sizeOk = input.amount !== null && input.amount >= minimum;
  reasons.push({
    factor: 'deal_size',
    verdict: sizeOk ? 'for' : 'against',
    message:
      input.amount === null
        ? `The deal has no amount; ${cloud} deals need at least ${money(minimum)}.`
        : `Deal size ${money(input.amount)} is ${sizeOk ? 'at or above' : 'below'} the ${money(minimum)} minimum for ${cloud}.`,
  });

  const stageOne = input.dealStage !== null && policy.stageOneStageIds.includes(input.dealStage);
  reasons.push({
    factor: 'stage',
    verdict: stageOne ? 'against' : 'for',
    message: stageOne ? "The deal is still in stage one: qualify it before asking for cloud sellers' time." : 'The deal is past stage one.',
  });

  const signals: [SelectivityFactor, boolean, string, string][] = [
    [
      'commitment',
      input.customerCommitment === 'committed',
      `The customer has a spend commitment on ${cloud}, so its sellers gain from this deal.`,
      input.customerCommitment === 'unknown'
        ? `Unknown whether the customer has a ${cloud} spend commitment.`
        : `The customer has no ${cloud} spend commitment.`,
    ],
    [
      'contact',
      Boolean(input.hyperscalerContact?.name || input.hyperscalerContact?.email),
      `You have a named ${cloud} contact${input.hyperscalerContact?.name ? ` (${input.hyperscalerContact.name})` : ''}.`,
      `No named ${cloud} contact on the deal.`,
    ],
    ['listing', policy.listedOn[input.cloud], `You are listed on the ${cloud} marketplace.`, `You are not listed on the ${cloud} marketplace.`],
  ];
  let supporting = 0;
  for (const [factor, present, yes, no] of signals) {
    if (present) supporting++;
    reasons.push({ factor, verdict: present ? 'for' : 'neutral', message: present ? yes : no });
  }

  const recent = input.recentSubmissions;
  const rateKnown = recent !== null && recent.decided >= config.minAcceptanceSample && recent.decided > 0;
  const rate = rateKnown ? recent.accepted / recent.decided : null;
  const rateLow = rate !== null && rate < config.minAcceptanceRate;
  reasons.push({
    factor: 'acceptance_rate',
    verdict: rateLow ? 'against' : rate === null ? 'neutral' : 'for',
    message:
      rate === null
        ? `Too few decided ${cloud} submissions (${recent?.decided ?? 0}, need ${config.minAcceptanceSample}) to judge the acceptance rate.`
        : `${cloud} accepted ${Math.round(rate * 100)}% of recent submissions (target ${Math.round(config.minAcceptanceRate * 100)}%)${rateLow ? ': share only well-supported deals' : ''}.`,
  });

  const neededSignals = Math.min(3, config.minSupportingSignals + (rateLow ? 1 : 0));
  const enoughSignals = supporting >= neededSignals;
  const submit = sizeOk && !stageOne && enoughSignals;
  const summary = submit
    ? `Submit to ${cloud}: ${supporting} supporting signal${supporting === 1 ? '' : 's'}, size and stage are right.`
    : `Hold: ${[
        !sizeOk && 'below the size threshold',
        stageOne && 'still in stage one',
        !enoughSignals && `${supporting} of ${neededSignals} supporting signals needed`,
      ]
        .filter(Boolean)
        .join('; ')}.`;
  return { recommendation: submit ? 'submit' : 'hold', summary, reasons };
}
