import { dealCosellContract } from './contracts.ts';
import { dealPipelines, owners } from './reference-data.ts';
import { createMain } from './runtime.ts';
import { COMPANY_SUMMARY_PROPERTIES, summarizeCompany, summarizeDeal } from './summaries.ts';

export const main = createMain(dealCosellContract, async ({ record, gateway, now }) => {
  const deal = record!;
  const [companyIds, pipelines, allOwners] = await Promise.all([
    gateway.associatedIds('deals', [deal.id], 'companies'),
    dealPipelines(gateway, now),
    owners(gateway, now),
  ]);
  const companyId = companyIds.get(deal.id)?.[0];
  const [company] = companyId ? await gateway.readRecords('companies', [companyId], COMPANY_SUMMARY_PROPERTIES) : [];
  return {
    deal: summarizeDeal(deal, pipelines, allOwners),
    company: company ? summarizeCompany(company) : null,
  };
});
