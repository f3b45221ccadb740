import { displayName } from '../hubspot/directory.ts';
import { COMMITMENT_PROGRAMS } from '../domain/commitments/index.ts';
import type { Pipeline } from '../hubspot/gateway.ts';
import {
  CARD_SNAPSHOT_PROPERTIES,
  CARD_SNAPSHOT_STALE_PROPERTY,
  readCardSnapshot,
  saveCardSnapshot,
  type SnapshotScope,
} from '../hubspot/records/card-snapshot.ts';
import { COMMITMENT_READ_NAMES, commitmentsSection } from '../hubspot/records/commitments.ts';
import { appPolicy } from '../policy/app-policy.ts';
import { companyAllianceContract } from './contracts.ts';
import { dealPipelines, owners, REFERENCE_DATA_MAX_AGE_MS } from './reference-data.ts';
import { protectedPropertyNames } from '../hubspot/integrity/seal.ts';
import {
  COMPANY_RINGFENCE_READ,
  companyRingfenceFrom,
  hasRingfence,
  readAroundCompany,
  ringfenceStateOf,
  writeDerivedValues,
  type CompanyRingfenceReads,
  type TrustedCompanyRead,
} from '../hubspot/ringfence/company.ts';
import { sealKeyFromEnvironment, verifyRecord } from './integrity.ts';
import { integritySectionOf } from './integrity-view.ts';
import { buildCompanyRingfenceSection } from './ringfence/view.ts';
import { createMain } from './runtime.ts';
import { summarizeCompany, summarizeDeal } from './summaries.ts';

/** The company card's snapshot: its deals, contacts and shared deals as read, and the pipelines of those deals. */
interface CompanySnapshot extends CompanyRingfenceReads {
  /** Contacts and shared deals are read only for a company with a ring-fence: a snapshot read without them does not serve one. */
  ringfenced: boolean;
  /** Portal data read with them; used only while younger than the reference data's bounded age. */
  pipelines: Pipeline[];
}

/** Changes whenever CompanySnapshot or the reads behind it do. */
const COMPANY_SNAPSHOT_SCHEMA = 'company1';

/**
 * One HubSpot call once the company has a snapshot: the company with its association ids and the
 * history of its ring-fence state and its snapshot's stale mark. Without one, its deals, (once
 * ring-fenced) its contacts and the other companies of shared deals are read, and saved as the
 * snapshot. Only the ring-fence the app wrote is shown and applied (seal and history checked);
 * writes only derived values that changed: deal attribution and the flat status after expiry.
 */
export const main = createMain(companyAllianceContract, async ({ record, gateway, now }) => {
  const { ringfence: config, pipeline } = appPolicy;
  const sealKey = sealKeyFromEnvironment();
  const names = protectedPropertyNames('companies');
  const [read, allOwners] = await Promise.all([
    gateway.readRecord('companies', record!.id, {
      properties: [...COMPANY_RINGFENCE_READ, ...COMMITMENT_READ_NAMES, ...CARD_SNAPSHOT_PROPERTIES],
      history: [...names, CARD_SNAPSHOT_STALE_PROPERTY],
      associations: ['deals', 'contacts'],
    }),
    owners(gateway, now),
  ]);
  const nameOf = (userId: string) => displayName({ users: [], owners: allOwners, teams: [] }, userId);
  const verified = verifyRecord('companies', read.record, read.history, sealKey);
  const trustedRead: TrustedCompanyRead = { record: read.record, associations: read.associations, trusted: verified.trusted };
  const ringfenced = hasRingfence(ringfenceStateOf(read.record.id, verified.trusted));

  const scope: SnapshotScope = { key: sealKey, objectType: 'companies', id: record!.id, schema: COMPANY_SNAPSHOT_SCHEMA };
  const found = readCardSnapshot<CompanySnapshot>(scope, read, now.getTime());
  const snapshot = found.usable && found.content.ringfenced === ringfenced ? found : null;
  const around = snapshot?.content ?? (await readAroundCompany(gateway, trustedRead, config, { withContacts: true, withDealCompanies: true }));
  const dealPipelineIds = new Set(around.dealRecords.map((deal) => deal.properties.pipeline ?? ''));
  const pipelines = snapshot && now.getTime() - snapshot.readAt < REFERENCE_DATA_MAX_AGE_MS ? snapshot.content.pipelines : await dealPipelines(gateway, now);

  const loaded = companyRingfenceFrom(trustedRead, around, pipelines, config, sealKey);
  const { deals, written } = hasRingfence(loaded.state) ? await writeDerivedValues(gateway, loaded, config, now) : { deals: loaded.deals, written: [] };
  if (!snapshot) {
    // The snapshot holds the deals as they are after this load's own writes.
    const writes = new Map(written.map((update) => [update.dealId, update.properties]));
    const dealRecords = around.dealRecords.map((deal) => ({ id: deal.id, properties: { ...deal.properties, ...writes.get(deal.id) } }));
    const content: CompanySnapshot = {
      ...around,
      dealRecords,
      ringfenced,
      pipelines: pipelines.filter((candidate) => dealPipelineIds.has(candidate.id)),
    };
    await saveCardSnapshot(gateway, scope, now.getTime(), read, content);
  }
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
