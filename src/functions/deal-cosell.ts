import { dealCosellContract } from './contracts.ts';
import { loadDealContext } from './deal/context.ts';
import { buildCoSellSection } from './deal/cosell.ts';
import { buildAttributionSection } from './deal/attribution.ts';
import { buildGateSection } from './deal/gate.ts';
import { dealReadPlan } from './deal/read-plan.ts';
import { buildRoutingSection } from './deal/routing.ts';
import { createMain } from './runtime.ts';
import { summarizeCompany, summarizeDeal } from './summaries.ts';

export const main = createMain(dealCosellContract, async ({ record, gateway, now, parameters }) => {
  const context = await loadDealContext(record!.id, gateway, now, dealReadPlan);
  const result = {
    deal: summarizeDeal(context.deal, context.pipelines, context.owners),
    company: context.company ? summarizeCompany(context.company) : null,
    cosell: await buildCoSellSection(context),
    attribution: await buildAttributionSection(context, gateway),
    // Before the gate: it writes the current recommendation the gate and reports rely on.
    routing: await buildRoutingSection(context, gateway),
    gate: await buildGateSection(context, gateway, parameters.viewerUserId),
  };
  await context.saveSnapshot();
  return result;
});
