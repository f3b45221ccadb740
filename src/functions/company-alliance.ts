import { companyAllianceContract } from './contracts.ts';
import { dealPipelines, owners } from './reference-data.ts';
import { createMain } from './runtime.ts';
import { DEAL_SUMMARY_PROPERTIES, summarizeCompany, summarizeDeal } from './summaries.ts';

export const main = createMain(companyAllianceContract, async ({ record, gateway, now }) => {
  const company = record!;
  const [dealIds, pipelines, allOwners] = await Promise.all([
    gateway.associatedIds('companies', [company.id], 'deals'),
    dealPipelines(gateway, now),
    owners(gateway, now),
  ]);
  const deals = await gateway.readRecords('deals', dealIds.get(company.id) ?? [], DEAL_SUMMARY_PROPERTIES);
  return {
    company: summarizeCompany(company),
    deals: deals.map((deal) => summarizeDeal(deal, pipelines, allOwners)),
  };
});
