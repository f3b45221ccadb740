import type { RingfenceConfig, StageOneDefinition } from '../../policy/ringfence-config.ts';
import { addDays, calendarDateInZone, type CalendarDate } from './calendar.ts';
import type { ExtendRingfenceCommand, RegisterRingfenceCommand, ReleaseRingfenceCommand } from './command-schemas.ts';
import type { DealFacts } from './deal.ts';
import { ringfenceError, type RingfenceError } from './errors.ts';
import { findRetroactiveClaimBlock } from './retroactive.ts';
import {
  EVIDENCE_KIND_LABELS,
  MAX_PAST_RINGFENCES,
  type Cloud,
  type EngagementEvidence,
  TEXT_LIMITS,
  summarise,
  type AuditEntry,
  type Ringfence,
  type RingfenceAction,
  type RingfenceState,
  type RingfenceSummary,
} from './state.ts';
import { ringfenceStatus, windowExpiresOn } from './window.ts';

/** Who is acting, as resolved from what HubSpot vouches for (never from request parameters). */
export interface ActorIdentity {
  userId: string;
  teamIds: readonly string[];
  /** Shown to others in refusals ("ring-fenced by Dana Lee"); optional because HubSpot may not resolve it. */
  displayName?: string;
}

export interface CommandContext {
  now: Date;
  actor: ActorIdentity;
  config: RingfenceConfig;
}

export type CommandOutcome =
  /** The command changed the state: write `state` (and record `audit`). */
  | { outcome: 'applied'; state: RingfenceState; audit: AuditEntry }
  /** A retry of a command already applied: nothing to write. */
  | { outcome: 'replayed'; state: RingfenceState; audit: AuditEntry }
  | { outcome: 'rejected'; error: RingfenceError };

export function isAllianceManager(actor: ActorIdentity, config: RingfenceConfig): boolean {
  return config.allianceUserIds.includes(actor.userId) || actor.teamIds.some((teamId) => config.allianceTeamIds.includes(teamId));
}

export function isAllianceLead(actor: ActorIdentity, config: RingfenceConfig): boolean {
  return config.allianceLeadUserIds.includes(actor.userId);
}

/** Evidence kinds that belong to one cloud only. */
const EVIDENCE_CLOUD: Partial<Record<EngagementEvidence['kind'], Cloud>> = { aws_originated_opportunity_or_invitation: 'aws' };

/**
 * Evidence that fits the cloud: an AWS-originated opportunity only for AWS, and a hyperscaler
 * contact with an email at one of the cloud's domains (an alliance lead may accept another, saying why).
 */
function checkEvidence(
  cloud: Cloud,
  evidence: EngagementEvidence,
  overrideReason: string | undefined,
  actor: ActorIdentity,
  config: RingfenceConfig,
): RingfenceError | null {
  const only = EVIDENCE_CLOUD[evidence.kind];
  if (only && only !== cloud) {
    return ringfenceError(
      'evidence_cloud_mismatch',
      `${EVIDENCE_KIND_LABELS[evidence.kind]} is evidence for an ${only.toUpperCase()} ring-fence only, not for ${cloud}.`,
      { kind: evidence.kind, cloud },
    );
  }
  const domain = evidence.contact.email.split('@').at(-1)!.toLowerCase();
  const allowed = config.hyperscalerEmailDomains[cloud];
  const fits = allowed.some((candidate) => domain === candidate || domain.endsWith(`.${candidate}`));
  if (fits) return null;
  if (overrideReason === undefined) {
    return ringfenceError(
      'contact_domain_not_hyperscaler',
      `The hyperscaler contact's email (${domain}) is not at one of the cloud's domains (${allowed.join(', ')}). Use the contact's work address, or ask an alliance lead to accept it with a reason.`,
      { domain, cloud },
    );
  }
  if (!isAllianceLead(actor, config)) {
    return ringfenceError('domain_override_not_allowed', "Only an alliance lead can accept a hyperscaler contact outside the cloud's email domains.", {
      domain,
    });
  }
  return null;
}

/** Extending or releasing is for the ring-fence's owner, or an alliance lead. */
function ownerOrLead(target: Ringfence, actor: ActorIdentity, action: 'extend' | 'release', config: RingfenceConfig): RingfenceError | null {
  if (target.ownerUserId === actor.userId || isAllianceLead(actor, config)) return null;
  return ringfenceError('not_ringfence_owner', `Only ${ownerLabel(target)}, who holds this ring-fence, or an alliance lead can ${action} it.`, {
    ownerUserId: target.ownerUserId,
    ringfenceId: target.id,
  });
}

