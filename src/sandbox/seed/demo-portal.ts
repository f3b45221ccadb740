import type { CrmStore } from '../crm/index.ts';
import { demoCompanies } from './demo-companies.ts';
import { demoRoles, demoTeams, demoUser, demoUsers, teamId } from './demo-people.ts';

export interface SeededCompany {
  id: string;
  name: string;
  domain: string;
  ownerEmail: string;
}

export interface SeededDeal {
  id: string;
  name: string;
  companyId: string;
  contactIds: string[];
  ownerEmail: string;
  stage: string;
  amount: number;
}

export interface DemoPortalSeed {
  companies: SeededCompany[];
  contactIds: string[];
  deals: SeededDeal[];
  noteIds: string[];
  taskIds: string[];
}

const DAY_MS = 86_400_000;
/** Fixed so the demo portal is the same on every run. */
const SEED = 20_260_330;

/** mulberry32: a tiny deterministic PRNG. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const PRODUCTS: ReadonlyArray<[name: string, existingBusiness: boolean]> = [
  ['Data Platform Enterprise', false],
  ['Analytics Cloud', false],
  ['Security & Governance Add-on', true],
  ['Platform Expansion', true],
  ['Multi-year Renewal', true],
  ['Cloud Migration Program', false],
];

// Weighted toward open stages, as a live pipeline is.
const STAGES = [
  'appointmentscheduled',
  'appointmentscheduled',
  'qualifiedtobuy',
  'qualifiedtobuy',
  'qualifiedtobuy',
  'presentationscheduled',
  'presentationscheduled',
  'decisionmakerboughtin',
  'decisionmakerboughtin',
  'contractsent',
  'contractsent',
  'closedwon',
  'closedwon',
  'closedlost',
] as const;

const SOURCES = ['REFERRALS', 'ORGANIC_SEARCH', 'DIRECT_TRAFFIC', 'OFFLINE', 'PAID_SEARCH', 'EMAIL_MARKETING'] as const;

const CONTACT_NAMES: ReadonlyArray<[string, string]> = [
  ['Alex', 'Morgan'],
  ['Sam', 'Whitaker'],
  ['Chris', 'Nakamura'],
  ['Taylor', 'Okafor'],
  ['Jamie', 'Lindqvist'],
  ['Morgan', 'Reyes'],
  ['Casey', 'Fischer'],
  ['Robin', 'Singh'],
  ['Avery', 'Dubois'],
  ['Quinn', 'Harrington'],
  ['Drew', 'Kowalski'],
  ['Reese', 'Costa'],
];
const JOB_TITLES = ['Chief Information Officer', 'VP Engineering', 'Head of Procurement', 'Director of Data Platforms', 'Cloud Architect', 'CFO'];

const NOTE_BODIES = [
  'Discovery call: the customer is standardising on one hyperscaler and wants to buy through their marketplace.',
  'Technical validation passed; security review scheduled with the customer CISO team.',
  'Customer confirmed budget for this fiscal year. Procurement asked about committed-spend drawdown.',
  'Champion changed roles; re-qualifying the buying group.',
];

const iso = (ms: number) => new Date(ms).toISOString();
const midnight = (ms: number) => new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString();

/**
 * Fills an empty store with the demo portal: roles, teams, users and owners, companies with contacts,
 * deals across the default pipeline, notes and tasks. Dates are relative to `today` so the demo stays fresh.
 * App-specific (`cosell_*`) values are added by the app's own setup, not here.
 */
