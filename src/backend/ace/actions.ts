import { SalesInvolvementType, Visibility } from '@aws-sdk/client-partnercentral-selling';
import { z } from 'zod';
import { adviseSubmission } from '../../domain/cosell/selectivity.ts';
import { isAllianceManager } from '../../domain/ringfence/commands.ts';
import { commonErrors } from '../../functions/contract.ts';
import { FunctionFailure } from '../../functions/runtime.ts';
import { ownerUserId } from '../../hubspot/directory.ts';
import { recordIdSchema } from '../../hubspot/ids.ts';
import { readRecentSubmissions } from '../../hubspot/records/acceptance.ts';
import { parseCoSellCompany, parseCoSellDeal } from '../../hubspot/records/cosell.ts';
import { appPolicy } from '../../policy/app-policy.ts';
import { coSellPolicyOf } from '../../policy/cosell-config.ts';
import { authenticationErrors, defineAction } from '../contract.ts';
import { registerAction, type ActionContext, type RegisteredAction } from '../handler.ts';
import { INVITATION_REJECTION_REASONS } from '../../domain/ace/sync.ts';
import { ACE_SYNC_DEAL_PROPERTIES, type AceSync } from './sync.ts';

/** How long an action waits for AWS before answering "still working"; the outbox finishes the job either way. */
const ANSWER_WITHIN_MS = 8_000;

const aceActionResult = z.object({
  dealId: z.string(),
  state: z.enum(['done', 'working', 'failed']).describe('working: AWS has not answered yet; the sync finishes it and the deal shows the outcome'),
  message: z.string(),
});

const aceErrors = {
  ...authenticationErrors,
  INVALID_PARAMETERS: commonErrors.INVALID_PARAMETERS,
  NOT_FOUND: commonErrors.NOT_FOUND,
  FORBIDDEN: commonErrors.FORBIDDEN,
  CONFLICT: 'The deal is not in a state for this: not ready for AWS, already shared, or not an AWS referral. Nothing was sent.',
  MISCONFIGURED: 'The backend has no AWS Partner Central connection configured.',
} as const;

export const aceShareContract = defineAction({
  uid: 'ace_share',
  summary:
    "Shares the deal with AWS Partner Central: creates the ACE opportunity (once, whatever the retries), attaches the deal's solution and submits it for AWS's review.",
  callers: 'The deal owner, a deal-team member, or an alliance manager (ring-fence policy).',
  objectType: 'deals',
  parameters: z
    .object({
      dealId: recordIdSchema,
      involvementType: z.enum(SalesInvolvementType),
      visibility: z.enum(Visibility),
      holdReason: z.string().trim().min(20).max(1_000).optional().describe('why share although the advice is to hold; required when it is'),
    })
    .strict(),
  result: aceActionResult,
  errors: aceErrors,
});

export const aceReferralAnswerContract = defineAction({
  uid: 'ace_referral_answer',
  summary: "Accepts or rejects AWS's referral (engagement invitation) behind the deal; on acceptance the customer's details are filled in.",
  callers: 'Alliance managers (ring-fence policy).',
  objectType: 'deals',
  parameters: z
    .object({
      dealId: recordIdSchema,
      decision: z.enum(['accept', 'reject']),
      rejectionReason: z.enum(INVITATION_REJECTION_REASONS).optional().describe("AWS's reason codes; required to reject"),
    })
    .strict(),
  result: aceActionResult,
  errors: aceErrors,
});

function syncOf(context: ActionContext<unknown>): AceSync {
  if (!context.ace) throw new FunctionFailure('MISCONFIGURED', 'The app backend is not connected to AWS Partner Central; ask your RevOps admin.');
  return context.ace;
}

async function settle(sync: AceSync, kind: 'share' | 'answer', dealId: string, doneMessage: string) {
  await Promise.race([sync.drain(), new Promise((resolve) => setTimeout(resolve, ANSWER_WITHIN_MS))]);
  const job = await sync.jobState(kind, dealId);
  if (job?.state === 'done') return { dealId, state: 'done' as const, message: doneMessage };
  if (job?.state === 'failed') return { dealId, state: 'failed' as const, message: job.lastError ?? 'AWS refused it.' };
  // Held back by AWS's daily limit: the job keeps the reason in people's words.
  if (job?.state === 'waiting' && job.lastError) return { dealId, state: 'working' as const, message: job.lastError };
  return { dealId, state: 'working' as const, message: 'Sent to AWS; the deal updates as soon as AWS answers.' };
}

