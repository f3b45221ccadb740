import { attributeDeal, type AttributionResult } from '../../domain/ringfence/attribution.ts';
import type { DealFacts } from '../../domain/ringfence/deal.ts';
import { inboundActivityOfContact, type ContactFacts } from '../../domain/ringfence/inbound.ts';
import type { RingfenceState } from '../../domain/ringfence/state.ts';
import type { AssociatedRecord, CrmRecord, HubSpotGateway, Pipeline } from '../gateway.ts';
import {
  COMPANY_RINGFENCE_PROPERTY_NAMES,
  companyRingfencePropertyUpdates,
  dealAttributionProperties,
  dealPropertyNamesToRead,
  parseCompanyRingfenceState,
  parseDealFacts,
  type PropertyBag,
} from '../records/ringfence.ts';
import type { RingfenceConfig } from '../../policy/ringfence-config.ts';
import { FunctionFailure } from '../../functions/runtime.ts';
import { COMPANY_SUMMARY_PROPERTIES, DEAL_SUMMARY_PROPERTIES } from '../../functions/summaries.ts';
import { NOTED_VERSION_PROPERTY } from './audit-notes.ts';
import { attributionCompanyFor, type DealCompanyRingfence } from '../../domain/ringfence/attribution-company.ts';
import { normalizeAuthoritative, sealMatches, SEAL_PROPERTY } from '../integrity/seal.ts';
import { protectedPropertyNames, type AuthoritativeValues } from '../integrity/seal.ts';

export const COMPANY_RINGFENCE_READ = [
  ...COMPANY_SUMMARY_PROPERTIES,
  ...COMPANY_RINGFENCE_PROPERTY_NAMES,
  NOTED_VERSION_PROPERTY,
  ...protectedPropertyNames('companies'),
];
export const CONTACT_INBOUND_PROPERTIES = ['email', 'createdate', 'hs_analytics_source'] as const;
/** One batch read; older contacts of a large account predate any ring-fence anyway. */
const MAX_CONTACTS = 100;

/** A company as read with its associations, and the ring-fence values the app is known to have written. */
export interface TrustedCompanyRead {
  record: CrmRecord;
  associations: Partial<Record<'deals' | 'contacts', readonly { id: string }[]>>;
  trusted: AuthoritativeValues;
}

/** A company's ring-fence with everything its rules are applied to, read fresh from HubSpot. */
export interface CompanyRingfence {
  company: CrmRecord;
  state: RingfenceState;
  notedVersion: number;
  dealRecords: CrmRecord[];
  deals: DealFacts[];
  contacts: ContactFacts[];
  /** For deals on several companies: each company and its ring-fence, to apply the one attribution rule. */
  dealCompanies: Map<string, DealCompanyRingfence[]>;
}

export function ringfenceStateOf(companyId: string, properties: PropertyBag | AuthoritativeValues): RingfenceState {
  const parsed = parseCompanyRingfenceState(companyId, properties);
  if (!parsed.ok) throw new FunctionFailure('MISCONFIGURED', `Company ${companyId} has an unreadable ring-fence state: ${parsed.error}`);
  return parsed.value;
}

