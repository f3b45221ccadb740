import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { HubSpotGateway, RecordRead } from '../gateway.ts';
import { HubSpotError } from '../errors.ts';
import type { PropertyHistory } from '../integrity/verify.ts';

/**
 * A card's snapshot of what it reads beyond its own record (the deal's company, line items, products
 * and contacts; the company's deals and contacts), kept on the record itself so that a card load is
 * one HubSpot read: the record with its associations. A function writes it after reading everything;
 * the backend marks it stale when one of those records changes (webhooks), and a snapshot read
 * before the latest mark, for other associations, or too long ago is not used.
 *
 * Anyone with edit rights can write these properties too, so a snapshot carries an HMAC under the
 * seal key over the record, the time its reads began, the associations it was read for and its
 * content: a hand-written or copied snapshot does not verify. Writing back an older genuine snapshot
 * gains nothing: a change since then left a stale mark newer than it, and marks are taken as the
 * highest value in HubSpot's history of the mark, so nobody can lower one.
 */
export const CARD_SNAPSHOT_PROPERTY = 'cosell_card_snapshot';
export const CARD_SNAPSHOT_STALE_PROPERTY = 'cosell_card_snapshot_stale_at';
export const CARD_SNAPSHOT_PROPERTIES: readonly string[] = [CARD_SNAPSHOT_PROPERTY, CARD_SNAPSHOT_STALE_PROPERTY];
/** The objects that carry a snapshot: the records the two cards sit on. */
export type SnapshotObjectType = 'deals' | 'companies';

/**
 * The longest a snapshot is used. Changes reach it through stale marks; this bounds what a lost
 * webhook can leave on a card.
 */
export const CARD_SNAPSHOT_MAX_AGE_MS = 60 * 60_000;
/** A snapshot counts only if its reads began this long after the last stale mark: the backend's clock and HubSpot's may differ a little. */
export const STALE_MARK_MARGIN_MS = 2_000;
/** HubSpot's limit on a text property's value; a larger snapshot is not written (the card reads everything each time). */
export const MAX_SNAPSHOT_CHARS = 65_536;

const FORMAT = 'cs1';

/** The associations a snapshot was read for, as one short hash: any association added, removed or re-marked primary changes it. */
export function associationFingerprint(associations: RecordRead['associations']): string {
  const listed = Object.entries(associations)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([type, records]) =>
        `${type}:${[...(records ?? [])]
          .map((record) => `${record.id}${record.primary ? 'p' : ''}`)
          .sort()
          .join(',')}`,
    );
  return createHash('sha256').update(listed.join(';')).digest('base64url').slice(0, 22);
}

function mac(key: string, parts: readonly string[]): Buffer {
  return createHmac('sha256', key)
    .update(`card-snapshot\u0000${parts.join('\u0000')}`)
    .digest();
}

export interface SnapshotScope {
  key: string;
  objectType: SnapshotObjectType;
  id: string;
  /** What the content is: changes whenever its shape does, so a deploy never reads an old shape. */
  schema: string;
}

/** The snapshot's property value, or null when it would not fit in a HubSpot property. */
export function encodeCardSnapshot(scope: SnapshotScope, readAt: number, fingerprint: string, content: unknown): string | null {
  const payload = deflateRawSync(Buffer.from(JSON.stringify(content))).toString('base64url');
  const head = [FORMAT, scope.schema, String(readAt), fingerprint, payload];
  const value = [...head, mac(scope.key, [scope.objectType, scope.id, ...head]).toString('base64url')].join('.');
  return value.length <= MAX_SNAPSHOT_CHARS ? value : null;
}

export type SnapshotRead<T> =
  { usable: true; readAt: number; content: T } | { usable: false; reason: 'none' | 'not genuine' | 'other associations' | 'marked stale' | 'too old' };

