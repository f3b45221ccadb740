import { dealPipelines } from '../functions/reference-data.ts';
import { protectedPropertyNames } from '../hubspot/integrity/seal.ts';
import { COMPANY_RINGFENCE_PROPERTY_NAMES, DEAL_ATTRIBUTION_PROPERTY_NAMES, parseCompanyRingfenceState } from '../hubspot/records/ringfence.ts';
import { attributionUpdates, hasRingfence, loadCompanyRingfence, writeDerivedValues } from '../hubspot/ringfence/company.ts';
import { GATE_KIND } from './gate/deal-gate.ts';
import { COMMITMENT_PROJECTION_NAMES } from '../hubspot/records/commitments.ts';
import type { WebhookEvent } from '../identity/webhooks.ts';
import { appPolicy } from '../policy/app-policy.ts';
import type { WebhookContext } from './handler.ts';
import { ensureNotesAndRecord, nameResolver, readRingfenceCompany } from './ringfence-state.ts';
import type { WebhookProcessor } from './webhook-worker.ts';

const DEAL = '0-3';
const COMPANY = '0-2';
const CONTACT = '0-1';

/** Company properties whose change is looked at: the app's ring-fence state (outside edits are repaired) and its projections. */
export const RINGFENCE_WATCHED_COMPANY_PROPERTIES: readonly string[] = [
  ...new Set([...protectedPropertyNames('companies'), ...COMPANY_RINGFENCE_PROPERTY_NAMES, ...COMMITMENT_PROJECTION_NAMES]),
];
/** Deal properties the attribution owns: an outside edit is put back on the next pass. */
export const RINGFENCE_WATCHED_DEAL_PROPERTIES: readonly string[] = DEAL_ATTRIBUTION_PROPERTY_NAMES;

const watchedCompany = new Set(RINGFENCE_WATCHED_COMPANY_PROPERTIES);
const watchedDeal = new Set(RINGFENCE_WATCHED_DEAL_PROPERTIES);

/** What a batch of events asks the ring-fence to look at again. */
interface Touched {
  companyIds: Set<string>;
  dealIds: Set<string>;
  contactIds: Set<string>;
  /** Contacts HubSpot reported as created by a form: form submissions. */
  formContactIds: Set<string>;
  /** Deals whose attribution someone other than the app wrote. */
  attributionEditedDealIds: Set<string>;
}

function touchedBy(events: readonly WebhookEvent[], appId: string | null): Touched {
  const touched: Touched = { companyIds: new Set(), dealIds: new Set(), contactIds: new Set(), formContactIds: new Set(), attributionEditedDealIds: new Set() };
  const byType: Record<string, Set<string>> = { [DEAL]: touched.dealIds, [COMPANY]: touched.companyIds, [CONTACT]: touched.contactIds };
  for (const event of events) {
    if (event.kind === 'association') {
      // Both ends matter: a deal or contact newly linked to a company, from either side.
      byType[event.fromObjectTypeId]?.add(event.fromObjectId);
      byType[event.toObjectTypeId]?.add(event.toObjectId);
      // A form links the contact it creates to the company in the same submission.
      if (event.changeSource === 'FORM' && event.fromObjectTypeId === CONTACT) touched.formContactIds.add(event.fromObjectId);
    } else if (event.kind === 'object') {
      const relevant =
        event.action === 'creation' ||
        (event.action === 'propertyChange' &&
          ((event.objectTypeId === COMPANY && watchedCompany.has(event.propertyName ?? '')) ||
            (event.objectTypeId === DEAL && watchedDeal.has(event.propertyName ?? ''))));
      if (!relevant) continue;
      byType[event.objectTypeId]?.add(event.objectId);
      if (event.objectTypeId === CONTACT && event.action === 'creation' && event.changeSource === 'FORM') touched.formContactIds.add(event.objectId);
      const byApp = event.changeSource === 'INTEGRATION' && appId !== null && event.sourceId === appId;
      if (event.objectTypeId === DEAL && event.action === 'propertyChange' && watchedDeal.has(event.propertyName ?? '') && !byApp)
        touched.attributionEditedDealIds.add(event.objectId);
    }
  }
  return touched;
}

