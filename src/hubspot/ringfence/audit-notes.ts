import { addDays } from '../../domain/ringfence/calendar.ts';
import { EVIDENCE_KIND_LABELS, type AuditEntry, type EngagementEvidence, type RingfenceState } from '../../domain/ringfence/state.ts';
import type { HubSpotGateway } from '../gateway.ts';
import { CLOUD_LABELS } from '../schema/ringfence.ts';
import type { RingfenceConfig } from '../../policy/ringfence-config.ts';

/** Written after the state; behind `cosell_ringfence_version` only when a note is still missing. */
export const NOTED_VERSION_PROPERTY = 'cosell_ringfence_noted_version';

/** Names a HubSpot user for people reading the note (from HubSpot owners, never from a request). */
export type NameOf = (userId: string) => string;

/** The note's deterministic marker: the same change always carries the same one, so a retry finds it. */
export function auditNoteMarker(companyId: string, version: number): string {
  return `cosell-ringfence:${companyId}:v${version}`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function evidenceLine(evidence: EngagementEvidence): string {
  const { contact } = evidence;
  return (
    `Evidence: ${EVIDENCE_KIND_LABELS[evidence.kind]} on ${evidence.engagedOn} with ${contact.name} (${contact.role}, ${contact.email}).` +
    (evidence.notes ? ` Notes: ${evidence.notes}` : '')
  );
}

/** The human-readable audit note for one change, in HubSpot's note HTML. */
export function auditNoteBody(companyId: string, entry: AuditEntry, nameOf: NameOf, config: RingfenceConfig): string {
  const who = nameOf(entry.actorUserId);
  const lines: string[] = [];
  if (entry.action === 'register') {
    lines.push(`Ring-fence ${entry.ringfenceId} registered by ${who} for ${CLOUD_LABELS[entry.cloud]}.`);
    lines.push(evidenceLine(entry.evidence));
    lines.push(`Active through ${addDays(entry.expiresOn, -1)}; expires on ${entry.expiresOn} (${config.timeZone}).`);
  } else if (entry.action === 'extend') {
    lines.push(`Ring-fence ${entry.ringfenceId} extended by ${who} with new evidence.`);
    lines.push(evidenceLine(entry.evidence));
    lines.push(`Expiry moved from ${entry.previousExpiresOn} to ${entry.expiresOn} (${config.timeZone}).`);
  } else {
    lines.push(`Ring-fence ${entry.ringfenceId} released by ${who}.`);
    lines.push(`Reason: ${entry.reason}`);
  }
  const paragraphs = lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('');
  return `${paragraphs}<p><small>${auditNoteMarker(companyId, entry.version)}</small></p>`;
}

/**
 * Makes sure every change of the current ring-fence after `notedVersion` has its note on the company,
 * creating only the notes whose marker is not there yet. The caller then records `state.version` as
 * noted (an authoritative value, written by the backend only). Costs nothing when everything is noted.
 */
export async function ensureAuditNotes(
  gateway: HubSpotGateway,
  state: RingfenceState,
  notedVersion: number,
  nameOf: NameOf,
  config: RingfenceConfig,
): Promise<void> {
  if (notedVersion >= state.version) return;
  const companyId = state.companyId;
  const missing = (state.current?.audit ?? []).filter((entry) => entry.version > notedVersion);
  if (missing.length > 0) {
    const noteIds = (await gateway.associatedIds('companies', [companyId], 'notes')).get(companyId) ?? [];
    const notes = noteIds.length > 0 ? await gateway.readRecords('notes', noteIds, ['hs_note_body']) : [];
    const bodies = notes.map((note) => note.properties.hs_note_body ?? '');
    for (const entry of missing) {
      if (bodies.some((body) => body.includes(auditNoteMarker(companyId, entry.version)))) continue;
      await gateway.createRecord('notes', { hs_timestamp: entry.at, hs_note_body: auditNoteBody(companyId, entry, nameOf, config) }, [
        { type: 'companies', id: companyId },
      ]);
    }
  }
}
