import { z } from 'zod';
import {
  allianceManagerRefusal,
  extendRingfence,
  extendRingfenceCommandSchema,
  registerRingfence,
  registerRingfenceCommandSchema,
  releaseRingfence,
  releaseRingfenceCommandSchema,
  ringfenceStatus,
  type ActorIdentity,
  type CommandContext,
  type CommandOutcome,
  type RingfenceError,
  type RingfenceErrorCode,
} from '../domain/ringfence/index.ts';
import { calendarDateInZone } from '../domain/ringfence/calendar.ts';
import { commonErrors, type FunctionErrorCode } from '../functions/contract.ts';
import { dealPipelines } from '../functions/reference-data.ts';
import { ensureNotesAndRecord, markDealCardsStale, readRingfenceCompany, RINGFENCE_KIND } from './ringfence-state.ts';
import { loadCompanyRingfence, type CompanyRingfence } from '../hubspot/ringfence/company.ts';
import { FunctionFailure } from '../functions/runtime.ts';
import { recordIdSchema } from '../hubspot/ids.ts';
import { appPolicy } from '../policy/app-policy.ts';
import { authenticationErrors, defineAction } from './contract.ts';
import { displayName } from '../hubspot/directory.ts';
import { registerAction, type ActionContext, type RegisteredAction } from './handler.ts';

const ringfenceActionResult = z.object({
  outcome: z.enum(['applied', 'replayed']).describe('replayed: a retry of a change already made; nothing was written twice'),
  companyId: z.string(),
  ringfenceId: z.string(),
  version: z.number().int().describe('the ring-fence version after the change; send it as expectedVersion next time'),
  status: z.enum(['active', 'expired', 'released']),
  expiresOn: z.string().describe('YYYY-MM-DD, first day no longer active, in the policy time zone'),
  message: z.string(),
});

const ringfenceErrors = {
  ...authenticationErrors,
  INVALID_PARAMETERS:
    'A parameter is missing or malformed, a parameter the action does not take was sent (such as a userId: the actor is only who HubSpot signed for), or the engagement date is in the future, outside the window, or not newer than the last one; `field` names it. Nothing was written.',
  NOT_FOUND: commonErrors.NOT_FOUND,
  FORBIDDEN:
    'The signed-in user is not an alliance manager (policy ringfence.allianceTeamIds / allianceUserIds, from HubSpot teams), is extending or releasing a ring-fence they do not hold without being an alliance lead, is registering within the cooling period after someone else released it, or is accepting an off-domain contact without being an alliance lead. Nothing was written.',
  CONFLICT:
    'Another alliance manager holds an active ring-fence (the message names the owner and the expiry), changed it first (the message names who), an open stage-one deal sourced by another team predates the engagement, or the ring-fence is no longer active. Nothing was written.',
  MISCONFIGURED: 'A deal is in a pipeline the pipeline policy does not order, or the stored ring-fence cannot be read. Nothing was written.',
  HUBSPOT_RATE_LIMITED: commonErrors.HUBSPOT_RATE_LIMITED,
  HUBSPOT_UNAVAILABLE: commonErrors.HUBSPOT_UNAVAILABLE,
} as const;

const callers = 'Alliance managers (members of the policy alliance teams or named users, resolved by the backend from HubSpot); anyone else gets FORBIDDEN.';

export const registerRingfenceContract = defineAction({
  uid: 'ringfence_register',
  summary:
    'Ring-fences a company for the signed-in alliance manager, with the evidence of a hyperscaler engagement; writes the state, its flat properties and an audit note.',
  callers,
  objectType: 'companies',
  parameters: registerRingfenceCommandSchema.extend({ companyId: recordIdSchema }).strict(),
  result: ringfenceActionResult,
  errors: ringfenceErrors,
});

export const extendRingfenceContract = defineAction({
  uid: 'ringfence_extend',
  summary: "Extends the company's active ring-fence with new evidence: the window restarts from the new engagement date.",
  callers,
  objectType: 'companies',
  parameters: extendRingfenceCommandSchema.extend({ companyId: recordIdSchema }).strict(),
  result: ringfenceActionResult,
  errors: ringfenceErrors,
});

export const releaseRingfenceContract = defineAction({
  uid: 'ringfence_release',
  summary: "Releases the company's active ring-fence with a reason; deals it already claimed keep their attribution.",
  callers,
  objectType: 'companies',
  parameters: releaseRingfenceCommandSchema.extend({ companyId: recordIdSchema }).strict(),
  result: ringfenceActionResult,
  errors: ringfenceErrors,
});

