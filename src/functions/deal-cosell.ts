import { dealCosellContract } from './contracts.ts';
import { loadDealContext, type DealReadPlan } from './deal/context.ts';
import { createMain } from './runtime.ts';
import { summarizeCompany, summarizeDeal } from './summaries.ts';

/** The properties each card section needs; every section adds its own lists here. */
const readPlan: DealReadPlan = {
  deal: [],
  company: [],
  contact: [],
};

export const main = createMain(dealCosellContract, async ({ record, gateway, now }) => {
  const context = await loadDealContext(record!.id, gateway, now, readPlan);
  return {
    deal: summarizeDeal(context.deal, context.pipelines, context.owners),
    company: context.company ? summarizeCompany(context.company) : null,
  };
});
