import type { DealCosellResult } from '../../src/functions/contracts.ts';

type CoSell = DealCosellResult['cosell'];

/** A deal nobody has picked a cloud for: what the function returns before any co-sell work. */
export const notCoSold: CoSell = {
  cloud: null,
  cloudName: null,
  status: {
    value: 'not_shared',
    label: 'Not shared',
    nextAction: 'Pick the cloud this deal runs on to see whether to share it.',
    terminal: false,
    rawStatus: null,
    since: null,
    daysInStatus: null,
    stalled: false,
    stalledMessage: null,
  },
  zombie: { zombie: false, stageOne: false, daysWithoutProgress: 12, message: null },
  readiness: null,
  advice: null,
  hyperscalerContact: null,
  awsFeedback: { reviewComments: null, syncProblem: null, syncWaiting: null },
};

/** An AWS draft whose company lacks a postal code, in review too long, with advice to submit. */
export const awsDraftNotReady: CoSell = {
  cloud: 'aws',
  cloudName: 'AWS',
  status: {
    value: 'draft',
    label: 'Draft',
    nextAction: 'Fix anything listed as missing and submit the deal to AWS.',
    terminal: false,
    rawStatus: 'Partner Referral / Pending Submission / Prospect / Co-Sell',
    since: '2026-10-20',
    daysInStatus: 16,
    stalled: true,
    stalledMessage: 'Draft for 16 days, past the 14-day limit. Fix anything listed as missing and submit the deal to AWS.',
  },
  zombie: { zombie: false, stageOne: false, daysWithoutProgress: 20, message: null },
  readiness: {
    ready: false,
    editability: { mode: 'all', reason: 'Not yet submitted: every field can change.', properties: [] },
    problems: [
      {
        field: 'Customer.Account.Address.PostalCode',
        code: 'REQUIRED_FIELD_MISSING',
        message: 'Customer.Account.Address.PostalCode is required for United States.',
        fix: 'Fix the postal code on the company in the format its country uses.',
        property: { object: 'company', name: 'zip', label: 'Postal code' },
        record: null,
        editableNow: true,
      },
    ],
  },
  advice: {
    recommendation: 'submit',
    summary: 'Submit to AWS: 2 supporting signals, size and stage are right.',
    reasons: [
      { factor: 'deal_size', verdict: 'for', message: 'Deal size 250,000 is at or above the 25,000 minimum for AWS.' },
      { factor: 'acceptance_rate', verdict: 'neutral', message: 'Too few decided AWS submissions (3, need 10) to judge the acceptance rate.' },
    ],
    recentSubmissions: { accepted: 2, decided: 3, windowDays: 180 },
  },
  hyperscalerContact: { name: 'Dana Whitfield', email: 'dana.whitfield@aws.example', role: 'AWS account manager' },
  awsFeedback: { reviewComments: null, syncProblem: null, syncWaiting: null },
};