const refusalCode: Record<RingfenceErrorCode, { code: FunctionErrorCode; field?: string }> = {
  not_alliance_manager: { code: 'FORBIDDEN' },
  idempotency_key_reused: { code: 'CONFLICT', field: 'idempotencyKey' },
  concurrent_change: { code: 'CONFLICT', field: 'expectedVersion' },
  already_ringfenced: { code: 'CONFLICT' },
  retroactive_claim: { code: 'CONFLICT' },
  stage_order_unknown: { code: 'MISCONFIGURED' },
  engagement_in_future: { code: 'INVALID_PARAMETERS', field: 'evidence.engagedOn' },
  engagement_too_old: { code: 'INVALID_PARAMETERS', field: 'evidence.engagedOn' },
  evidence_not_newer: { code: 'INVALID_PARAMETERS', field: 'evidence.engagedOn' },
  extension_not_later: { code: 'INVALID_PARAMETERS', field: 'evidence.engagedOn' },
  ringfence_not_found: { code: 'CONFLICT', field: 'ringfenceId' },
  ringfence_not_active: { code: 'CONFLICT', field: 'ringfenceId' },
  extension_limit_reached: { code: 'CONFLICT' },
  span_limit_reached: { code: 'CONFLICT', field: 'evidence.engagedOn' },
  not_ringfence_owner: { code: 'FORBIDDEN' },
  cooling_off: { code: 'FORBIDDEN' },
  evidence_cloud_mismatch: { code: 'INVALID_PARAMETERS', field: 'evidence.kind' },
  contact_domain_not_hyperscaler: { code: 'INVALID_PARAMETERS', field: 'evidence.contact.email' },
  domain_override_not_allowed: { code: 'FORBIDDEN', field: 'contactDomainOverrideReason' },
};

function refusal(error: RingfenceError): FunctionFailure {
  const { code, field } = refusalCode[error.code];
  return new FunctionFailure(code, error.message, field);
}

type Decide = (loaded: CompanyRingfence, context: CommandContext) => CommandOutcome;

/**
 * One ring-fence command on the trusted identity: refuse non-alliance users before reading anything,
 * then read-decide-write under the company's lock so two alliance managers cannot both win. The
 * state (sealed) and its flat properties go in one update, then the audit note (found by its marker
 * on a retry), then the noted version.
 */
async function runCommand(context: ActionContext<{ companyId: string }>, decide: Decide): Promise<z.infer<typeof ringfenceActionResult>> {
  const { actor, directory, gateway, now, parameters } = context;
  const config = appPolicy.ringfence;
  const nameOf = (userId: string) => displayName(directory, userId);
  const identity: ActorIdentity = { userId: actor.userId, teamIds: actor.teamIds, displayName: nameOf(actor.userId) };
  // Nothing is read or written for someone who may not act.
  const notAllowed = allianceManagerRefusal(identity, config);
  if (notAllowed) throw refusal(notAllowed);
  const companyId = parameters.companyId;
  return context.withRecordLock('companies', companyId, async () => {
    const pipelines = await dealPipelines(gateway, now);
    const read = await readRingfenceCompany(context, companyId, directory);
    const loaded = await loadCompanyRingfence(gateway, read, pipelines, config, { withContacts: false });
    const outcome = decide(loaded, { now, actor: identity, config });
    if (outcome.outcome === 'rejected') throw refusal(outcome.error);
    let trusted = read.trusted;
    if (outcome.outcome === 'applied') {
      trusted = await context.keeper.write(RINGFENCE_KIND, companyId, trusted, { cosell_ringfence_state: JSON.stringify(outcome.state) }, now);
      await markDealCardsStale(context, read);
    }
    await ensureNotesAndRecord(context, outcome.state, trusted, nameOf);

    const ringfence = outcome.state.current!;
    const status = ringfenceStatus(ringfence, calendarDateInZone(now, config.timeZone));
    const verb = { register: 'registered', extend: 'extended', release: 'released' }[outcome.audit.action];
    return {
      outcome: outcome.outcome,
      companyId,
      ringfenceId: ringfence.id,
      version: outcome.state.version,
      status,
      expiresOn: ringfence.expiresOn,
      message:
        outcome.outcome === 'replayed'
          ? `This change was already made (ring-fence ${ringfence.id} ${verb}); nothing was written again.`
          : status === 'active'
            ? `Ring-fence ${ringfence.id} ${verb}: active until it expires on ${ringfence.expiresOn} (${config.timeZone}).`
            : `Ring-fence ${ringfence.id} ${verb}.`,
    };
  });
}

export const ringfenceActions: readonly RegisteredAction[] = [
  registerAction(registerRingfenceContract, (context) =>
    runCommand(context, (loaded, commandContext) =>
      registerRingfence(loaded.state, context.parameters, { ...commandContext, companyDeals: loaded.deals, pipeline: appPolicy.pipeline }),
    ),
  ),
  registerAction(extendRingfenceContract, (context) =>
    runCommand(context, (loaded, commandContext) => extendRingfence(loaded.state, context.parameters, commandContext)),
  ),
  registerAction(releaseRingfenceContract, (context) =>
    runCommand(context, (loaded, commandContext) => releaseRingfence(loaded.state, context.parameters, commandContext)),
  ),
];
