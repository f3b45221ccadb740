import { z } from 'zod';
import { actingUser, displayName, type PortalDirectory } from '../../hubspot/directory.ts';
import {
  assessDirectRoute,
  authorizeDecision,
  authorizeRouteChange,
  authorizeRequest,
  EXCEPTION_STATUSES,
  REASON_CODES,
  ROUTES,
  type ActingUser,
  type DealAccess,
  type ExceptionState,
} from '../../domain/exception/index.ts';
import type { HubSpotGateway } from '../../hubspot/gateway.ts';
import type { GateConfig } from '../../policy/gate-config.ts';
import {
  GATE_COMPANY_PROPERTY_NAMES,
  GATE_DEAL_PROPERTY_NAMES,
  dealAccessFromRecord,
  gateFactsFromRecords,
  gateRoutingPolicy,
} from '../../hubspot/records/gate-facts.ts';
import { integritySectionOf, integritySectionSchema } from '../integrity-view.ts';
import { parseGateRecord } from '../../hubspot/records/gate.ts';
import { requestBrief, requestBriefSchema } from '../../hubspot/records/gate-request-view.ts';
import { REASON_LABELS, ROUTE_LABELS, STATUS_LABELS } from '../../hubspot/schema/gate.ts';
import { users } from '../reference-data.ts';
import { FunctionFailure } from '../runtime.ts';
import type { DealContext } from './context.ts';

const optionSchema = z.object({ value: z.string(), label: z.string() });

export const gateSectionSchema = z.object({
  status: z.enum(EXCEPTION_STATUSES),
  statusLabel: z.string(),
  /** Send back as expectedVersion with a decision, so a decision on a stale view gets CONFLICT. */
  version: z.number().int(),
  /** The request with the facts and money at stake when it was made. */
  request: requestBriefSchema.nullable(),
  approvals: z.array(
    z.object({ step: z.enum(['team', 'senior']), approver: z.string(), at: z.string(), override: z.boolean(), comment: z.string().nullable() }),
  ),
  expiresAt: z.string().nullable(),
  /** The facts the gate decides on now; null with `factsProblem` when routing inputs are missing. */
  facts: z.object({ amountUsd: z.number(), cloud: z.string().nullable(), dealType: z.string().nullable() }).nullable(),
  factsProblem: z.string().nullable(),
  /** The route the gate enforces: a marketplace route when going direct needs an approved exception, else direct. */
  gateRoute: z.enum(ROUTES).nullable(),
  routeChosen: z.enum(ROUTES).nullable(),
  direct: z.object({ allowed: z.boolean(), message: z.string() }),
  /** Newest first; the full trail is in the deal's notes. */
  history: z.array(
    z.object({
      version: z.number().int(),
      at: z.string(),
      actor: z.string(),
      action: z.string(),
      from: z.string(),
      to: z.string(),
      override: z.boolean(),
      comment: z.string().nullable(),
    }),
  ),
  violation: z.object({ flagged: z.boolean(), count: z.number().int(), detectedAt: z.string().nullable() }),
  /** Whether the gate state shown is the app's own, and what was changed outside the app. */
  integrity: integritySectionSchema,
  reasonOptions: z.array(optionSchema),
  routeOptions: z.array(optionSchema),
  /**
   * What the card offers the viewer. A display hint only: it is computed from the user id the card
   * sent (context.user.id), which nothing verifies. The backend decides again on the identity HubSpot
   * signs into each hubspot.fetch request.
   */
  viewerHints: z.object({
    canRequest: z.boolean(),
    canWithdraw: z.boolean(),
    canDecide: z.boolean(),
    decidesAsOverride: z.boolean(),
    canSetRoute: z.boolean(),
  }),
});
export type GateSection = z.infer<typeof gateSectionSchema>;

/** What the section reads, added to the deal function's read plan. */
export const gateProperties = {
  deal: GATE_DEAL_PROPERTY_NAMES,
  company: GATE_COMPANY_PROPERTY_NAMES,
  contact: [],
} as const;

