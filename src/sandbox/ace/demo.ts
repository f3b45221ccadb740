import { startAceLoop } from '../../backend/ace/loop.ts';
import type { Sandbox } from '../server.ts';
import type { AcePartnerCentralOptions } from './partner-central.ts';

/** The demo's AWS: AWS's quotas, a review that takes a minute or two instead of days. */
export const DEMO_ACE: AcePartnerCentralOptions = { review: { inReviewAfterMs: 30_000, decisionAfterMs: 90_000 } };

/** A referral AWS sends the demo portal at start, so an alliance manager has one to answer. */
const DEMO_REFERRAL = {
  body: {
    Customer: {
      Account: {
        CompanyName: 'Brightwater Logistics',
        WebsiteUrl: 'https://www.brightwater-logistics.example',
        Industry: 'Transportation and Logistics',
        Address: { CountryCode: 'US', StateOrRegion: 'Ohio', PostalCode: '43004', City: 'Columbus' },
      },
    },
    Project: {
      Title: 'Fleet telemetry lake',
      CustomerBusinessProblem: 'Brightwater wants one governed place for fleet telemetry and billing data.',
      ExpectedCustomerSpend: [{ Amount: '18000', CurrencyCode: 'USD', Frequency: 'Monthly', TargetCompany: 'AWS' }],
    },
    LifeCycle: { TargetCloseDate: '2027-06-30' },
  },
  awsTeam: [{ FirstName: 'Sam', LastName: 'Okafor', Email: 'sokafor@amazon.com', BusinessTitle: 'PDM' as const }],
};

/** Starts the backend's AWS sync loop against the stand-in and prints how to drive AWS's side. */
export function startDemoAce(sandbox: Sandbox): { stop(): Promise<void> } {
  const sync = sandbox.aceSync();
  const standIn = sandbox.aceStandIn;
  if (!sync || !standIn) return { stop: () => Promise.resolve() };
  standIn.partnerCentral.sendReferral(DEMO_REFERRAL);
  console.log(`AWS Partner Central stand-in: ${standIn.url}  (the backend's ACE sync talks to it with the real AWS SDK)`);
  console.log(`  AWS reviews a shared deal in about 2 minutes; approve faster: curl -X POST ${standIn.url}/_standin/advance -d '{"ms":120000}'`);
  console.log(`  next review says Action Required: curl -X POST ${standIn.url}/_standin/review-outcome -d '{"status":"Action Required","comments":"…"}'`);
  return startAceLoop(sync, { followEveryMs: 5_000, invitationsEveryMs: 10_000, outboxEveryMs: 2_000 });
}
