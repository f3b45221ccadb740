import { displayName } from '../backend/directory.ts';
import { appPolicy } from '../policy/app-policy.ts';
import { companyAllianceContract } from './contracts.ts';
import { dealPipelines, owners } from './reference-data.ts';
import { ensureAuditNotes } from './ringfence/audit-notes.ts';
import { hasRingfence, loadCompanyRingfence, writeDerivedValues } from './ringfence/company-ringfence.ts';
import { buildCompanyRingfenceSection } from './ringfence/view.ts';
import { createMain } from './runtime.ts';
import { summarizeCompany, summarizeDeal } from './summaries.ts';

/**
 * Two HubSpot calls for a company never ring-fenced (the company with its association ids, its
 * deals), three once it has been (its contacts, for inbound conflicts); writes only what changed:
 * deal attribution, the flat status after expiry, and audit notes missing after a failed write.
 */
export const main = createMain(companyAllianceContract, async ({ record, gateway, now }) => {
  const { ringfence: config, pipeline } = appPolicy;
  const [pipelines, allOwners] = await Promise.all([dealPipelines(gateway, now), owners(gateway, now)]);
  const nameOf = (userId: string) => displayName({ users: [], owners: allOwners, teams: [] }, userId);
  const loaded = await loadCompanyRingfence(gateway, record!.id, pipelines, config, { withContacts: true });
  const ringfenced = hasRingfence(loaded.state);
  const { deals } = ringfenced ? await writeDerivedValues(gateway, loaded, config, now) : { deals: loaded.deals };
  if (ringfenced) await ensureAuditNotes(gateway, loaded.state, loaded.notedVersion, nameOf, config);
  return {
    company: summarizeCompany(loaded.company),
    deals: loaded.dealRecords.map((deal) => summarizeDeal(deal, pipelines, allOwners)),
    ringfence: buildCompanyRingfenceSection({
      state: loaded.state,
      attributions: deals.map((deal) => ({ dealId: deal.id, attribution: deal.attribution })),
      now,
      config,
      pipeline,
      nameOf,
    }),
  };
});