/** The refusal for anyone who is not an alliance manager, or null; checked before anything else. */
export function allianceManagerRefusal(actor: ActorIdentity, config: RingfenceConfig): RingfenceError | null {
  if (isAllianceManager(actor, config)) return null;
  return ringfenceError(
    'not_alliance_manager',
    'Only alliance managers can register, extend or release a ring-fence. Ask RevOps to add you to an alliance team.',
    { userId: actor.userId },
  );
}

export function ownerLabel(ringfence: RingfenceSummary): string {
  return ringfence.ownerName ?? `user ${ringfence.ownerUserId}`;
}

/**
 * Registers a ring-fence. `companyDeals` are the company's deals, checked so that nobody claims a
 * company whose stage-one opportunity (as `pipeline` defines it) another team already sourced.
 */
export function registerRingfence(
  state: RingfenceState,
  command: RegisterRingfenceCommand,
  context: CommandContext & { companyDeals: readonly DealFacts[]; pipeline: StageOneDefinition },
): CommandOutcome {
  const { now, actor, config } = context;
  const refusal = preflight(state, 'register', command, context);
  if (refusal) return refusal;

  const today = calendarDateInZone(now, config.timeZone);
  const current = state.current;
  if (current && ringfenceStatus(current, today) === 'active') {
    const mine = current.ownerUserId === actor.userId;
    return rejected(
      ringfenceError(
        'already_ringfenced',
        mine
          ? `You already ring-fence this company; it expires on ${current.expiresOn} (${config.timeZone}). ` +
              'Extend it with new evidence instead of registering again.'
          : `This company is ring-fenced by ${ownerLabel(current)} until it expires on ${current.expiresOn} (${config.timeZone}). ` +
              'You can register once that ring-fence expires or is released.',
        { ownerUserId: current.ownerUserId, ownerName: current.ownerName, expiresOn: current.expiresOn, ringfenceId: current.id },
      ),
    );
  }

  // Within the cooling period after a release, only the person who released it or an alliance lead may register again.
  if (current?.released && current.released.byUserId !== actor.userId && !isAllianceLead(actor, config)) {
    const releasedOn = calendarDateInZone(new Date(current.released.at), config.timeZone);
    const coolingEnds = addDays(releasedOn, config.releaseCoolingOffDays);
    if (today < coolingEnds) {
      return rejected(
        ringfenceError(
          'cooling_off',
          `This company's ring-fence was released on ${releasedOn}; until ${coolingEnds} only an alliance lead can register it again.`,
          { releasedOn, coolingEnds },
        ),
      );
    }
  }

  const evidenceFit = checkEvidence(command.cloud, command.evidence, command.contactDomainOverrideReason, actor, config);
  if (evidenceFit) return rejected(evidenceFit);
  const { engagedOn } = command.evidence;
  const expiresOn = windowExpiresOn(engagedOn, config);
  const evidenceProblem = checkEngagementDate(engagedOn, expiresOn, today, config);
  if (evidenceProblem) return rejected(evidenceProblem);

  const blocked = findRetroactiveClaimBlock(context.companyDeals, engagedOn, config, context.pipeline);
  if (blocked) return rejected(blocked);

  const version = state.version + 1;
  const ringfenceId = `rf-${state.companyId}-${version}`;
  const audit: AuditEntry = {
    version,
    at: now.toISOString(),
    actorUserId: actor.userId,
    idempotencyKey: command.idempotencyKey,
    ringfenceId,
    action: 'register',
    cloud: command.cloud,
    evidence: command.evidence,
    expiresOn,
    ...(command.contactDomainOverrideReason ? { contactDomainOverrideReason: command.contactDomainOverrideReason } : {}),
  };
  const ringfence: Ringfence = {
    id: ringfenceId,
    ownerUserId: actor.userId,
    ownerName: actor.displayName?.trim().slice(0, TEXT_LIMITS.displayName) || null,
    cloud: command.cloud,
    registeredAt: audit.at,
    firstEngagedOn: engagedOn,
    lastEngagedOn: engagedOn,
    expiresOn,
    extensionCount: 0,
    released: null,
    audit: [audit],
  };
  // The replaced ring-fence stays as a summary so deals it claimed can still be attributed to it.
  const past = current ? [summarise(current), ...state.past].slice(0, MAX_PAST_RINGFENCES) : state.past;
  return { outcome: 'applied', audit, state: { ...state, version, current: ringfence, past } };
}

