import { z } from 'zod';
import { isValidTimeZone } from './time-zone.ts';
import type { PipelineConfig } from './pipeline-config.ts';

/**
 * Extensions are capped so that a ring-fence's audit trail (one entry with evidence per extension)
 * always fits in the single HubSpot company property that stores the state (65,536 characters).
 */
export const MAX_EXTENSIONS_STORABLE = 10;

const idList = z.array(z.string().trim().min(1, 'ids must not be empty'));

export const ringfenceConfigSchema = z
  .strictObject({
    /** Calendar days a ring-fence lasts, counted from the engagement date. */
    windowDays: z.number().int().min(1).max(730),
    /** Warn the owner when fewer than this many days remain. */
    warningDays: z.number().int().min(0).max(365),
    maxExtensions: z.number().int().min(0).max(MAX_EXTENSIONS_STORABLE),
    /** The portal's IANA time zone; window boundaries are midnights in this zone. */
    timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as America/New_York'),
    allianceTeamIds: idList,
    allianceUserIds: idList,
    /** Alliance leads: may extend or release anyone's ring-fence, re-register within the cooling period and override the contact-domain rule. */
    allianceLeadUserIds: idList.default([]),
    /** After a ring-fence is released, only its owner or an alliance lead may register the account again for this many days. */
    releaseCoolingOffDays: z.number().int().min(0).max(365).default(30),
    /** No ring-fence may be extended beyond this many days after its first engagement. */
    maxSpanDays: z.number().int().min(1).max(1825).default(365),
    /** The email domains of each cloud's own people; a hyperscaler contact must use one (alliance leads may override with a reason). */
    hyperscalerEmailDomains: z
      .strictObject({
        aws: z.array(z.string().trim().toLowerCase().min(3)).min(1),
        azure: z.array(z.string().trim().toLowerCase().min(3)).min(1),
        gcp: z.array(z.string().trim().toLowerCase().min(3)).min(1),
      })
      .default({ aws: ['amazon.com', 'aws.com'], azure: ['microsoft.com'], gcp: ['google.com'] }),
    /** `hs_analytics_source` values that count as inbound marketing. */
    inboundAnalyticsSources: idList,
    /** The deal property holding the portal's own deal-source field, and its marketing values. */
    dealSourceProperty: z.string().trim().min(1),
    marketingDealSourceValues: idList,
  })
  .superRefine((config, ctx) => {
    if (config.maxSpanDays < config.windowDays) {
      ctx.addIssue({ code: 'custom', path: ['maxSpanDays'], message: 'must be at least windowDays' });
    }
    if (config.warningDays >= config.windowDays) {
      ctx.addIssue({ code: 'custom', path: ['warningDays'], message: 'must be shorter than windowDays' });
    }
  });

export type RingfenceConfig = z.infer<typeof ringfenceConfigSchema>;

export const defaultRingfenceConfig: RingfenceConfig = ringfenceConfigSchema.parse({
  windowDays: 180,
  warningDays: 14,
  maxExtensions: 6,
  timeZone: 'America/New_York',
  // Nobody is an alliance manager until RevOps names the team or users.
  allianceTeamIds: [],
  allianceUserIds: [],
  allianceLeadUserIds: [],
  releaseCoolingOffDays: 30,
  maxSpanDays: 365,
  hyperscalerEmailDomains: { aws: ['amazon.com', 'aws.com'], azure: ['microsoft.com'], gcp: ['google.com'] },
  inboundAnalyticsSources: [
    'ORGANIC_SEARCH',
    'DIRECT_TRAFFIC',
    'PAID_SEARCH',
    'EMAIL_MARKETING',
    'SOCIAL_MEDIA',
    'REFERRALS',
    'OTHER_CAMPAIGNS',
    'PAID_SOCIAL',
    'OFFLINE',
  ],
  dealSourceProperty: 'deal_source',
  marketingDealSourceValues: ['marketing'],
});

/** What "stage one" means, from the pipeline section of the policy (shared with every other rule). */
export type StageOneDefinition = Pick<PipelineConfig, 'stageOrder' | 'stageOneStageIds'>;

