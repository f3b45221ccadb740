import { sealedProperties } from '../../hubspot/integrity/seal.ts';
import { SANDBOX_SEAL_KEY } from '../constants.ts';
import type { CrmStore } from '../crm/store.ts';
import { demoUsers } from './demo-people.ts';

/**
 * Grows the demo portal to `deals` deals for scale tests and benchmarks (`npm start -- --reset
 * --deals 100000`): companies shaped like the demo's (their commitments copied) and deals spread
 * over stages, clouds, co-sell statuses, routes and close dates in the year around `today`. Rows go
 * in through the store's bulk path, thousands per transaction; the same seed gives the same portal.
 */

const DAY_MS = 86_400_000;
const DEALS_PER_COMPANY = 5;
const CHUNK = 5_000;
const STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost'] as const;
const CLOUDS = ['aws', 'azure', 'gcp'] as const;
const AWS_REVIEW = ['Pending Submission', 'Submitted', 'In review', 'Action Required', 'Approved', 'Rejected'] as const;
const MICROSOFT_SUBSTATUS = ['Pending', 'Received', 'Accepted', 'Declined'] as const;
const GOOGLE_STATE = ['DRAFT', 'SUBMITTED', 'ACCEPTED', 'REJECTED'] as const;
/** Company properties copied from the demo's companies: country and every commitment field. */
const COPIED_COMPANY_PROPERTY = /^(country|cosell_(aws|azure|gcp)_(commit_[a-z_]+|marketplace_[a-z_]+))$/;

/** mulberry32: small, fast and deterministic. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function growDemoPortal(
  store: CrmStore,
  options: { deals: number; today: Date; seed?: number; onProgress?: (created: number) => void },
): { created: number } {
  const random = randomFrom(options.seed ?? 13);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const existing = store.listObjects('deals').length;
  const toCreate = Math.max(0, options.deals - existing);
  if (toCreate === 0) return { created: 0 };
  const templates = store
    .listObjects('companies')
    .map((company) => Object.fromEntries(Object.entries(company.properties).filter(([name, value]) => COPIED_COMPANY_PROPERTY.test(name) && value !== '')));
  const owners = demoUsers.filter((user) => user.role === 'ae').map((user) => user.ownerId);
  const today = options.today.getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  let created = 0;
  while (created < toCreate) {
    const dealsNow = Math.min(CHUNK, toCreate - created);
    const companyIds = store.bulkCreateObjects(
      'companies',
      Array.from({ length: Math.ceil(dealsNow / DEALS_PER_COMPANY) }, (_, index) => ({
        properties: { name: `Scale Customer ${created + index * DEALS_PER_COMPANY + 1}`, ...pick(templates) },
        createdAt: new Date(today - (200 + Math.floor(random() * 200)) * DAY_MS),
      })),
    );
    store.bulkCreateObjects(
      'deals',
      Array.from({ length: dealsNow }, (_, index) => {
        const stage = pick(STAGES);
        const closed = stage === 'closedwon' || stage === 'closedlost';
        const createdDaysAgo = 20 + Math.floor(random() * 330);
        const closeMs = closed ? today - (1 + Math.floor(random() * 360)) * DAY_MS : today + (7 + Math.floor(random() * 180)) * DAY_MS;
        const cloud = random() < 0.8 ? pick(CLOUDS) : null;
        const sinceMs = today - Math.floor(random() * 60) * DAY_MS;
        const properties: Record<string, string> = {
          dealname: `Scale deal ${existing + created + index + 1}`,
          amount: String(Math.round((50_000 * 200 ** random()) / 5_000) * 5_000),
          pipeline: 'default',
          dealstage: stage,
          closedate: iso(closeMs),
          hubspot_owner_id: pick(owners),
          deal_currency_code: 'USD',
          dealtype: random() < 0.7 ? 'newbusiness' : 'existingbusiness',
          cosell_delivery_model: 'saas',
          cosell_offer_type: random() < 0.85 ? 'private' : 'public',
          cosell_dealstage_entered_at: iso(today - Math.floor(random() * 120) * DAY_MS),
        };
        if (cloud) {
          properties.cosell_cloud = cloud;
          if (cloud === 'aws') {
            Object.assign(properties, {
              cosell_aws_origin: 'Partner Referral',
              cosell_aws_review_status: pick(AWS_REVIEW),
              cosell_aws_review_status_since: iso(sinceMs),
            });
          } else if (cloud === 'azure') {
            Object.assign(properties, { cosell_microsoft_referral_substatus: pick(MICROSOFT_SUBSTATUS), cosell_microsoft_status_since: iso(sinceMs) });
          } else {
            Object.assign(properties, { cosell_google_submission_state: pick(GOOGLE_STATE), cosell_google_state_since: iso(sinceMs) });
          }
          if (random() < 0.25) Object.assign(properties, { cosell_attribution_source: 'alliance', cosell_attribution_cloud: cloud });
        }
        const route = stage === 'closedwon' || stage === 'contractsent' ? (random() < 0.6 ? `marketplace:${cloud ?? 'aws'}` : 'direct') : null;
        const createdAt = new Date(today - createdDaysAgo * DAY_MS);
        return {
          properties,
          createdAt,
          // The route was chosen through the app, so it carries the app's seal as the app writes it.
          ...(route
            ? { propertiesForId: (id: string) => sealedProperties(SANDBOX_SEAL_KEY, 'deals', id, { cosell_route_chosen: route }, createdAt.getTime()) }
            : {}),
          associations: [{ toType: 'companies' as const, toId: companyIds[Math.floor(index / DEALS_PER_COMPANY)]!, typeId: 5 }],
        };
      }),
    );
    created += dealsNow;
    options.onProgress?.(created);
  }
  return { created };
}
