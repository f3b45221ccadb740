import type { ActingUser } from '../domain/exception/types.ts';
import type { HubSpotGateway, HubSpotOwner, HubSpotTeam, HubSpotUser, Pipeline } from './gateway.ts';

export interface PortalDirectory {
  users: HubSpotUser[];
  owners: HubSpotOwner[];
  teams: HubSpotTeam[];
  /** Deal pipelines, for stage labels in what people read; absent where a caller has none at hand. */
  dealPipelines?: Pipeline[];
}

const TTL_MS = 60_000;

/**
 * Users, owners and teams as HubSpot has them, read with the app token. Kept for a minute so a
 * burst of decisions costs three calls, not three per decision; a role change reaches the gate
 * within that minute.
 */
export class DirectoryCache {
  private cached: { at: number; value: Promise<PortalDirectory> } | undefined;

  constructor(private readonly gateway: HubSpotGateway) {}

  load(now: Date): Promise<PortalDirectory> {
    if (this.cached && now.getTime() - this.cached.at < TTL_MS) return this.cached.value;
    const value = Promise.all([this.gateway.users(), this.gateway.owners(), this.gateway.teams(), this.gateway.dealPipelines()]).then(
      ([users, owners, teams, dealPipelines]) => ({ users, owners, teams, dealPipelines }),
    );
    this.cached = { at: now.getTime(), value };
    value.catch(() => {
      if (this.cached?.value === value) this.cached = undefined;
    });
    return value;
  }
}

/** The acting user's facts from HubSpot, or null when HubSpot does not know the user id. */
export function actingUser(directory: PortalDirectory, userId: string): ActingUser | null {
  const user = directory.users.find((candidate) => candidate.id === userId);
  if (!user) return null;
  const teamIds = [...new Set([user.primaryTeamId, ...user.secondaryTeamIds].filter((id): id is string => Boolean(id)))];
  return { userId: user.id, email: user.email, teamIds, roleIds: user.roleIds, superAdmin: user.superAdmin };
}

export function ownerUserId(directory: PortalDirectory, ownerId: string | null | undefined): string | null {
  if (!ownerId) return null;
  const owner = directory.owners.find((candidate) => candidate.id === ownerId);
  return owner?.userId != null ? String(owner.userId) : null;
}

export function displayName(directory: PortalDirectory, userId: string | null | undefined): string {
  if (!userId) return 'nobody';
  const owner = directory.owners.find((candidate) => String(candidate.userId) === userId);
  if (owner) return `${owner.firstName} ${owner.lastName}`.trim() || owner.email;
  return directory.users.find((user) => user.id === userId)?.email ?? `user ${userId}`;
}

/** The HubSpot owner behind a user id (tasks are assigned to owners, decisions are made by users). */
export function ownerIdOfUser(directory: PortalDirectory, userId: string | null | undefined): string | null {
  if (!userId) return null;
  return directory.owners.find((owner) => String(owner.userId) === userId)?.id ?? null;
}

/** A user's HubSpot teams, primary first. */
export function teamIdsOfUser(directory: PortalDirectory, userId: string | null | undefined): string[] {
  const user = directory.users.find((candidate) => candidate.id === userId);
  return user ? [...new Set([user.primaryTeamId, ...user.secondaryTeamIds].filter((id): id is string => Boolean(id)))] : [];
}

/** A deal stage as people know it ("Closed won (Sales pipeline)"); the id only when the portal has no such stage. */
export function dealStageLabel(directory: PortalDirectory, stageId: string | null | undefined): string {
  if (!stageId) return 'no stage';
  for (const pipeline of directory.dealPipelines ?? []) {
    const stage = pipeline.stages.find((candidate) => candidate.id === stageId);
    if (stage) return (directory.dealPipelines?.length ?? 0) > 1 ? `${stage.label} (${pipeline.label})` : stage.label;
  }
  return `stage ${stageId}`;
}
