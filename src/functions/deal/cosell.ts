import { z } from 'zod';
import { aceEditability, isAceFieldEditable } from '../../domain/ace/editability.ts';
import { ACE_FIELD_FIXES, aceReadinessApplies, assessAceReadiness, type HubSpotFix } from '../../domain/ace/readiness.ts';
import { CLOUD_NAMES, CLOUDS } from '../../domain/cosell/clouds.ts';
import { adviseSubmission, SELECTIVITY_FACTORS } from '../../domain/cosell/selectivity.ts';
import { assessStalled, assessZombie } from '../../domain/cosell/stalled.ts';
import { deriveCoSellStatus, UNIFIED_COSELL_STATUSES, type UnifiedCoSellStatus } from '../../domain/cosell/status.ts';
import {
  COSELL_COMPANY_PROPERTIES,
  COSELL_CONTACT_PROPERTIES,
  COSELL_DEAL_PROPERTIES,
  parseCoSellCompany,
  parseCoSellContact,
  parseCoSellDeal,
  type HubSpotPropertyBag,
} from '../../hubspot/records/cosell.ts';
import { cosellProperties } from '../../hubspot/schema/cosell.ts';
import { coSellPolicyOf, type CoSellPolicy } from '../../policy/cosell-config.ts';
import { describeZodError, FunctionFailure } from '../runtime.ts';
import type { DealContext } from './context.ts';

/** What the section reads, added to the deal function's read plan. */
export const coSellProperties = {
  deal: COSELL_DEAL_PROPERTIES,
  company: COSELL_COMPANY_PROPERTIES,
  contact: COSELL_CONTACT_PROPERTIES,
} as const;

const propertyRefSchema = z.object({
  object: z.enum(['deal', 'company', 'contact']),
  name: z.string().nullable().describe('internal name; null when the value is an app setting'),
  label: z.string().describe('the label HubSpot shows on the record'),
});

export const coSellSectionSchema = z.object({
  cloud: z.enum(CLOUDS).nullable(),
  cloudName: z.string().nullable(),
  status: z.object({
    value: z.enum(UNIFIED_COSELL_STATUSES),
    label: z.string(),
    nextAction: z.string(),
    terminal: z.boolean().describe('no further co-sell actions are possible'),
    rawStatus: z.string().nullable().describe("the cloud's own status words"),
    since: z.string().nullable(),
    daysInStatus: z.number().int().nullable(),
    stalled: z.boolean(),
    stalledMessage: z.string().nullable(),
  }),
  zombie: z.object({
    zombie: z.boolean(),
    stageOne: z.boolean(),
    daysWithoutProgress: z.number().int().nullable(),
    message: z.string().nullable(),
  }),
  readiness: z
    .object({
      ready: z.boolean(),
      editability: z.object({
        mode: z.enum(['all', 'none', 'listed']),
        reason: z.string(),
        properties: z.array(propertyRefSchema).describe('HubSpot properties whose ACE fields may change now (mode listed)'),
      }),
      problems: z.array(
        z.object({
          field: z.string().describe('ACE field path'),
          code: z.string().describe('ACE validation error code'),
          message: z.string(),
          fix: z.string().describe('what to do, in words an AE understands'),
          property: propertyRefSchema,
          record: z.string().nullable().describe('the contact the problem is on'),
          editableNow: z.boolean(),
        }),
      ),
    })
    .nullable()
    .describe('ACE readiness; null unless the deal is on AWS, still open, and not an AWS referral awaiting our answer'),
  advice: z
    .object({
      recommendation: z.enum(['submit', 'hold']),
      summary: z.string(),
      reasons: z.array(z.object({ factor: z.enum(SELECTIVITY_FACTORS), verdict: z.enum(['for', 'against', 'neutral']), message: z.string() })),
      recentSubmissions: z.object({ accepted: z.number().int(), decided: z.number().int(), windowDays: z.number().int() }),
    })
    .nullable()
    .describe('submit or hold; null unless the deal has a cloud and is not yet submitted'),
  hyperscalerContact: z.object({ name: z.string().nullable(), email: z.string().nullable(), role: z.string().nullable() }).nullable(),
  awsFeedback: z
    .object({
      reviewComments: z.string().nullable().describe("AWS's review comments (Action Required, Rejected)"),
      syncProblem: z.string().nullable().describe("AWS's refusal of the last change the sync sent, in AWS's words"),
      syncWaiting: z.string().nullable().describe("why the deal's changes wait to be sent to AWS (its daily limit), and from when"),
    })
    .describe('empty values unless the deal is shared with AWS'),
});

export type CoSellSection = z.infer<typeof coSellSectionSchema>;

/** Our recent decided submissions to one cloud, as `adviseSubmission` reads them. */
/** Selectivity matters only before the deal is shared; afterwards the cloud has decided or is deciding. */
const ADVISED_STATUSES: ReadonlySet<UnifiedCoSellStatus> = new Set(['not_shared', 'draft']);

