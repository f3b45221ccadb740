import { describe, expect, it } from 'vitest';
import { HubSpotError } from '../../src/hubspot/errors.ts';
import type { HubSpotGateway, RecordRead } from '../../src/hubspot/gateway.ts';
import type { HistoryEntry } from '../../src/hubspot/integrity/verify.ts';
import {
  associationFingerprint,
  CARD_SNAPSHOT_MAX_AGE_MS,
  CARD_SNAPSHOT_PROPERTY,
  CARD_SNAPSHOT_STALE_PROPERTY,
  encodeCardSnapshot,
  markCardSnapshotsStale,
  MAX_SNAPSHOT_CHARS,
  readCardSnapshot,
  STALE_MARK_MARGIN_MS,
  staleMarkOf,
  type SnapshotScope,
} from '../../src/hubspot/records/card-snapshot.ts';

const scope: SnapshotScope = { key: 'test-seal-key', objectType: 'deals', id: '501', schema: 'deal1' };
const readAt = Date.parse('2031-05-01T09:00:00Z');
const associations: RecordRead['associations'] = { companies: [{ id: '77', primary: true }], line_items: [{ id: '9', primary: false }] };
const content = { company: { id: '77', properties: { name: 'Acme' } } };

function recordWith(snapshot: string | null, options: { marks?: string[]; current?: string; associations?: RecordRead['associations'] } = {}): RecordRead {
  const history: HistoryEntry[] = (options.marks ?? []).map((value, index) => ({
    value,
    timestamp: new Date(readAt + index).toISOString(),
    sourceType: 'INTEGRATION',
  }));
  return {
    record: {
      id: scope.id,
      properties: { [CARD_SNAPSHOT_PROPERTY]: snapshot, [CARD_SNAPSHOT_STALE_PROPERTY]: options.current ?? history.at(-1)?.value ?? null },
    },
    history: { [CARD_SNAPSHOT_STALE_PROPERTY]: history.reverse() },
    associations: options.associations ?? associations,
  };
}

const genuine = encodeCardSnapshot(scope, readAt, associationFingerprint(associations), content)!;
const later = (ms: number) => readAt + ms;

