import { z } from 'zod';

/** HubSpot user ids and team ids are numeric strings; owner ids are mapped to user ids before they reach policy checks. */
const hubspotIdSchema = z.string().regex(/^\d{1,20}$/, 'must be a numeric HubSpot id');

/**
 * Policy for the direct-route exception gate. Set by the RevOps admin; every field is read
 * by the pure rules in src/domain/exception.
 */
export const gateConfigSchema = z
  .object({
    /** Approvers (usually the team manager) for requests raised by members of each HubSpot team, keyed by team id. */
    teamApprovers: z.record(hubspotIdSchema, z.array(hubspotIdSchema).min(1)).default({}),
    /** Users who may give the first approval for any team. */
    namedApproverUserIds: z.array(hubspotIdSchema).default([]),
    /** Who may give the second (senior) approval on escalated deals: listed users, or holders of a listed HubSpot role. */
    senior: z
      .object({
        userIds: z.array(hubspotIdSchema).default([]),
        roleIds: z.array(z.string().trim().min(1)).default([]),
      })
      .default({ userIds: [], roleIds: [] }),
    /** Deals at or above this amount need the senior approval as well. */
    escalationAmountUsd: z.number().finite().nonnegative(),
    /** An approval survives amount changes up to this percentage of the amount it was granted on. */
    amountTolerancePct: z.number().finite().min(0).max(100),
    /** Approvals lapse after this many days; absent means they do not expire. */
    approvalExpiryDays: z.number().int().positive().max(3650).optional(),
    /**
     * Move a deal that reached a gated stage (policy.pipeline contractStageIds / closedWonStageIds)
     * without a valid approval back to the last stage before the gate.
     */
    moveViolatingDealBack: z.boolean().default(false),
    /**
     * A deal in a gated stage whose routing cannot be computed (a required input is empty):
     * `require_exception` (fail closed) treats it as a violation unless an approved exception covers
     * it; `flag_only` notes it and tasks the approver without counting a violation.
     */
    incompleteRoutingAtGatedStage: z.enum(['require_exception', 'flag_only']).default('require_exception'),
    /** Admins allowed to decide in place of an approver; every such decision is recorded as an override. */
    adminOverrideUserIds: z.array(hubspotIdSchema).default([]),
  })
  .strict();

export type GateConfig = z.infer<typeof gateConfigSchema>;

/** A safe starting point: no approvers until the admin names them. The gated stages come from policy.pipeline. */
export const defaultGateConfig: GateConfig = gateConfigSchema.parse({
  teamApprovers: {},
  namedApproverUserIds: [],
  senior: { userIds: [], roleIds: [] },
  escalationAmountUsd: 250_000,
  amountTolerancePct: 10,
  approvalExpiryDays: 90,
  moveViolatingDealBack: false,
  incompleteRoutingAtGatedStage: 'require_exception',
  adminOverrideUserIds: [],
});
