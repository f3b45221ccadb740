import { z } from 'zod';
import { recentAcceptance, submissionDecision } from '../../domain/cosell/acceptance.ts';
import type { Cloud } from '../../domain/cosell/clouds.ts';
import type { CosellConfig } from '../../policy/cosell-config.ts';
import type { HubSpotGateway, SearchFilter } from '../gateway.ts';
import { COSELL_DEAL_PROPERTIES, parseCoSellDeal } from './cosell.ts';

/** Where each cloud's decision date lives: the search window is applied to it. */
const DECISION_SINCE_PROPERTY: Record<Cloud, string> = {
  aws: 'cosell_aws_review_status_since',
  azure: 'cosell_microsoft_status_since',
  gcp: 'cosell_google_state_since',
};
const MS_PER_DAY = 86_400_000;
/** One search page: the most recently changed co-sell deals on that cloud are a fair sample of "recent". */
const ACCEPTANCE_SAMPLE = 200;

/**
 * Our acceptance on one cloud, from the portal's own deals: one search. The deal card and the
 * backend's share action read it the same way, so they give the same submit-or-hold advice. The
 * domain decides what counts as accepted; the search only narrows to the window.
 */
export async function readRecentSubmissions(
  gateway: HubSpotGateway,
  cloud: Cloud,
  now: Date,
  config: CosellConfig,
): Promise<{ accepted: number; decided: number }> {
  const windowDays = config.acceptanceRateWindowDays;
  const filters: SearchFilter[] = [
    { propertyName: 'cosell_cloud', operator: 'EQ', value: cloud },
    { propertyName: DECISION_SINCE_PROPERTY[cloud], operator: 'GTE', value: String(now.getTime() - windowDays * MS_PER_DAY) },
  ];
  const deals = await gateway.search('deals', {
    filterGroups: [{ filters }],
    properties: COSELL_DEAL_PROPERTIES,
    sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }],
    maxResults: ACCEPTANCE_SAMPLE,
  });
  const decisions = deals.map((record) => {
    try {
      return submissionDecision(parseCoSellDeal({ ...record.properties, hs_object_id: record.id }).coSell);
    } catch (error) {
      // One deal with an out-of-step value must not hide the others' decisions; the card names it on that deal.
      if (error instanceof z.ZodError) return null;
      throw error;
    }
  });
  return recentAcceptance(decisions, now.toISOString().slice(0, 10), windowDays);
}
