import type { RingfenceConfig, StageOneDefinition } from '../../policy/ringfence-config.ts';
import { calendarDateInZone, type CalendarDate } from './calendar.ts';
import { marketingSourceOf, type DealFacts } from './deal.ts';
import { ringfenceError, type RingfenceError } from './errors.ts';

/**
 * The retroactive-claim rule: a company cannot be ring-fenced while it has an open deal at or beyond
 * stage one that another team sourced before the engagement date. Returns the refusal, or null.
 */
export function findRetroactiveClaimBlock(
  deals: readonly DealFacts[],
  engagedOn: CalendarDate,
  config: RingfenceConfig,
  pipeline: StageOneDefinition,
): RingfenceError | null {
  const candidates = deals
    .filter((deal) => !deal.isClosed && deal.attribution?.source !== 'alliance' && calendarDateInZone(deal.createdAt, config.timeZone) < engagedOn)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const blocking: DealFacts[] = [];
  for (const deal of candidates) {
    const position = stageOnePosition(deal, pipeline);
    if (position === 'unknown') {
      return ringfenceError(
        'stage_order_unknown',
        `Deal "${deal.name}" (${deal.id}) is in stage '${deal.stageId}' of pipeline '${deal.pipelineId}', ` +
          'whose order relative to stage one is not in the pipeline policy. Ask RevOps to add the pipeline before registering.',
        { dealId: deal.id, pipelineId: deal.pipelineId, stageId: deal.stageId },
      );
    }
    if (position === 'at_or_beyond') blocking.push(deal);
  }

  const first = blocking[0];
  if (!first) return null;
  const createdOn = calendarDateInZone(first.createdAt, config.timeZone);
  const sourcedBy = marketingSourceOf(first, config);
  const others = blocking.length > 1 ? ` (and ${blocking.length - 1} more open deal${blocking.length > 2 ? 's' : ''})` : '';
  return ringfenceError(
    'retroactive_claim',
    `This company cannot be ring-fenced retroactively: deal "${first.name}" (${first.id}) is an open stage-one opportunity ` +
      `in stage '${first.stageId}', created on ${createdOn}, before the engagement on ${engagedOn}, and sourced by ` +
      `${sourcedBy ? `marketing (${sourcedBy})` : 'another team'}` +
      `${first.ownerUserId ? `, owned by user ${first.ownerUserId}` : ''}${others}.`,
    {
      dealId: first.id,
      dealName: first.name,
      stageId: first.stageId,
      createdOn,
      engagedOn,
      blockingDealIds: blocking.map((deal) => deal.id).join(','),
    },
  );
}

function stageOnePosition(deal: DealFacts, pipeline: StageOneDefinition): 'before' | 'at_or_beyond' | 'unknown' {
  const order = pipeline.stageOrder[deal.pipelineId];
  const stageIndex = order?.indexOf(deal.stageId) ?? -1;
  if (!order || stageIndex < 0) return 'unknown';
  const stageOneIndexes = order.map((stageId, index) => (pipeline.stageOneStageIds.includes(stageId) ? index : -1)).filter((index) => index >= 0);
  if (stageOneIndexes.length === 0) return 'unknown';
  return stageIndex >= Math.min(...stageOneIndexes) ? 'at_or_beyond' : 'before';
}
