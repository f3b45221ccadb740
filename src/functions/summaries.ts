import type { CrmRecord, HubSpotOwner, Pipeline } from '../hubspot/gateway.ts';
import { z } from 'zod';

const money = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .describe('decimal string');

export const dealSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  amount: money.nullable(),
  currency: z.string(),
  stage: z.object({ id: z.string(), label: z.string() }).nullable(),
  closeDate: z.string().nullable().describe('YYYY-MM-DD'),
  owner: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
});

export const companySummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string().nullable(),
  country: z.string().nullable(),
});

export const DEAL_SUMMARY_PROPERTIES = ['dealname', 'amount', 'deal_currency_code', 'dealstage', 'pipeline', 'closedate', 'hubspot_owner_id'] as const;
export const COMPANY_SUMMARY_PROPERTIES = ['name', 'domain', 'country'] as const;

export function summarizeDeal(deal: CrmRecord, pipelines: readonly Pipeline[], owners: readonly HubSpotOwner[]): z.infer<typeof dealSummarySchema> {
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
    owner: owner ? { id: owner.id, name: `${owner.firstName} ${owner.lastName}`.trim() || owner.email, email: owner.email } : null,
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
