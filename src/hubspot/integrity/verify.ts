import {
  AUTHORITATIVE_PROPERTIES,
  SEAL_PROPERTY,
  authoritativeNames,
  normalizeAuthoritative,
  parseSeal,
  sameValues,
  sealMatches,
  type AuthoritativeValues,
  type ProtectedObjectType,
} from './seal.ts';

/** One value in HubSpot's property history (`propertiesWithHistory`). */
export interface HistoryEntry {
  value: string;
  timestamp: string;
  sourceType: string;
  sourceId?: string | undefined;
  sourceLabel?: string | undefined;
  updatedByUserId?: number | undefined;
}

export type PropertyHistory = Readonly<Record<string, readonly HistoryEntry[] | undefined>>;

/** Who wrote app state outside the app, as HubSpot's history names them. */
export interface OutsideWriter {
  sourceType: string;
  sourceId: string | null;
  sourceLabel: string | null;
  userId: string | null;
  at: string;
  properties: string[];
}

export interface Verification {
  /**
   * `sealed`: the values are the app's latest write. `empty`: the app never wrote state here and
   * nobody else did either. `tampered`: someone else changed it; `trusted` is the app's last write.
   */
  status: 'sealed' | 'empty' | 'tampered';
  /** The values to act on and show. */
  trusted: AuthoritativeValues;
  /** When the app wrote `trusted` (null: never). */
  trustedAt: number | null;
  current: AuthoritativeValues;
  /** Authoritative properties whose current value is not the trusted one. */
  changed: string[];
  writers: OutsideWriter[];
}

/**
 * How far HubSpot's history timestamp of a seal may be from the time inside it. The app writes the
 * seal with the values, so the two agree within seconds; a sealed set written back later by someone
 * else (a rollback to an older approval) carries an old time under a new timestamp.
 */
export const SEAL_CLOCK_TOLERANCE_MS = 120_000;

const EMPTY_TIME = Number.NEGATIVE_INFINITY;

function valuesAt(type: ProtectedObjectType, history: PropertyHistory, at: number): AuthoritativeValues {
  const raw: Record<string, string> = {};
  for (const name of authoritativeNames(type)) {
    const entry = newestFirst(history[name]).find((candidate) => Date.parse(candidate.timestamp) <= at);
    raw[name] = entry?.value ?? '';
  }
  return normalizeAuthoritative(type, raw);
}

function newestFirst(entries: readonly HistoryEntry[] | undefined): HistoryEntry[] {
  return [...(entries ?? [])].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
}

interface GenuineSeal {
  at: number;
  sealedAt: number;
  values: AuthoritativeValues;
}

/** Seal entries in history that the app wrote: the mac verifies over the values of that moment, and the times agree. */
function genuineSeals(key: string, type: ProtectedObjectType, id: string, history: PropertyHistory, toleranceMs: number): GenuineSeal[] {
  return newestFirst(history[SEAL_PROPERTY]).flatMap((entry) => {
    const parsed = parseSeal(entry.value);
    const at = Date.parse(entry.timestamp);
    if (!parsed || Math.abs(at - parsed.sealedAt) > toleranceMs) return [];
    const values = valuesAt(type, history, at);
    return sealMatches(key, type, id, values, entry.value) ? [{ at, sealedAt: parsed.sealedAt, values }] : [];
  });
}

/**
 * Decides, from the record's properties and HubSpot's own property history, which authoritative
 * values the app actually wrote. Needs the history of every authoritative property and of the seal
 * (see `protectedPropertyNames`); pure apart from the HMAC.
 */
export function verifyProtected(input: {
  key: string;
  objectType: ProtectedObjectType;
  id: string;
  properties: Readonly<Record<string, string | null | undefined>>;
  history: PropertyHistory;
  toleranceMs?: number;
}): Verification {
  const { key, objectType: type, id, history } = input;
  const toleranceMs = input.toleranceMs ?? SEAL_CLOCK_TOLERANCE_MS;
  const current = normalizeAuthoritative(type, input.properties);
  const seals = genuineSeals(key, type, id, history, toleranceMs);
  const latest = seals.reduce<GenuineSeal | undefined>((best, seal) => (best && best.sealedAt >= seal.sealedAt ? best : seal), undefined);
  const newestSealEntry = newestFirst(history[SEAL_PROPERTY])[0];
  const currentSeal = input.properties[SEAL_PROPERTY] ?? '';
  // Current state is the app's latest write when its seal is the newest history entry, genuine, the
  // most recent genuine seal, and every value still matches it.
  const currentIsLatest =
    latest !== undefined &&
    newestSealEntry !== undefined &&
    newestSealEntry.value === currentSeal &&
    Date.parse(newestSealEntry.timestamp) === latest.at &&
    sealMatches(key, type, id, current, currentSeal);
  const trusted = latest?.values ?? normalizeAuthoritative(type, {});
  const trustedSince = latest?.at ?? EMPTY_TIME;
  const changed = authoritativeNames(type).filter((name) => (current[name] ?? '') !== (trusted[name] ?? ''));
  const everWritten =
    [...authoritativeNames(type), SEAL_PROPERTY].some((name) => (history[name]?.length ?? 0) > 0) || Object.values(current).some(Boolean) || currentSeal !== '';
  const status = currentIsLatest ? 'sealed' : !everWritten || (latest === undefined && changed.length === 0 && !currentSeal) ? 'empty' : 'tampered';
  return {
    status,
    trusted: status === 'sealed' ? current : trusted,
    trustedAt: latest?.sealedAt ?? null,
    current,
    changed: status === 'tampered' ? changed : [],
    writers: status === 'tampered' ? outsideWriters(type, history, trustedSince) : [],
  };
}

function outsideWriters(type: ProtectedObjectType, history: PropertyHistory, since: number): OutsideWriter[] {
  const writers = new Map<string, OutsideWriter>();
  for (const name of [...Object.keys(AUTHORITATIVE_PROPERTIES[type]), SEAL_PROPERTY]) {
    for (const entry of history[name] ?? []) {
      if (Date.parse(entry.timestamp) <= since) continue;
      const userId =
        entry.updatedByUserId ?? (/^userId:(\d+)$/.exec(entry.sourceId ?? '')?.[1] ? Number(/^userId:(\d+)$/.exec(entry.sourceId ?? '')![1]) : undefined);
      const key = `${entry.sourceType}|${entry.sourceId ?? ''}|${userId ?? ''}`;
      const writer = writers.get(key) ?? {
        sourceType: entry.sourceType,
        sourceId: entry.sourceId ?? null,
        sourceLabel: entry.sourceLabel ?? null,
        userId: userId === undefined ? null : String(userId),
        at: entry.timestamp,
        properties: [],
      };
      if (!writer.properties.includes(name)) writer.properties.push(name);
      if (entry.timestamp > writer.at) writer.at = entry.timestamp;
      writers.set(key, writer);
    }
  }
  return [...writers.values()].sort((a, b) => b.at.localeCompare(a.at));
}

export { sameValues };
