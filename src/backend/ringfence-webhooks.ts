import { z } from 'zod';
import { dealPipelines } from '../functions/reference-data.ts';
import { ensureAuditNotes } from '../functions/ringfence/audit-notes.ts';
import { hasRingfence, loadCompanyRingfence, writeDerivedValues } from '../functions/ringfence/company-ringfence.ts';
import { parseCompanyRingfenceState } from '../hubspot/records/ringfence.ts';
import type { HubSpotGateway } from '../hubspot/gateway.ts';
import type { WebhookEvent } from '../identity/webhooks.ts';
import { appPolicy } from '../policy/app-policy.ts';
import { displayName } from './directory.ts';
import type { WebhookContext, WebhookSubscriber } from './handler.ts';

const DEAL = '0-3';
const COMPANY = '0-2';
const CONTACT = '0-1';

const eventShape = z.looseObject({
  subscriptionType: z.string(),
  objectTypeId: z.string().optional(),
  objectId: z.string(),
  changeSource: z.string().optional(),
  toObjectTypeId: z.string().optional(),
  toObjectId: z.union([z.string(), z.number()]).transform(String).optional(),
});

/** What a batch of events asks the ring-fence to look at again. */
interface Touched {
  companyIds: Set<string>;
  dealIds: Set<string>;
  contactIds: Set<string>;
  /** Contacts HubSpot reported as created (or associated) by a form: form submissions. */
  formContactIds: Set<string>;
}

function touchedBy(events: readonly WebhookEvent[]): Touched {
  const touched: Touched = { companyIds: new Set(), dealIds: new Set(), contactIds: new Set(), formContactIds: new Set() };
  for (const raw of events) {
    const parsed = eventShape.safeParse(raw);
    if (!parsed.success) continue;
    const event = parsed.data;
    const creation = event.subscriptionType === 'object.creation';
    const association = event.subscriptionType === 'object.associationChange';
    if (!creation && !association) continue;
    const other = association ? event.toObjectTypeId : undefined;
    if (event.objectTypeId === DEAL) {
      touched.dealIds.add(event.objectId);
      if (other === COMPANY && event.toObjectId) touched.companyIds.add(event.toObjectId);
    } else if (event.objectTypeId === CONTACT) {
      touched.contactIds.add(event.objectId);
      if (event.changeSource === 'FORM') touched.formContactIds.add(event.objectId);
      if (other === COMPANY && event.toObjectId) touched.companyIds.add(event.toObjectId);
      if (other === DEAL && event.toObjectId) touched.dealIds.add(event.toObjectId);
    }
  }
  return touched;
}

async function companiesOf(gateway: HubSpotGateway, touched: Touched): Promise<Set<string>> {
  const companyIds = new Set(touched.companyIds);
  const [fromDeals, fromContacts] = await Promise.all([
    touched.dealIds.size > 0 ? gateway.associatedIds('deals', [...touched.dealIds], 'companies') : Promise.resolve(new Map<string, string[]>()),
    touched.contactIds.size > 0 ? gateway.associatedIds('contacts', [...touched.contactIds], 'companies') : Promise.resolve(new Map<string, string[]>()),
  ]);
  for (const ids of [...fromDeals.values(), ...fromContacts.values()]) for (const id of ids) companyIds.add(id);
  return companyIds;
}

/**
 * Recomputes alliance attribution when deals are created or associated and when contacts arrive
 * (a web form, a new inbound contact), for every ring-fenced company those events touch. The app's
 * own writes (deal attribution, notes) raise no event it subscribes to, so nothing loops.
 */
export const ringfenceAttributionSubscriber: WebhookSubscriber = async (events, context: WebhookContext) => {
  const touched = touchedBy(events);
  if (touched.companyIds.size + touched.dealIds.size + touched.contactIds.size === 0) return;
  const { gateway, locks, now } = context;
  const config = appPolicy.ringfence;
  const companyIds = await companiesOf(gateway, touched);
  if (companyIds.size === 0) return;
  // One batch read tells which of them were ever ring-fenced; the others cost nothing more.
  const companies = await gateway.readRecords('companies', [...companyIds], ['cosell_ringfence_state']);
  // A company whose stored state cannot be read is left for its card to report, not allowed to stop the others.
  const ringfenced = companies.filter((company) => {
    const state = parseCompanyRingfenceState(company.id, company.properties);
    return state.ok && hasRingfence(state.value);
  });
  if (ringfenced.length === 0) return;
  const pipelines = await dealPipelines(gateway, now);
  for (const { id: companyId } of ringfenced) {
    await locks.run(companyId, async () => {
      const loaded = await loadCompanyRingfence(gateway, companyId, pipelines, config, { withContacts: true });
      await writeDerivedValues(gateway, loaded, config, now, touched.formContactIds);
      if (loaded.notedVersion < loaded.state.version) {
        const directory = await context.directory.load(now);
        await ensureAuditNotes(gateway, loaded.state, loaded.notedVersion, (userId) => displayName(directory, userId), config);
      }
    });
  }
};
