import type { CrmRecord, HubSpotOwner, Pipeline } from '../hubspot/gateway.ts';
import type { z } from 'zod';
import type { companySummarySchema, dealSummarySchema } from './contracts.ts';

export const DEAL_SUMMARY_PROPERTIES = ['dealname', 'amount', 'deal_currency_code', 'dealstage', 'pipeline', 'closedate', 'hubspot_owner_id'] as const;
export const COMPANY_SUMMARY_PROPERTIES = ['name', 'domain', 'country'] as const;

export function summarizeDeal(
  deal: CrmRecord,
  pipelines: readonly Pipeline[],
  owners: readonly HubSpotOwner[],
): z.infer<typeof dealSummarySchema> {
  const p = deal.properties;
  const pipeline = pipelines.find((candidate) => candidate.id === p.pipeline) ?? pipelines[0];
  const stage = pipeline?.stages.find((candidate) => candidate.id === p.dealstage);
  const owner = owners.find((candidate) => candidate.id === p.hubspot_owner_id);
  return {
    id: deal.id,
    name: p.dealname || `Deal ${deal.id}`,
    amount: p.amount && /^-?\d+(\.\d+)?$/.test(p.amount) ? p.amount : null,
    currency: p.deal_currency_code || 'USD',
    stage: p.dealstage ? { id: p.dealstage, label: stage?.label ?? p.dealstage } : null,
    closeDate: p.closedate ? p.closedate.slice(0, 10) : null,
    owner: owner
      ? { id: owner.id, name: `${owner.firstName} ${owner.lastName}`.trim() || owner.email, email: owner.email }
      : null,
  };
}

export function summarizeCompany(company: CrmRecord): z.infer<typeof companySummarySchema> {
  const p = company.properties;
  return {
    id: company.id,
    name: p.name || `Company ${company.id}`,
    domain: p.domain || null,
    country: p.country || null,
  };
}