export function notedVersionOf(properties: PropertyBag | AuthoritativeValues): number {
  const value = Number(properties[NOTED_VERSION_PROPERTY] ?? 0);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

export function hasRingfence(state: RingfenceState): boolean {
  return state.current !== null || state.past.length > 0;
}

/** Deal facts with `isClosed` also taken from the pipeline, for portals that do not return `hs_is_closed`. */
export function dealFactsOf(record: CrmRecord, pipelines: readonly Pipeline[], config: RingfenceConfig): DealFacts {
  const parsed = parseDealFacts(record.id, record.properties, config);
  if (!parsed.ok) throw new FunctionFailure('HUBSPOT_REJECTED', `Deal ${record.id} cannot be read for ring-fencing: ${parsed.error}`);
  const stage = pipelines.find((pipeline) => pipeline.id === parsed.value.pipelineId)?.stages.find((candidate) => candidate.id === parsed.value.stageId);
  return { ...parsed.value, isClosed: parsed.value.isClosed || (stage?.isClosed ?? false) };
}

/** Contacts whose creation date HubSpot does not give are left out: they cannot be placed in time. */
export function contactFactsOf(records: readonly CrmRecord[]): ContactFacts[] {
  return records.flatMap((record) => {
    const createdAt = new Date(record.properties.createdate ?? '');
    if (Number.isNaN(createdAt.getTime())) return [];
    return [{ id: record.id, email: record.properties.email || null, createdAt, analyticsSource: record.properties.hs_analytics_source || null }];
  });
}

/** What a company's ring-fence rules read beyond the company, as HubSpot returned it. */
export interface CompanyRingfenceReads {
  dealRecords: CrmRecord[];
  contactRecords: CrmRecord[];
  /** The companies of each of its deals that has more than one. */
  sharedDeals: [dealId: string, companies: AssociatedRecord[]][];
  /** Those other companies, with the app's state on them (not yet checked against its seal). */
  otherCompanies: CrmRecord[];
}

/**
 * Reads the company's deals and (when it has ever been ring-fenced and `withContacts`) its contacts,
 * side by side; with `withDealCompanies`, the companies of those deals: two to four HubSpot calls.
 */
export async function readAroundCompany(
  gateway: HubSpotGateway,
  read: TrustedCompanyRead,
  config: RingfenceConfig,
  options: { withContacts: boolean; withDealCompanies?: boolean },
): Promise<CompanyRingfenceReads> {
  const ringfenced = hasRingfence(ringfenceStateOf(read.record.id, read.trusted));
  const dealIds = (read.associations.deals ?? []).map((deal) => deal.id);
  const contactIds = options.withContacts && ringfenced ? (read.associations.contacts ?? []).slice(0, MAX_CONTACTS).map((contact) => contact.id) : [];
  const [dealRecords, contactRecords, shared] = await Promise.all([
    dealIds.length > 0
      ? gateway.readRecords('deals', dealIds, [...new Set([...DEAL_SUMMARY_PROPERTIES, ...dealPropertyNamesToRead(config)])])
      : Promise.resolve([]),
    contactIds.length > 0 ? gateway.readRecords('contacts', contactIds, CONTACT_INBOUND_PROPERTIES) : Promise.resolve([]),
    options.withDealCompanies && ringfenced && dealIds.length > 0 ? sharedDealsOf(gateway, dealIds) : Promise.resolve([]),
  ]);
  const others = [...new Set(shared.flatMap(([, companies]) => companies.map((other) => other.id)).filter((id) => id !== read.record.id))];
  return {
    dealRecords,
    contactRecords,
    sharedDeals: shared,
    otherCompanies: others.length > 0 ? await gateway.readRecords('companies', others, protectedPropertyNames('companies')) : [],
  };
}

async function sharedDealsOf(gateway: HubSpotGateway, dealIds: readonly string[]): Promise<[string, AssociatedRecord[]][]> {
  const links = await gateway.associatedRecords('deals', dealIds, 'companies');
  return [...links].filter(([, companies]) => companies.length > 1);
}

/**
 * The company's ring-fence with everything its rules apply to. Another company's state counts only
 * under the app's seal (no history here: its own backend read repairs it).
 */
export function companyRingfenceFrom(
  read: TrustedCompanyRead,
  reads: CompanyRingfenceReads,
  pipelines: readonly Pipeline[],
  config: RingfenceConfig,
  sealKey: string | undefined,
): CompanyRingfence {
  const company = read.record;
  const state = ringfenceStateOf(company.id, read.trusted);
  const states = new Map<string, RingfenceState | null>([[company.id, state]]);
  for (const other of reads.otherCompanies) {
    const values = normalizeAuthoritative('companies', other.properties);
    const genuine = sealKey !== undefined && sealMatches(sealKey, 'companies', other.id, values, other.properties[SEAL_PROPERTY]);
    const parsed = genuine ? parseCompanyRingfenceState(other.id, values) : null;
    states.set(other.id, parsed?.ok ? parsed.value : null);
  }
  return {
    company,
    state,
    notedVersion: notedVersionOf(read.trusted),
    dealRecords: reads.dealRecords,
    deals: reads.dealRecords.flatMap((record) => {
      // One deal HubSpot holds without the facts the rules need (no stage) must not stop the company's others.
      try {
        return [dealFactsOf(record, pipelines, config)];
      } catch (error) {
        console.warn(`ring-fence: deal ${record.id} left out: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }
    }),
    contacts: contactFactsOf(reads.contactRecords),
    dealCompanies: new Map(
      reads.sharedDeals.map(([dealId, companies]) => [
        dealId,
        companies.map((other) => ({ companyId: other.id, primary: other.primary, state: states.get(other.id) ?? null })),
      ]),
    ),
  };
}

/** readAroundCompany, then companyRingfenceFrom. */
export async function loadCompanyRingfence(
  gateway: HubSpotGateway,
  read: TrustedCompanyRead,
  pipelines: readonly Pipeline[],
  config: RingfenceConfig,
  options: { withContacts: boolean; withDealCompanies?: boolean; sealKey?: string },
): Promise<CompanyRingfence> {
  return companyRingfenceFrom(read, await readAroundCompany(gateway, read, config, options), pipelines, config, options.sealKey);
}

export interface AttributionUpdate {
  dealId: string;
  result: AttributionResult;
  properties: Record<string, string>;
}

/**
 * Applies the attribution rules to each deal against the company's ring-fences and the inbound
 * activity of `contacts`; returns only the deals whose stored attribution differs.
 */
export function attributionUpdates(
  state: RingfenceState,
  deals: readonly DealFacts[],
  contacts: readonly ContactFacts[],
  config: RingfenceConfig,
  formContactIds: ReadonlySet<string> = new Set(),
  dealCompanies: ReadonlyMap<string, readonly DealCompanyRingfence[]> = new Map(),
): AttributionUpdate[] {
  const activity = contacts.flatMap((contact) => inboundActivityOfContact(contact, config, formContactIds.has(contact.id)) ?? []);
  return deals.flatMap((deal) => {
    const companies = dealCompanies.get(deal.id);
    const chosen = companies ? attributionCompanyFor(deal, companies, config) : null;
    // A deal on several companies is attributed once, through the company the rule names.
    if (companies && chosen && chosen.companyId !== state.companyId) return [];
    const result = attributeDeal(state, deal, activity, config, chosen && companies ? chosen.basis : undefined);
    return result.changed ? [{ dealId: deal.id, result, properties: dealAttributionProperties(result.attribution) }] : [];
  });
}

/**
 * Brings what was derived from the state up to date: the deals' attribution and the flat status
 * properties (expiry is derived, so the status changes with the date). Writes only what changed;
 * never the state itself, which only backend actions write.
 */
export async function writeDerivedValues(
  gateway: HubSpotGateway,
  loaded: CompanyRingfence,
  config: RingfenceConfig,
  now: Date,
  formContactIds: ReadonlySet<string> = new Set(),
): Promise<{ deals: DealFacts[]; written: AttributionUpdate[] }> {
  const updates = attributionUpdates(loaded.state, loaded.deals, loaded.contacts, config, formContactIds, loaded.dealCompanies);
  if (updates.length > 0)
    await gateway.updateRecords(
      'deals',
      updates.map((update) => ({ id: update.dealId, properties: update.properties })),
    );

  const { cosell_ringfence_state: _stateIsWrittenByActions, ...flat } = companyRingfencePropertyUpdates(loaded.company.properties, loaded.state, now, config);
  if (Object.keys(flat).length > 0) await gateway.updateRecord('companies', loaded.company.id, flat);

  const updated = new Map(updates.map((update) => [update.dealId, update.result.attribution]));
  return {
    deals: loaded.deals.map((deal) => (updated.has(deal.id) ? { ...deal, attribution: updated.get(deal.id) ?? null } : deal)),
    written: updates,
  };
}