describe('a card snapshot', () => {
  it('is used when genuine, for the same associations, after the last mark and recent', () => {
    expect(readCardSnapshot(scope, recordWith(genuine), later(60_000))).toEqual({ usable: true, readAt, content });
    expect(readCardSnapshot(scope, recordWith(genuine, { marks: [String(readAt - 60_000)] }), later(60_000)).usable).toBe(true);
  });

  it('is not used when someone else wrote it: hand-written, another key, another record, another shape, or edited', () => {
    const [format, schema, at, fingerprint, payload, mac] = genuine.split('.') as [string, string, string, string, string, string];
    const forged = encodeCardSnapshot({ ...scope, key: 'guessed' }, readAt, fingerprint, { company: { id: '77', properties: { name: 'Forged' } } })!;
    const otherDeal = encodeCardSnapshot({ ...scope, id: '502' }, readAt, fingerprint, content)!;
    const edited = [format, schema, at, fingerprint, encodeCardSnapshot(scope, readAt, fingerprint, { company: null })!.split('.')[4], mac].join('.');
    const laterTime = [format, schema, String(readAt + 3_600_000), fingerprint, payload, mac].join('.');
    for (const value of ['{"company":null}', forged, otherDeal, edited, laterTime, `${genuine}x`]) {
      expect(readCardSnapshot(scope, recordWith(value), later(60_000)), value.slice(0, 40)).toEqual({ usable: false, reason: 'not genuine' });
    }
    expect(readCardSnapshot({ ...scope, schema: 'deal2' }, recordWith(genuine), later(60_000))).toEqual({ usable: false, reason: 'not genuine' });
    expect(readCardSnapshot(scope, recordWith(null), later(60_000))).toEqual({ usable: false, reason: 'none' });
  });

  it('is not used once an association is added, removed or marked primary', () => {
    const now = later(60_000);
    const variants: RecordRead['associations'][] = [
      { ...associations, contacts: [{ id: '3', primary: false }] },
      { companies: [{ id: '77', primary: true }] },
      { ...associations, companies: [{ id: '77', primary: false }] },
      { ...associations, companies: [{ id: '78', primary: true }] },
    ];
    for (const variant of variants) {
      expect(readCardSnapshot(scope, recordWith(genuine, { associations: variant }), now)).toEqual({ usable: false, reason: 'other associations' });
    }
  });

  it('is not used when marked stale at or after its reads began (with the clock margin)', () => {
    const now = later(60_000);
    for (const mark of [readAt, readAt - STALE_MARK_MARGIN_MS, readAt + 10_000]) {
      expect(readCardSnapshot(scope, recordWith(genuine, { marks: [String(mark)] }), now)).toEqual({ usable: false, reason: 'marked stale' });
    }
  });

  it('keeps the highest mark ever written: writing an older mark back does not revive a stale snapshot', () => {
    const lowered = recordWith(genuine, { marks: [String(readAt + 10_000), String(readAt - 3_600_000)] });
    expect(lowered.record.properties[CARD_SNAPSHOT_STALE_PROPERTY]).toBe(String(readAt - 3_600_000));
    expect(readCardSnapshot(scope, lowered, later(60_000))).toEqual({ usable: false, reason: 'marked stale' });
    expect(staleMarkOf('', { [CARD_SNAPSHOT_STALE_PROPERTY]: [] }, readAt)).toBe(0);
  });

  it('ignores marks in the future, which no change can have left', () => {
    const now = later(60_000);
    expect(staleMarkOf(String(now + 86_400_000), {}, now)).toBe(0);
    expect(readCardSnapshot(scope, recordWith(genuine, { marks: [String(now + 86_400_000)] }), now).usable).toBe(true);
  });

  it('is not used after an hour, nor when it claims reads that have not happened yet', () => {
    expect(readCardSnapshot(scope, recordWith(genuine), later(CARD_SNAPSHOT_MAX_AGE_MS - 1)).usable).toBe(true);
    expect(readCardSnapshot(scope, recordWith(genuine), later(CARD_SNAPSHOT_MAX_AGE_MS))).toEqual({ usable: false, reason: 'too old' });
    expect(readCardSnapshot(scope, recordWith(genuine), readAt - STALE_MARK_MARGIN_MS - 1)).toEqual({ usable: false, reason: 'too old' });
  });

  it('is not written when it would not fit in a HubSpot property', () => {
    const random = Array.from({ length: 60_000 }, (_, index) => ((index * 7_919) % 65_521).toString(36)).join('');
    expect(encodeCardSnapshot(scope, readAt, 'f', { random })).toBeNull();
    expect(encodeCardSnapshot(scope, readAt, 'f', { text: 'a'.repeat(200_000) })!.length).toBeLessThan(MAX_SNAPSHOT_CHARS);
  });
});

describe('marking snapshots stale when HubSpot refuses the batch', () => {
  const refusing = (refuse: (id: string | null) => HubSpotError | null) => {
    const calls: string[] = [];
    const gateway = {
      updateRecords: (_type: string, updates: { id: string }[]) => {
        calls.push(`batch ${updates.map((update) => update.id).join(',')}`);
        const error = refuse(null);
        return error ? Promise.reject(error) : Promise.resolve();
      },
      updateRecord: (_type: string, id: string) => {
        calls.push(`single ${id}`);
        const error = refuse(id);
        return error ? Promise.reject(error) : Promise.resolve({ id, properties: {} });
      },
    } as unknown as HubSpotGateway;
    return { gateway, calls };
  };
  const failure = (kind: HubSpotError['kind']) => new HubSpotError(kind, kind, { operation: 'test', attempts: 1 });
  const marks = new Map([
    ['1', 10],
    ['2', 20],
    ['3', 30],
  ]);

  it('marks the records one at a time, skipping one HubSpot no longer has', async () => {
    const { gateway, calls } = refusing((id) => (id === null ? failure('validation') : id === '2' ? failure('not_found') : null));
    await markCardSnapshotsStale(gateway, 'deals', marks);
    expect(calls).toEqual(['batch 1,2,3', 'single 1', 'single 2', 'single 3']);
  });

  it('stops without failing the webhook batch when the portal has no snapshot property yet', async () => {
    const { gateway, calls } = refusing(() => failure('validation'));
    await expect(markCardSnapshotsStale(gateway, 'deals', marks)).resolves.toBeUndefined();
    expect(calls).toEqual(['batch 1,2,3', 'single 1']);
  });

  it('lets a rate limit or an outage fail, so the webhook is retried', async () => {
    const { gateway } = refusing(() => failure('rate_limited'));
    await expect(markCardSnapshotsStale(gateway, 'deals', marks)).rejects.toThrow('rate_limited');
  });
});
