import type { CrmObjectType, HubSpotGateway } from '../gateway.ts';

/**
 * The bodies of the notes (or task bodies) on a record. The app's notes and tasks end with a reference
 * line; looking for it before writing keeps a retried or repaired write from adding a second copy.
 */
export async function engagementBodies(
  gateway: HubSpotGateway,
  on: { type: Extract<CrmObjectType, 'deals' | 'companies'>; id: string },
  kind: Extract<CrmObjectType, 'notes' | 'tasks'>,
): Promise<string[]> {
  const ids = (await gateway.associatedIds(on.type, [on.id], kind)).get(on.id) ?? [];
  if (ids.length === 0) return [];
  const property = kind === 'notes' ? 'hs_note_body' : 'hs_task_body';
  const records = await gateway.readRecords(kind, ids, [property]);
  return records.map((record) => record.properties[property] ?? '');
}

/** Writes the note unless one with `marker` is already on the record. */
export async function ensureNote(
  gateway: HubSpotGateway,
  on: { type: 'deals' | 'companies'; id: string },
  marker: string,
  body: string,
  at: Date,
  existing?: readonly string[],
): Promise<boolean> {
  const bodies = existing ?? (await engagementBodies(gateway, on, 'notes'));
  if (bodies.some((candidate) => candidate.includes(marker))) return false;
  await gateway.createRecord('notes', { hs_timestamp: at.toISOString(), hs_note_body: body }, [{ type: on.type, id: on.id }]);
  return true;
}

/** Creates a to-do (HIGH priority unless told) for `ownerId` unless one with `marker` is already on the record. */
export async function ensureTask(
  gateway: HubSpotGateway,
  on: { type: 'deals' | 'companies'; id: string },
  marker: string,
  task: { subject: string; body: string; ownerId: string; at: Date; priority?: 'HIGH' | 'MEDIUM' | 'LOW' },
  existing?: readonly string[],
): Promise<boolean> {
  const bodies = existing ?? (await engagementBodies(gateway, on, 'tasks'));
  if (bodies.some((candidate) => candidate.includes(marker))) return false;
  await gateway.createRecord(
    'tasks',
    {
      hs_timestamp: task.at.toISOString(),
      hs_task_subject: task.subject,
      hs_task_body: task.body,
      hs_task_status: 'NOT_STARTED',
      hs_task_priority: task.priority ?? 'HIGH',
      hs_task_type: 'TODO',
      hubspot_owner_id: task.ownerId,
    },
    [{ type: on.type, id: on.id }],
  );
  return true;
}