/** HubSpot's own labels of its original-source values, as people see them on a record. */
const ANALYTICS_SOURCE_LABELS: Readonly<Record<string, string>> = {
  ORGANIC_SEARCH: 'Organic search',
  PAID_SEARCH: 'Paid search',
  EMAIL_MARKETING: 'Email marketing',
  SOCIAL_MEDIA: 'Organic social',
  REFERRALS: 'Referrals',
  OTHER_CAMPAIGNS: 'Other campaigns',
  DIRECT_TRAFFIC: 'Direct traffic',
  OFFLINE: 'Offline sources',
  PAID_SOCIAL: 'Paid social',
  AI_REFERRALS: 'AI referrals',
};

/** An original-source value in people's words ("Paid search"). */
export function analyticsSourceLabel(value: string): string {
  return ANALYTICS_SOURCE_LABELS[value] ?? value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');
}

/** The ring-fence rules in plain language, as the company card shows them. */
export function describeRingfenceRules(config: RingfenceConfig, pipeline: StageOneDefinition): string[] {
  const days = plural(config.windowDays, 'day');
  const zone = config.timeZone;
  return [
    allianceManagersRule(config),
    'Registering needs evidence of a hyperscaler engagement with AWS, Microsoft Azure or Google Cloud: ' +
      'an AE introduction, a PDM referral, an AWS-originated opportunity or invitation (AWS only), or a joint account plan, ' +
      "with the hyperscaler contact's name, role and email and the date of the engagement.",
    `The hyperscaler contact's email must be at the cloud's own domain (AWS: ${config.hyperscalerEmailDomains.aws.join(', ')}; ` +
      `Microsoft: ${config.hyperscalerEmailDomains.azure.join(', ')}; Google: ${config.hyperscalerEmailDomains.gcp.join(', ')}); ` +
      'an alliance lead may accept another address, and the reason is recorded.',
    `A ring-fence lasts ${days} from the engagement date, counted in calendar days in ${zone}: ` +
      `it is active through the day before its expiry date and ends at midnight (${zone}) as that date begins.`,
    'While a ring-fence is active nobody else can register the company; the refusal names the owner and the expiry date.',
    `A company cannot be claimed retroactively: if it already has an open deal at stage one or later ` +
      `(stage one: the first ${plural(pipeline.stageOneStageIds.length, 'stage')} of the pipeline) that another team sourced and created before the ` +
      'engagement date, registration is refused and the deal is named.',
    `Extending needs new evidence with an engagement date later than the last one; the ring-fence then lasts ` +
      `${days} from the new engagement date. A ring-fence can be extended at most ${plural(config.maxExtensions, 'time')}, ` +
      `and never beyond ${plural(config.maxSpanDays, 'day')} after its first engagement.`,
    'Only the ring-fence holder, or an alliance lead, extends or releases it. Releasing needs a reason; who released it and why is recorded.',
    `For ${plural(config.releaseCoolingOffDays, 'day')} after a release, only the person who released it or an alliance lead can register the company again.`,
    `Deals created for the company while its ring-fence is active are attributed to the alliance ` +
      '(owner, cloud and ring-fence). Deals created before the ring-fence was registered keep their source.',
    `Inbound activity after registration (new contacts, form submissions, deals sourced by marketing: ` +
      `original source ${config.inboundAnalyticsSources.map(analyticsSourceLabel).join(', ') || '(none)'}, or ` +
      `deal source ${config.marketingDealSourceValues.map((value) => value.charAt(0).toUpperCase() + value.slice(1)).join(', ') || '(none)'}) does not take a deal ` +
      'away from the alliance: it is recorded on the deal as a conflict that both teams can see.',
    'Expired and released ring-fences stop claiming new deals; deals already attributed keep their attribution.',
    `The owner is warned when fewer than ${plural(config.warningDays, 'day')} remain.`,
  ];
}

function allianceManagersRule(config: RingfenceConfig): string {
  const who = [
    config.allianceTeamIds.length > 0 ? `members of the alliance ${config.allianceTeamIds.length === 1 ? 'team' : 'teams'}` : null,
    config.allianceUserIds.length > 0 ? `the named alliance ${config.allianceUserIds.length === 1 ? 'manager' : 'managers'}` : null,
  ].filter((part): part is string => part !== null);
  if (who.length === 0) {
    return 'Only alliance managers can register, extend or release a ring-fence, and none are configured yet.';
  }
  return `Only alliance managers can register, extend or release a ring-fence: ${who.join(' and ')}.`;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