/** The newest stale mark: the highest ever written, leaving out marks in the future (no genuine one is). */
export function staleMarkOf(current: string | null | undefined, history: PropertyHistory, now: number): number {
  const values = [current, ...(history[CARD_SNAPSHOT_STALE_PROPERTY] ?? []).map((entry) => entry.value)];
  return values.reduce<number>((latest, value) => {
    const at = Number(value);
    return Number.isFinite(at) && at <= now + STALE_MARK_MARGIN_MS && at > latest ? at : latest;
  }, 0);
}

/**
 * The snapshot on a record read with `CARD_SNAPSHOT_PROPERTIES` and the history of the stale mark,
 * if it is genuine, read for the associations the record has now, after the last stale mark, and
 * recently enough.
 */
export function readCardSnapshot<T>(scope: SnapshotScope, read: RecordRead, now: number): SnapshotRead<T> {
  const value = read.record.properties[CARD_SNAPSHOT_PROPERTY];
  if (!value) return { usable: false, reason: 'none' };
  const parts = value.split('.');
  if (parts.length !== 6 || parts[0] !== FORMAT || parts[1] !== scope.schema) return { usable: false, reason: 'not genuine' };
  const [format, schema, readAtText, fingerprint, payload, macText] = parts as [string, string, string, string, string, string];
  const expected = mac(scope.key, [scope.objectType, scope.id, format, schema, readAtText, fingerprint, payload]);
  const given = Buffer.from(macText, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { usable: false, reason: 'not genuine' };
  const readAt = Number(readAtText);
  if (fingerprint !== associationFingerprint(read.associations)) return { usable: false, reason: 'other associations' };
  if (readAt <= staleMarkOf(read.record.properties[CARD_SNAPSHOT_STALE_PROPERTY], read.history, now) + STALE_MARK_MARGIN_MS) {
    return { usable: false, reason: 'marked stale' };
  }
  if (now - readAt >= CARD_SNAPSHOT_MAX_AGE_MS || readAt > now + STALE_MARK_MARGIN_MS) return { usable: false, reason: 'too old' };
  return { usable: true, readAt, content: JSON.parse(inflateRawSync(Buffer.from(payload, 'base64url')).toString()) as T };
}

/**
 * Writes a snapshot after a card read everything. A card that cannot save one still shows what it
 * read: the next load reads everything again.
 */
export async function saveCardSnapshot(gateway: HubSpotGateway, scope: SnapshotScope, readAt: number, read: RecordRead, content: unknown): Promise<void> {
  const value = encodeCardSnapshot(scope, readAt, associationFingerprint(read.associations), content);
  if (value === null || value === read.record.properties[CARD_SNAPSHOT_PROPERTY]) return;
  try {
    await gateway.updateRecord(scope.objectType, scope.id, { [CARD_SNAPSHOT_PROPERTY]: value });
  } catch (error) {
    console.warn(`card snapshot of ${scope.objectType} ${scope.id} not saved: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Marks the snapshots on these records stale as of the given times (when the change they missed was
 * made). A batch HubSpot refuses is marked one record at a time, skipping records deleted meanwhile;
 * a portal where setup has not created the snapshot properties yet has no snapshots to mark, and is
 * told so in the log rather than failing the webhook batch it came with.
 */
export async function markCardSnapshotsStale(gateway: HubSpotGateway, objectType: SnapshotObjectType, marks: ReadonlyMap<string, number>): Promise<void> {
  const updates = [...marks].map(([id, at]) => ({ id, properties: { [CARD_SNAPSHOT_STALE_PROPERTY]: String(at) } }));
  if (updates.length === 0) return;
  try {
    await gateway.updateRecords(objectType, updates);
    return;
  } catch (error) {
    if (!refusedRecord(error)) throw error;
  }
  for (const update of updates) {
    try {
      await gateway.updateRecord(objectType, update.id, update.properties);
    } catch (error) {
      if (!refusedRecord(error)) throw error;
      if (error.kind === 'validation') {
        console.warn(`card snapshots of ${objectType} not marked stale (${error.message}): run \`cosell setup\` to create the app's properties.`);
        return;
      }
    }
  }
}

function refusedRecord(error: unknown): error is HubSpotError {
  return error instanceof HubSpotError && (error.kind === 'not_found' || error.kind === 'validation');
}
