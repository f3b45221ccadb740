import { displayName } from '../hubspot/directory.ts';
import { COMMITMENT_PROGRAMS } from '../domain/commitments/index.ts';
import { COMMITMENT_READ_NAMES, commitmentsSection } from '../hubspot/records/commitments.ts';
import { appPolicy } from '../policy/app-policy.ts';
import { companyAllianceContract } from './contracts.ts';
import { dealPipelines, owners } from './reference-data.ts';
import { protectedPropertyNames } from '../hubspot/integrity/seal.ts';
import { COMPANY_RINGFENCE_READ, hasRingfence, loadCompanyRingfence, writeDerivedValues } from '../hubspot/ringfence/company.ts';
import { sealKeyFromEnvironment, verifyRecord } from './integrity.ts';
import { integritySectionOf } from './integrity-view.ts';
import { buildCompanyRingfenceSection } from './ringfence/view.ts';
import { createMain } from './runtime.ts';
import { summarizeCompany, summarizeDeal } from './summaries.ts';

/**
 * Two HubSpot calls for a company never ring-fenced (the company with its association ids and the
 * history of its ring-fence state, its deals), three once it has been (its contacts, for inbound
 * conflicts). Only the ring-fence the app wrote is shown and applied (seal and history checked);
 * writes only derived values that changed: deal attribution and the flat status after expiry.
 */
export const main = createMain(companyAllianceContract, async ({ record, gateway, now }) => {
  const { ringfence: config, pipeline } = appPolicy;
  const [pipelines, allOwners] = await Promise.all([dealPipelines(gateway, now), owners(gateway, now)]);
  const nameOf = (userId: string) => displayName({ users: [], owners: allOwners, teams: [] }, userId);
  const names = protectedPropertyNames('companies');
  const read = await gateway.readRecord('companies', record!.id, {
    properties: [...COMPANY_RINGFENCE_READ, ...COMMITMENT_READ_NAMES],
    history: names,
    associations: ['deals', 'contacts'],
  });
  const sealKey = sealKeyFromEnvironment();
  const verified = verifyRecord('companies', read.record, read.history, sealKey);
  const loaded = await loadCompanyRingfence(gateway, { record: read.record, associations: read.associations, trusted: verified.trusted }, pipelines, config, {
    withContacts: true,
    withDealCompanies: true,
    sealKey,
  });
  const { deals } = hasRingfence(loaded.state) ? await writeDerivedValues(gateway, loaded, config, now) : { deals: loaded.deals };
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
    commitments: commitmentsSection(verified.trusted.cosell_commitments_state, read.record.properties, nameOf, COMMITMENT_PROGRAMS),
    integrity: integritySectionOf('companies', verified, { users: [], owners: allOwners, teams: [] }),
  };
});
