import { dealCosellContract } from './contracts.ts';
import { loadDealContext, type DealReadPlan } from './deal/context.ts';
import { buildCoSellSection, coSellProperties, recentSubmissionsFromPortal } from './deal/cosell.ts';
import { attributionProperties, buildAttributionSection } from './deal/attribution.ts';
import { buildGateSection, gateProperties } from './deal/gate.ts';
import { buildRoutingSection, routingProperties } from './deal/routing.ts';
import { createMain } from './runtime.ts';
import { summarizeCompany, summarizeDeal } from './summaries.ts';

/** The properties each card section needs; every section adds its own lists here. */
const readPlan: DealReadPlan = {
  deal: [...coSellProperties.deal, ...attributionProperties.deal, ...gateProperties.deal, ...routingProperties.deal],
  company: [...coSellProperties.company, ...attributionProperties.company, ...gateProperties.company, ...routingProperties.company],
  contact: [...coSellProperties.contact, ...attributionProperties.contact],
};

export const main = createMain(dealCosellContract, async ({ record, gateway, now, parameters }) => {
  const context = await loadDealContext(record!.id, gateway, now, readPlan);
  return {
    deal: summarizeDeal(context.deal, context.pipelines, context.owners),
    company: context.company ? summarizeCompany(context.company) : null,
    cosell: await buildCoSellSection(context, recentSubmissionsFromPortal(gateway, now, context.policy.cosell)),
    attribution: await buildAttributionSection(context, gateway),
    // Before the gate: it writes the current recommendation the gate and reports rely on.
    routing: await buildRoutingSection(context, gateway),
    gate: await buildGateSection(context, gateway, parameters.viewerUserId),
  };
});
