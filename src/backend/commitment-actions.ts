import Decimal from 'decimal.js';
import { z } from 'zod';
import { applyCommitmentUpdate, commitmentUpdateSchema, parseCommitments, serializeCommitments, type CommitmentUpdate } from '../domain/commitments/index.ts';
import { allianceManagerRefusal } from '../domain/ringfence/index.ts';
import { formatUsd } from '../domain/money.ts';
import { commonErrors } from '../functions/contract.ts';
import { FunctionFailure } from '../functions/runtime.ts';
import { displayName } from '../hubspot/directory.ts';
import { recordIdSchema } from '../hubspot/ids.ts';
import { COMMITMENTS_STATE_PROPERTY } from '../hubspot/records/commitments.ts';
import { ensureNote } from '../hubspot/records/engagements.ts';
import { escapeNoteText, referenceLine } from '../hubspot/records/gate-audit.ts';
import { CLOUD_LABELS } from '../hubspot/schema/ringfence.ts';
import { appPolicy } from '../policy/app-policy.ts';
import { CLOUDS } from '../policy/marketplace-policy.ts';
import { authenticationErrors, defineAction } from './contract.ts';
import { registerAction, type ActionContext, type RegisteredAction } from './handler.ts';
import { markDealCardsStale, readRingfenceCompany, RINGFENCE_KIND } from './ringfence-state.ts';

export const setCommitmentContract = defineAction({
  uid: 'commitment_set',
  summary:
    "Records one cloud's commitment on a company (program, annual commitment, capacity left, marketplace spend this year, renewal date, source): the app's own state, sealed, with the company properties the routing engine reads derived from it, and an audit note.",
  callers: 'Alliance managers (members of the policy alliance teams or named users, resolved by the backend from HubSpot); anyone else gets FORBIDDEN.',
  objectType: 'companies',
  parameters: commitmentUpdateSchema.extend({ companyId: recordIdSchema }).strict(),
  result: z.object({
    companyId: z.string(),
    cloud: z.enum(CLOUDS),
    version: z.number().int().describe('send it as expectedVersion with the next save'),
    replayed: z.boolean().describe('a retry of a save already made; nothing was written twice'),
    message: z.string(),
  }),
  errors: {
    ...authenticationErrors,
    INVALID_PARAMETERS:
      'A parameter is missing, malformed or not allowed (the acting user is never a parameter), or the figures do not add up (capacity left or spend this year beyond the annual commitment); `field` names it. Nothing was written.',
    NOT_FOUND: commonErrors.NOT_FOUND,
    FORBIDDEN: 'The signed-in user is not an alliance manager. Nothing was written.',
    CONFLICT: 'The commitments changed since they were loaded (reload and try again), or the idempotency key was used for another cloud. Nothing was written.',
    HUBSPOT_RATE_LIMITED: commonErrors.HUBSPOT_RATE_LIMITED,
    HUBSPOT_UNAVAILABLE: commonErrors.HUBSPOT_UNAVAILABLE,
  },
});

type Parameters = CommitmentUpdate & { companyId: string };

function auditNote(companyId: string, update: Parameters, version: number, actorName: string, actorUserId: string, at: Date): { marker: string; body: string } {
  const marker = `cosell-commitment/v${version}/company-${companyId}`;
  const body = [
    `<p><strong>${CLOUD_LABELS[update.cloud]} commitment recorded</strong></p>`,
    `<p>By ${escapeNoteText(actorName)} (HubSpot user ${actorUserId}) at ${at.toISOString()}.</p>`,
    `<p>Annual commitment ${formatUsd(new Decimal(update.annualCommitmentUsd).toFixed(2))}; capacity left ${formatUsd(new Decimal(update.capacityLeftUsd).toFixed(2))}; marketplace spend this year ${formatUsd(new Decimal(update.marketplaceSpendThisYearUsd).toFixed(2))}; renews on ${update.renewalDate}.</p>`,
    `<p>Source: ${escapeNoteText(update.source.trim())}</p>`,
    referenceLine(marker),
  ].join('');
  return { marker, body };
}

/**
 * Refuses anyone but an alliance manager before reading anything, then read-decide-write under the
 * company's lock: the state is read through the keeper (someone else's edit is put back first), the
 * new state is written sealed with its flat properties in one update, then the audit note.
 */
async function setCommitment(context: ActionContext<Parameters>) {
  const { actor, directory, now, parameters } = context;
  const refusal = allianceManagerRefusal({ userId: actor.userId, teamIds: actor.teamIds }, appPolicy.ringfence);
  if (refusal) throw new FunctionFailure('FORBIDDEN', 'Only alliance managers can record cloud commitments. Ask RevOps to add you to an alliance team.');
  const { companyId, ...update } = parameters;
  return context.withRecordLock('companies', companyId, async () => {
    const read = await readRingfenceCompany(context, companyId, directory);
    const current = parseCommitments(read.trusted[COMMITMENTS_STATE_PROPERTY]);
    if (!current.ok) throw new FunctionFailure('INTERNAL', `Company ${companyId}: ${current.message} Nothing was written.`);
    const outcome = applyCommitmentUpdate(current.state, update, { actorUserId: actor.userId, now });
    if (!outcome.ok) throw new FunctionFailure(outcome.code, outcome.message, outcome.field);
    const version = outcome.replayed
      ? (current.state.applied.find((entry) => entry.key === update.idempotencyKey)?.version ?? current.state.version)
      : outcome.state.version;
    if (!outcome.replayed) {
      await context.keeper.write(RINGFENCE_KIND, companyId, read.trusted, { [COMMITMENTS_STATE_PROPERTY]: serializeCommitments(outcome.state) }, now);
      await markDealCardsStale(context, read);
    }
    const note = auditNote(companyId, parameters, version, displayName(directory, actor.userId), actor.userId, now);
    await ensureNote(context.gateway, { type: 'companies', id: companyId }, note.marker, note.body, now);
    return {
      companyId,
      cloud: update.cloud,
      version: outcome.state.version,
      replayed: outcome.replayed,
      message: outcome.replayed
        ? `This save was already made; nothing was written again.`
        : `${CLOUD_LABELS[update.cloud]} commitment saved: ${formatUsd(new Decimal(update.capacityLeftUsd).toFixed(2))} of capacity left, renewing on ${update.renewalDate}.`,
    };
  });
}

export const commitmentActions: readonly RegisteredAction[] = [registerAction(setCommitmentContract, setCommitment)];