export const aceActions: readonly RegisteredAction[] = [
  registerAction(aceShareContract, async (context) => {
    const sync = syncOf(context);
    const { dealId, involvementType, visibility, holdReason } = context.parameters;
    const record = await context.gateway.getRecord('deals', dealId, [...ACE_SYNC_DEAL_PROPERTIES, 'hubspot_owner_id', 'hs_all_collaborator_owner_ids']);
    const owners = [record.properties['hubspot_owner_id'], ...(record.properties['hs_all_collaborator_owner_ids'] ?? '').split(';')].filter(Boolean);
    const onDeal = owners.some((ownerId) => ownerUserId(context.directory, ownerId) === context.actor.userId);
    if (!onDeal && !isAllianceManager(context.actor, appPolicy.ringfence)) {
      throw new FunctionFailure('FORBIDDEN', "Only the deal's owner, its deal team or an alliance manager shares it with AWS.");
    }
    const deal = parseCoSellDeal({ ...record.properties, hs_object_id: dealId });
    if (deal.coSell.cloud === 'aws' && deal.coSell.aws.opportunityId && deal.coSell.aws.reviewStatus !== 'Pending Submission') {
      throw new FunctionFailure('CONFLICT', `The deal is already shared with AWS (${deal.coSell.aws.opportunityId}).`);
    }
    const companies = await context.gateway.associationsOf('deals', dealId, 'companies');
    const companyId = (companies.find((c) => c.primary) ?? companies[0])?.id;
    const company = companyId ? parseCoSellCompany((await context.gateway.getRecord('companies', companyId, ['cosell_aws_commit_program'])).properties) : null;
    const advice = adviseSubmission(
      {
        cloud: 'aws',
        amount: deal.amount,
        dealStage: deal.dealStage,
        customerCommitment: company?.commitment.aws ?? 'unknown',
        hyperscalerContact: deal.hyperscalerContact,
        recentSubmissions: await readRecentSubmissions(context.gateway, 'aws', context.now, appPolicy.cosell),
      },
      coSellPolicyOf(appPolicy),
    );
    if (advice.recommendation === 'hold' && !holdReason) {
      throw new FunctionFailure('INVALID_PARAMETERS', `The advice is to hold this deal (${advice.summary}) Say why it should go to AWS anyway.`, 'holdReason');
    }
    await sync.requestShare(dealId, { involvementType, visibility, holdReason: holdReason ?? null });
    return settle(sync, 'share', dealId, 'Shared with AWS and submitted for review.');
  }),
  registerAction(aceReferralAnswerContract, async (context) => {
    const sync = syncOf(context);
    const { dealId, decision, rejectionReason } = context.parameters;
    if (!isAllianceManager(context.actor, appPolicy.ringfence)) throw new FunctionFailure('FORBIDDEN', 'Only alliance managers answer AWS referrals.');
    if (decision === 'reject' && !rejectionReason) throw new FunctionFailure('INVALID_PARAMETERS', 'Pick AWS reason for rejecting.', 'rejectionReason');
    const record = await context.gateway.getRecord('deals', dealId, ['cosell_aws_invitation_id', 'cosell_aws_invitation_status']);
    if (!record.properties['cosell_aws_invitation_id']) throw new FunctionFailure('CONFLICT', 'This deal did not come from an AWS referral.');
    if (record.properties['cosell_aws_invitation_status'] !== 'PENDING') {
      throw new FunctionFailure('CONFLICT', `AWS's referral is already ${record.properties['cosell_aws_invitation_status']?.toLowerCase() ?? 'answered'}.`);
    }
    await sync.requestAnswer(dealId, { decision, rejectionReason: rejectionReason ?? null });
    return settle(sync, 'answer', dealId, decision === 'accept' ? "Accepted: the customer's details are on the deal." : 'Rejected; AWS has been told why.');
  }),
];