/** Extends the active ring-fence with new evidence: the window restarts from the new engagement date. */
export function extendRingfence(state: RingfenceState, command: ExtendRingfenceCommand, context: CommandContext): CommandOutcome {
  const { now, actor, config } = context;
  const refusal = preflight(state, 'extend', command, context);
  if (refusal) return refusal;

  const today = calendarDateInZone(now, config.timeZone);
  const target = activeTarget(state, command.ringfenceId, today, 'extend', config);
  if ('code' in target) return rejected(target);
  const notOwner = ownerOrLead(target, actor, 'extend', config);
  if (notOwner) return rejected(notOwner);
  const evidenceFit = checkEvidence(target.cloud, command.evidence, command.contactDomainOverrideReason, actor, config);
  if (evidenceFit) return rejected(evidenceFit);

  const { engagedOn } = command.evidence;
  if (engagedOn <= target.lastEngagedOn) {
    return rejected(
      ringfenceError(
        'evidence_not_newer',
        `An extension needs a new engagement: the engagement date must be later than ${target.lastEngagedOn}, the last one recorded.`,
        { lastEngagedOn: target.lastEngagedOn, engagedOn },
      ),
    );
  }
  const expiresOn = windowExpiresOn(engagedOn, config);
  const evidenceProblem = checkEngagementDate(engagedOn, expiresOn, today, config);
  if (evidenceProblem) return rejected(evidenceProblem);
  if (target.extensionCount >= config.maxExtensions) {
    return rejected(
      ringfenceError(
        'extension_limit_reached',
        `This ring-fence has already been extended ${target.extensionCount} times, the most the policy allows. ` +
          `Register a new ring-fence after it expires on ${target.expiresOn}.`,
        { maxExtensions: config.maxExtensions, expiresOn: target.expiresOn },
      ),
    );
  }
  const spanEnds = addDays(target.firstEngagedOn, config.maxSpanDays);
  if (expiresOn > spanEnds) {
    return rejected(
      ringfenceError(
        'span_limit_reached',
        `A ring-fence may last at most ${config.maxSpanDays} days from its first engagement (${target.firstEngagedOn}), so it cannot run past ${spanEnds}; this extension would end on ${expiresOn}.`,
        { firstEngagedOn: target.firstEngagedOn, spanEnds, proposedExpiresOn: expiresOn },
      ),
    );
  }
  // Only possible when the policy window was shortened since the ring-fence was registered.
  if (expiresOn <= target.expiresOn) {
    return rejected(
      ringfenceError(
        'extension_not_later',
        `An engagement on ${engagedOn} gives a window ending ${expiresOn}, which does not extend the current expiry ${target.expiresOn}.`,
        { expiresOn: target.expiresOn, proposedExpiresOn: expiresOn },
      ),
    );
  }

  const version = state.version + 1;
  const audit: AuditEntry = {
    version,
    at: now.toISOString(),
    actorUserId: actor.userId,
    idempotencyKey: command.idempotencyKey,
    ringfenceId: target.id,
    action: 'extend',
    evidence: command.evidence,
    previousExpiresOn: target.expiresOn,
    expiresOn,
    ...(command.contactDomainOverrideReason ? { contactDomainOverrideReason: command.contactDomainOverrideReason } : {}),
  };
  const ringfence: Ringfence = {
    ...target,
    lastEngagedOn: engagedOn,
    expiresOn,
    extensionCount: target.extensionCount + 1,
    audit: [...target.audit, audit],
  };
  return { outcome: 'applied', audit, state: { ...state, version, current: ringfence } };
}

/** Releases the active ring-fence before it expires; deals it already claimed keep their attribution. */
export function releaseRingfence(state: RingfenceState, command: ReleaseRingfenceCommand, context: CommandContext): CommandOutcome {
  const { now, actor, config } = context;
  const refusal = preflight(state, 'release', command, context);
  if (refusal) return refusal;

  const today = calendarDateInZone(now, config.timeZone);
  const target = activeTarget(state, command.ringfenceId, today, 'release', config);
  if ('code' in target) return rejected(target);
  const notOwner = ownerOrLead(target, actor, 'release', config);
  if (notOwner) return rejected(notOwner);

  const version = state.version + 1;
  const audit: AuditEntry = {
    version,
    at: now.toISOString(),
    actorUserId: actor.userId,
    idempotencyKey: command.idempotencyKey,
    ringfenceId: target.id,
    action: 'release',
    reason: command.reason,
  };
  const ringfence: Ringfence = {
    ...target,
    released: { at: audit.at, byUserId: actor.userId, reason: command.reason },
    audit: [...target.audit, audit],
  };
  return { outcome: 'applied', audit, state: { ...state, version, current: ringfence } };
}

