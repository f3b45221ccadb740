import type { RingfenceState } from '../domain/ringfence/state.ts';
import { FunctionFailure } from '../functions/runtime.ts';
import { displayName, ownerIdOfUser, type PortalDirectory } from '../hubspot/directory.ts';
import { HubSpotError } from '../hubspot/errors.ts';
import type { AuthoritativeValues } from '../hubspot/integrity/seal.ts';
import { COMPANY_RINGFENCE_PROPERTY_NAMES, companyRingfenceProperties } from '../hubspot/records/ringfence.ts';
import { ensureAuditNotes, NOTED_VERSION_PROPERTY, type NameOf } from '../hubspot/ringfence/audit-notes.ts';
import { COMPANY_RINGFENCE_READ, notedVersionOf, ringfenceStateOf } from '../hubspot/ringfence/company.ts';
import { appPolicy } from '../policy/app-policy.ts';
import { COMMITMENT_PROJECTION_NAMES, commitmentProjections } from '../hubspot/records/commitments.ts';
import type { BackendContext } from './handler.ts';
import type { ProtectedKind, TrustedRead } from './integrity.ts';
import { markCardSnapshotsStale } from '../hubspot/records/card-snapshot.ts';

/** The flat ring-fence properties people filter and report on, derived from the trusted state. */
const RINGFENCE_PROJECTIONS = COMPANY_RINGFENCE_PROPERTY_NAMES.filter((name) => name !== 'cosell_ringfence_state');

function ringfenceProjections(trusted: AuthoritativeValues, now: Date, companyId: string): Record<string, string> {
  // Never ring-fenced: the flat copies are empty, as on a company the app has not touched.
  if (!trusted.cosell_ringfence_state) return Object.fromEntries(RINGFENCE_PROJECTIONS.map((name) => [name, '']));
  const { cosell_ringfence_state: _authoritative, ...flat } = companyRingfenceProperties(ringfenceStateOf(companyId, trusted), now, appPolicy.ringfence);
  return flat;
}

/** Whom to tell about the company: the ring-fence owner, else the first alliance lead with a HubSpot owner. */
function ringfenceOwnerToNotify(companyId: string, trusted: AuthoritativeValues, directory: PortalDirectory): string | null {
  let state: RingfenceState | null;
  try {
    state = ringfenceStateOf(companyId, trusted);
  } catch {
    state = null;
  }
  for (const userId of [state?.current?.ownerUserId, ...appPolicy.ringfence.allianceLeadUserIds]) {
    const ownerId = ownerIdOfUser(directory, userId);
    if (ownerId) return ownerId;
  }
  return null;
}

/** A company's app state: the ring-fence and the cloud commitments alliance managers recorded, under one seal. */
export const RINGFENCE_KIND: ProtectedKind = {
  objectType: 'companies',
  description: 'the ring-fence state and the recorded cloud commitments',
  projections: (trusted, now, companyId) => ({ ...ringfenceProjections(trusted, now, companyId), ...commitmentProjections(trusted.cosell_commitments_state) }),
  projectionNames: [...RINGFENCE_PROJECTIONS, ...COMMITMENT_PROJECTION_NAMES],
  notifyOwnerId: (read, trusted, directory) => ringfenceOwnerToNotify(read.record.id, trusted, directory),
};

/**
 * After an action changed the company's state: its deals' card snapshots are marked stale at once,
 * so the person who acted sees the change on a deal card without waiting for HubSpot's webhook.
 */
export async function markDealCardsStale(context: BackendContext, read: TrustedRead): Promise<void> {
  const at = context.now.getTime();
  await markCardSnapshotsStale(context.gateway, 'deals', new Map((read.associations.deals ?? []).map((deal) => [deal.id, at])));
}

/** The company with its deals and contacts, and the ring-fence state only the app wrote (repaired first if edited). */
export async function readRingfenceCompany(context: BackendContext, companyId: string, directory: PortalDirectory): Promise<TrustedRead> {
  try {
    return await context.keeper.read(
      RINGFENCE_KIND,
      companyId,
      { properties: COMPANY_RINGFENCE_READ, associations: ['deals', 'contacts'] },
      context.now,
      directory,
    );
  } catch (error) {
    if (error instanceof HubSpotError && error.kind === 'not_found') {
      throw new FunctionFailure('NOT_FOUND', `Company ${companyId} does not exist in HubSpot.`, 'companyId');
    }
    throw error;
  }
}

/** Writes any missing audit notes, then records the noted version with the app's seal. */
export async function ensureNotesAndRecord(
  context: BackendContext,
  state: RingfenceState,
  trusted: AuthoritativeValues,
  nameOf: NameOf,
): Promise<AuthoritativeValues> {
  const notedVersion = notedVersionOf(trusted);
  if (notedVersion >= state.version) return trusted;
  await ensureAuditNotes(context.gateway, state, notedVersion, nameOf, appPolicy.ringfence);
  return context.keeper.write(RINGFENCE_KIND, state.companyId, trusted, { [NOTED_VERSION_PROPERTY]: String(state.version) }, context.now);
}

export function nameResolver(directory: PortalDirectory): NameOf {
  return (userId) => displayName(directory, userId);
}