async function companiesOf(context: WebhookContext, touched: Touched): Promise<Set<string>> {
  const companyIds = new Set(touched.companyIds);
  const [fromDeals, fromContacts] = await Promise.all([
    touched.dealIds.size > 0 ? context.gateway.associatedIds('deals', [...touched.dealIds], 'companies') : Promise.resolve(new Map<string, string[]>()),
    touched.contactIds.size > 0
      ? context.gateway.associatedIds('contacts', [...touched.contactIds], 'companies')
      : Promise.resolve(new Map<string, string[]>()),
  ]);
  for (const ids of [...fromDeals.values(), ...fromContacts.values()]) for (const id of ids) companyIds.add(id);
  return companyIds;
}

/** A deal whose attribution someone else changed, and which the app is about to put back: the edit is counted on the deal. */
async function countAttributionEdits(
  context: WebhookContext,
  loaded: Awaited<ReturnType<typeof loadCompanyRingfence>>,
  touched: Touched,
  directory: Awaited<ReturnType<WebhookContext['directory']['load']>>,
): Promise<void> {
  const wrong = attributionUpdates(loaded.state, loaded.deals, loaded.contacts, appPolicy.ringfence, touched.formContactIds, loaded.dealCompanies).filter(
    (update) => touched.attributionEditedDealIds.has(update.dealId),
  );
  for (const update of wrong) {
    await context.withRecordLock('deals', update.dealId, async () => {
      const read = await context.keeper.read(
        GATE_KIND,
        update.dealId,
        { properties: RINGFENCE_WATCHED_DEAL_PROPERTIES, history: RINGFENCE_WATCHED_DEAL_PROPERTIES },
        context.now,
        directory,
      );
      const changed = RINGFENCE_WATCHED_DEAL_PROPERTIES.filter((name) => (read.record.properties[name] ?? '') !== (update.properties[name] ?? ''));
      if (changed.length > 0) await context.keeper.recordOutsideEdit(GATE_KIND, update.dealId, read, changed, context.now, directory);
    });
  }
}

/**
 * Recomputes alliance attribution when deals are created or associated and when contacts arrive
 * (a web form, a new inbound contact), for every ring-fenced company those events touch, and
 * repairs a company whose ring-fence state someone edited outside the app. The app's own writes to
 * the watched properties come back as events too; they find nothing to change.
 */
export const ringfenceAttributionProcessor: WebhookProcessor = async (events, context) => {
  const touched = touchedBy(events, context.appId);
  if (touched.companyIds.size + touched.dealIds.size + touched.contactIds.size === 0) return;
  const config = appPolicy.ringfence;
  const companyIds = await companiesOf(context, touched);
  if (companyIds.size === 0) return;
  // One batch read tells which of them hold any ring-fence state; the others cost nothing more.
  const companies = await context.gateway.readRecords('companies', [...companyIds], protectedPropertyNames('companies'));
  const candidates = companies.filter((company) => {
    if (touched.companyIds.has(company.id)) return true;
    const state = parseCompanyRingfenceState(company.id, company.properties);
    return !state.ok || hasRingfence(state.value);
  });
  if (candidates.length === 0) return;
  const pipelines = await dealPipelines(context.gateway, context.now);
  const directory = await context.directory.load(context.now);
  for (const { id: companyId } of candidates) {
    await context.withRecordLock('companies', companyId, async () => {
      const read = await readRingfenceCompany(context, companyId, directory);
      const loaded = await loadCompanyRingfence(context.gateway, read, pipelines, config, {
        withContacts: true,
        withDealCompanies: true,
        sealKey: context.sealKey,
      });
      if (!hasRingfence(loaded.state)) return;
      await countAttributionEdits(context, loaded, touched, directory);
      await writeDerivedValues(context.gateway, loaded, config, context.now, touched.formContactIds);
      await ensureNotesAndRecord(context, loaded.state, read.trusted, nameResolver(directory));
    });
  }
};