/** Checks shared by every command, in order: who may act, whether this is a retry, whether the state moved on. */
function preflight(
  state: RingfenceState,
  action: RingfenceAction,
  command: { idempotencyKey: string; expectedVersion: number },
  { actor, config }: CommandContext,
): CommandOutcome | null {
  const notAllowed = allianceManagerRefusal(actor, config);
  if (notAllowed) return rejected(notAllowed);

  const earlier = state.current?.audit.find((entry) => entry.idempotencyKey === command.idempotencyKey);
  if (earlier) {
    if (earlier.action === action && earlier.actorUserId === actor.userId) {
      return { outcome: 'replayed', state, audit: earlier };
    }
    return rejected(
      ringfenceError(
        'idempotency_key_reused',
        `This request's idempotency key was already used for a different change (${earlier.action} by user ${earlier.actorUserId}). ` +
          'Reload the company and try again.',
        { idempotencyKey: command.idempotencyKey },
      ),
    );
  }

  if (command.expectedVersion !== state.version) {
    return rejected(concurrentChange(state, action, command.expectedVersion, config));
  }
  return null;
}

function concurrentChange(state: RingfenceState, attempted: RingfenceAction, expectedVersion: number, config: RingfenceConfig): RingfenceError {
  const current = state.current;
  const latest = current?.audit.at(-1);
  const details = { expectedVersion, currentVersion: state.version };
  if (!current || !latest) {
    return ringfenceError(
      'concurrent_change',
      `This company's ring-fence is at version ${state.version}, not ${expectedVersion} as you saw it. Reload and try again.`,
      details,
    );
  }
  const winner = latest.actorUserId === current.ownerUserId ? ownerLabel(current) : `user ${latest.actorUserId}`;
  const what =
    latest.action === 'register'
      ? `${winner} registered a ring-fence on this company first (${current.cloud}, expiring on ${current.expiresOn}, ${config.timeZone})`
      : latest.action === 'extend'
        ? `${winner} extended the ring-fence to expire on ${current.expiresOn} (${config.timeZone})`
        : `${winner} released the ring-fence`;
  return ringfenceError(
    'concurrent_change',
    `While you were working, ${what}. Your ${attempted} was not applied; reload the company to see the current ring-fence.`,
    { ...details, winnerUserId: latest.actorUserId, winnerAction: latest.action, ringfenceId: current.id },
  );
}

function activeTarget(
  state: RingfenceState,
  ringfenceId: string,
  today: CalendarDate,
  action: 'extend' | 'release',
  config: RingfenceConfig,
): Ringfence | RingfenceError {
  const current = state.current;
  if (!current || current.id !== ringfenceId) {
    return ringfenceError(
      'ringfence_not_found',
      `Ring-fence ${ringfenceId} is not this company's current ring-fence, so it cannot be ${action === 'extend' ? 'extended' : 'released'}.`,
      { ringfenceId, currentRingfenceId: current?.id ?? null },
    );
  }
  if (current.released) {
    const releasedOn = calendarDateInZone(new Date(current.released.at), config.timeZone);
    return ringfenceError('ringfence_not_active', `This ring-fence was released on ${releasedOn}; register a new one instead.`, {
      ringfenceId,
      status: 'released',
    });
  }
  if (ringfenceStatus(current, today) === 'expired') {
    return ringfenceError('ringfence_not_active', `This ring-fence expired on ${current.expiresOn} (${config.timeZone}); register a new one instead.`, {
      ringfenceId,
      status: 'expired',
    });
  }
  return current;
}

function checkEngagementDate(engagedOn: CalendarDate, expiresOn: CalendarDate, today: CalendarDate, config: RingfenceConfig): RingfenceError | null {
  if (engagedOn > today) {
    return ringfenceError(
      'engagement_in_future',
      `The engagement date ${engagedOn} is after today (${today}, ${config.timeZone}). Record an engagement that has happened.`,
      { engagedOn, today },
    );
  }
  if (expiresOn <= today) {
    return ringfenceError(
      'engagement_too_old',
      `An engagement on ${engagedOn} is more than ${config.windowDays} days ago: its window ended on ${expiresOn}. ` +
        'Ring-fence with a more recent engagement.',
      { engagedOn, expiresOn, windowDays: config.windowDays },
    );
  }
  return null;
}

function rejected(error: RingfenceError): CommandOutcome {
  return { outcome: 'rejected', error };
}