export function seedDemoPortal(store: CrmStore, { today }: { today: Date }): DemoPortalSeed {
  if (store.listUsers().length > 0) throw new Error('seedDemoPortal needs an empty store; this one already has users');
  const random = seededRandom(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const todayMs = today.getTime();
  const daysAgo = (days: number) => new Date(todayMs - days * DAY_MS);

  return store.transaction(() => {
    for (const role of demoRoles) store.putRole({ id: role.id, name: role.name });
    for (const team of demoTeams) store.putTeam({ id: team.id, name: team.name });
    for (const user of demoUsers) {
      const secondaryTeamIds = user.role === 'vp' ? [teamId('Enterprise East'), teamId('Enterprise West')] : [];
      store.putUser({
        id: user.userId,
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        roleIds: [user.roleId],
        ...(user.team ? { primaryTeamId: teamId(user.team) } : {}),
        secondaryTeamIds,
        superAdmin: user.superAdmin,
      });
      store.putOwner({ id: user.ownerId, email: user.email, firstName: user.firstName, lastName: user.lastName, userId: Number(user.userId) }, daysAgo(400));
    }

    const seed: DemoPortalSeed = { companies: [], contactIds: [], deals: [], noteIds: [], taskIds: [] };
    let dealNumber = 0;
    demoCompanies.forEach((company, companyIndex) => {
      const ownerId = demoUser(company.ownerEmail).ownerId;
      const created = store.createObject(
        'companies',
        {
          properties: {
            name: company.name,
            domain: company.domain,
            website: `https://www.${company.domain}`,
            country: company.country,
            city: company.city,
            state: company.state ?? null,
            industry: company.industry,
            numberofemployees: String(company.numberofemployees),
            hubspot_owner_id: ownerId,
          },
        },
        daysAgo(between(200, 380)),
      );
      seed.companies.push({ id: created.id, name: company.name, domain: company.domain, ownerEmail: company.ownerEmail });

      const contactIds = [0, 1].map((offset) => {
        const [firstname, lastname] = CONTACT_NAMES[(companyIndex * 2 + offset) % CONTACT_NAMES.length]!;
        return store.createObject(
          'contacts',
          {
            properties: {
              firstname,
              lastname,
              email: `${firstname}.${lastname}@${company.domain}`.toLowerCase(),
              jobtitle: JOB_TITLES[(companyIndex + offset * 3) % JOB_TITLES.length]!,
              company: company.name,
              hubspot_owner_id: ownerId,
            },
            associations: [{ to: { id: created.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: offset === 0 ? 1 : 279 }] }],
          },
          daysAgo(between(150, 200)),
        ).id;
      });
      seed.contactIds.push(...contactIds);

      const dealCount = companyIndex % 4 === 0 ? 3 : companyIndex % 4 === 3 ? 1 : 2;
      for (let n = 0; n < dealCount; n += 1) {
        dealNumber += 1;
        const [product, existingBusiness] = PRODUCTS[(companyIndex + n * 2) % PRODUCTS.length]!;
        // The first deal and the second carry the range ends ($15M and $50k); the rest spread log-uniformly.
        const amount = dealNumber === 1 ? 15_000_000 : dealNumber === 2 ? 50_000 : Math.round((50_000 * 300 ** random()) / 5_000) * 5_000;
        const stage = pick(STAGES);
        const createdDaysAgo = between(20, 330);
        const closed = stage === 'closedwon' || stage === 'closedlost';
        const closeMs = closed ? todayMs - between(1, Math.min(createdDaysAgo - 1, 120)) * DAY_MS : todayMs + between(14, 200) * DAY_MS;
        const dealContacts = n % 2 === 0 ? contactIds : contactIds.slice(0, 1);
        const name = `${company.name} - ${product}`;
        const deal = store.createObject(
          'deals',
          {
            properties: {
              dealname: name,
              amount: String(amount),
              pipeline: 'default',
              dealstage: stage,
              closedate: midnight(closeMs),
              hubspot_owner_id: ownerId,
              deal_currency_code: 'USD',
              dealtype: existingBusiness ? 'existingbusiness' : 'newbusiness',
              hs_analytics_source: pick(SOURCES),
              description: `${product} for ${company.name} (${company.country}).`,
            },
            associations: [
              { to: { id: created.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }] },
              ...dealContacts.map((id) => ({ to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] })),
            ],
          },
          daysAgo(createdDaysAgo),
        );
        // Last touch somewhere between creation and today; about a fifth of open deals go quiet for 90+ days.
        const quiet = !closed && random() < 0.2;
        const touchedDaysAgo = quiet ? between(90, Math.max(createdDaysAgo, 91)) : between(0, Math.min(createdDaysAgo, 30));
        store.updateObject('deals', deal.id, { description: `${product} for ${company.name} (${company.country}). Stage: ${stage}.` }, daysAgo(touchedDaysAgo));
        seed.deals.push({ id: deal.id, name, companyId: created.id, contactIds: dealContacts, ownerEmail: company.ownerEmail, stage, amount });

        if (dealNumber % 3 === 0) {
          const noteAt = daysAgo(Math.max(touchedDaysAgo, 1));
          const note = store.createObject(
            'notes',
            {
              properties: {
                hs_note_body: `<p>${NOTE_BODIES[dealNumber % NOTE_BODIES.length]}</p>`,
                hs_timestamp: iso(noteAt.getTime()),
                hubspot_owner_id: ownerId,
              },
              associations: [
                { to: { id: deal.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }] },
                { to: { id: created.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 190 }] },
              ],
            },
            noteAt,
          );
          seed.noteIds.push(note.id);
        }
        if (!closed && dealNumber % 5 === 0) {
          const task = store.createObject(
            'tasks',
            {
              properties: {
                hs_task_subject: `Follow up with ${company.name} on next steps`,
                hs_task_body: 'Confirm the buying process and paper route.',
                hs_timestamp: iso(todayMs + between(1, 14) * DAY_MS),
                hs_task_status: 'NOT_STARTED',
                hs_task_priority: 'MEDIUM',
                hs_task_type: 'TODO',
                hubspot_owner_id: ownerId,
              },
              associations: [{ to: { id: deal.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 216 }] }],
            },
            daysAgo(touchedDaysAgo),
          );
          seed.taskIds.push(task.id);
        }
      }
    });
    return seed;
  });
}