const NO_HINTS = { canRequest: false, canWithdraw: false, canDecide: false, decidesAsOverride: false, canSetRoute: false };

function viewerHints(viewer: ActingUser | null, state: ExceptionState, access: DealAccess, policy: GateConfig): GateSection['viewerHints'] {
  if (!viewer) return NO_HINTS;
  const pendingStep = state.status === 'requested' ? 'team' : state.status === 'awaiting_senior' ? 'senior' : null;
  const decision = pendingStep && state.request ? authorizeDecision(viewer, state.request, pendingStep, state.approvals, policy) : null;
  return {
    canRequest: authorizeRequest(viewer, access).ok && ['none', 'rejected', 'withdrawn', 'invalidated', 'expired'].includes(state.status),
    canWithdraw: pendingStep !== null && state.request?.requesterUserId === viewer.userId,
    canDecide: decision?.ok ?? false,
    decidesAsOverride: decision?.ok === true && decision.override,
    canSetRoute: authorizeRouteChange(viewer, access, policy).ok,
  };
}

/**
 * The exception gate on the card: state, history, violations, what the route setting allows, and
 * UI hints for the viewer. Only the state the app wrote is shown (checked against its seal and
 * HubSpot's history); the function writes nothing here: the backend owns the gate state.
 */
export async function buildGateSection(context: DealContext, gateway: HubSpotGateway, viewerUserId: string | undefined): Promise<GateSection> {
  const parsed = parseGateRecord(context.dealIntegrity.trusted);
  if (!parsed.ok) throw new FunctionFailure('INTERNAL', `Deal ${context.deal.id}: ${parsed.message}`);
  const { exception: state, violation, routeChosen } = parsed.record;
  const portalUsers = await users(gateway, context.now);
  const directory: PortalDirectory = { users: portalUsers, owners: context.owners, teams: [] };
  const nameOf = (userId: string | null) => (userId === null ? 'The app' : displayName(directory, userId));

  const access = dealAccessFromRecord(context.deal.properties, directory);
  const facts = gateFactsFromRecords(context.deal.properties, context.company?.properties ?? null, gateRoutingPolicy(), access.ownerUserId, context.products);
  const direct = facts.ok
    ? (({ recommendedRoute, ...current }) => assessDirectRoute(state, current, recommendedRoute, context.now, context.policy.gate))(facts.facts)
    : { allowed: false, message: facts.message };
  return {
    status: state.status,
    statusLabel: STATUS_LABELS[state.status],
    version: state.version,
    request: state.request ? requestBrief(state.request, state.status, nameOf, context.now) : null,
    approvals: state.approvals.map((approval) => ({
      step: approval.step,
      approver: nameOf(approval.approverUserId),
      at: approval.at,
      override: approval.override,
      comment: approval.comment,
    })),
    expiresAt: state.expiresAt,
    facts: facts.ok ? { amountUsd: facts.facts.amountUsd, cloud: facts.facts.cloud, dealType: facts.facts.dealType } : null,
    factsProblem: facts.ok ? null : facts.message,
    gateRoute: facts.ok ? facts.facts.recommendedRoute : null,
    routeChosen,
    direct: { allowed: direct.allowed, message: direct.message },
    history: [...state.history].reverse().map((entry) => ({
      version: entry.version,
      at: entry.at,
      actor: nameOf(entry.actorUserId),
      action: entry.action,
      from: STATUS_LABELS[entry.from],
      to: STATUS_LABELS[entry.to],
      override: entry.override,
      comment: entry.comment,
    })),
    violation,
    integrity: integritySectionOf('deals', context.dealIntegrity, directory),
    reasonOptions: REASON_CODES.map((value) => ({ value, label: REASON_LABELS[value] })),
    routeOptions: ROUTES.map((value) => ({ value, label: ROUTE_LABELS[value] })),
    viewerHints: viewerHints(viewerUserId ? actingUser(directory, viewerUserId) : null, state, access, context.policy.gate),
  };
}