/** Labels of HubSpot's own properties that readiness fixes point at, as the record sidebar shows them. */
const NATIVE_LABELS: Readonly<Record<string, string>> = {
  name: 'Company name',
  website: 'Website URL',
  country: 'Country/Region',
  zip: 'Postal code',
  state: 'State/Region',
  city: 'City',
  address: 'Street address',
  email: 'Email',
  phone: 'Phone number',
  firstname: 'First name',
  lastname: 'Last name',
  jobtitle: 'Job title',
  closedate: 'Close date',
  dealname: 'Deal name',
};
const CUSTOM_LABELS = new Map(cosellProperties.map((property) => [property.name, property.label]));

function propertyRef(fix: HubSpotFix): z.infer<typeof propertyRefSchema> {
  const label = fix.property ? (CUSTOM_LABELS.get(fix.property) ?? NATIVE_LABELS[fix.property] ?? fix.property) : 'App setting';
  return { object: fix.object, name: fix.property, label };
}

const CONTACT_INDEX = /^Customer\.Contacts\[(\d+)\]/;

/** A bad stored value means the property's options are out of step with the app: name it, do not guess. */
function parsed<T>(object: string, parse: (bag: HubSpotPropertyBag) => T, bag: HubSpotPropertyBag): T {
  try {
    return parse(bag);
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    const { message, field } = describeZodError(error, object);
    throw new FunctionFailure('MISCONFIGURED', `${message} (run setup so the property matches the app)`, field);
  }
}

/** The "co-sell" section: status, stalled and zombie flags, ACE readiness, selectivity advice, cloud contact. */
export async function buildCoSellSection(context: DealContext): Promise<CoSellSection> {
  const policy: CoSellPolicy = coSellPolicyOf(context.policy);
  const today = context.now.toISOString().slice(0, 10);
  const deal = parsed('deal', parseCoSellDeal, { ...context.deal.properties, hs_object_id: context.deal.id });
  const company = context.company ? parsed('company', parseCoSellCompany, context.company.properties) : null;

  const status = deriveCoSellStatus(deal.coSell);
  const stalled = assessStalled(status, today, policy.cosell);
  const zombie = assessZombie(deal.zombie, today, policy);
  const cloud = deal.coSell.cloud;

  let readiness: CoSellSection['readiness'] = null;
  if (deal.coSell.cloud === 'aws' && aceReadinessApplies(deal.coSell.aws, status)) {
    const contacts = context.contacts.map((contact) => parsed('contact', parseCoSellContact, contact.properties));
    const assessment = assessAceReadiness({ deal: deal.ace, company: company?.ace ?? null, contacts, catalog: 'AWS' }, { today });
    const editability = aceEditability(deal.coSell.aws.reviewStatus, deal.coSell.aws.stage);
    const editableProperties =
      editability.mode === 'listed'
        ? [
            ...new Map(
              Object.entries(ACE_FIELD_FIXES)
                .filter(([field, fix]) => fix.property !== null && isAceFieldEditable(field, editability))
                .map(([, fix]) => [`${fix.object}.${fix.property}`, propertyRef(fix)]),
            ).values(),
          ]
        : [];
    readiness = {
      ready: assessment.ready,
      editability: { mode: editability.mode, reason: editability.reason, properties: editableProperties },
      problems: assessment.problems.map((problem) => {
        const index = CONTACT_INDEX.exec(problem.field)?.[1];
        const contact = index === undefined ? undefined : contacts[Number(index)];
        return {
          field: problem.field,
          code: problem.code,
          message: problem.message,
          fix: problem.hubspot.fix,
          property: propertyRef(problem.hubspot),
          record: contact ? [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email : null,
          editableNow: isAceFieldEditable(problem.field, editability),
        };
      }),
    };
  }

  let advice: CoSellSection['advice'] = null;
  if (cloud !== null && ADVISED_STATUSES.has(status.status)) {
    const recent = await context.recentSubmissions(cloud);
    const advised = adviseSubmission(
      {
        cloud,
        amount: deal.amount,
        dealStage: deal.dealStage,
        customerCommitment: company?.commitment[cloud] ?? 'unknown',
        hyperscalerContact: deal.hyperscalerContact,
        recentSubmissions: recent,
      },
      policy,
    );
    advice = { ...advised, recentSubmissions: { ...recent, windowDays: policy.cosell.acceptanceRateWindowDays } };
  }

  return {
    cloud,
    cloudName: cloud ? CLOUD_NAMES[cloud] : null,
    status: {
      value: status.status,
      label: status.label,
      nextAction: status.nextAction,
      terminal: status.terminal,
      rawStatus: status.rawStatus,
      since: status.since,
      daysInStatus: stalled.daysInStatus,
      stalled: stalled.stalled,
      stalledMessage: stalled.message,
    },
    zombie: { zombie: zombie.zombie, stageOne: zombie.stageOne, daysWithoutProgress: zombie.daysWithoutProgress, message: zombie.message },
    readiness,
    advice,
    hyperscalerContact: deal.hyperscalerContact,
    awsFeedback: deal.awsFeedback,
  };
}
