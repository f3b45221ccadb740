import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The app's seal on the state it keeps in HubSpot properties. Those properties are ordinary: anyone
 * with edit rights, an import, a workflow or another integration can write them. The seal is an
 * HMAC, keyed with a secret only the app's backend and functions hold, over the record's type and
 * id, the time the app wrote it and every authoritative value; so a hand-written value, a value
 * copied from another record or a value with its seal copied from another record does not verify.
 * Rewriting an older sealed set (a rollback) is caught against HubSpot's property history: see
 * verify.ts.
 */
export type ProtectedObjectType = 'deals' | 'companies';

export const SEAL_PROPERTY = 'cosell_app_seal';

type ValueKind = 'text' | 'number' | 'datetime' | 'bool';

/** The values only the app may write, per object type, and how HubSpot may reformat each on the way back. */
export const AUTHORITATIVE_PROPERTIES: Readonly<Record<ProtectedObjectType, Readonly<Record<string, ValueKind>>>> = {
  deals: {
    cosell_exception_state: 'text',
    cosell_exception_audited_version: 'number',
    cosell_route_chosen: 'text',
    cosell_gate_violation: 'bool',
    cosell_gate_violation_detected_at: 'datetime',
    cosell_gate_violation_count: 'number',
    cosell_tamper_count: 'number',
    cosell_tamper_detected_at: 'datetime',
  },
  companies: {
    cosell_ringfence_state: 'text',
    cosell_commitments_state: 'text',
    cosell_ringfence_noted_version: 'number',
    cosell_tamper_count: 'number',
    cosell_tamper_detected_at: 'datetime',
  },
};

export function authoritativeNames(type: ProtectedObjectType): string[] {
  return Object.keys(AUTHORITATIVE_PROPERTIES[type]);
}

/** Every property the integrity check reads (values and history): the authoritative ones and the seal. */
export function protectedPropertyNames(type: ProtectedObjectType): string[] {
  return [...authoritativeNames(type), SEAL_PROPERTY];
}

/** Authoritative values in one form: '' for unset, numbers and instants as the app writes them. */
export type AuthoritativeValues = Readonly<Record<string, string>>;

function normalize(kind: ValueKind, raw: string | null | undefined): string {
  const value = raw?.trim() ?? '';
  if (value === '') return '';
  if (kind === 'number') return Number.isFinite(Number(value)) ? String(Number(value)) : value;
  if (kind === 'bool') return value.toLowerCase();
  if (kind === 'datetime') {
    const instant = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
    return Number.isNaN(instant.getTime()) ? value : instant.toISOString();
  }
  return raw ?? '';
}

export function normalizeAuthoritative(type: ProtectedObjectType, properties: Readonly<Record<string, string | null | undefined>>): AuthoritativeValues {
  return Object.fromEntries(Object.entries(AUTHORITATIVE_PROPERTIES[type]).map(([name, kind]) => [name, normalize(kind, properties[name])]));
}

export function sameValues(a: AuthoritativeValues, b: AuthoritativeValues): boolean {
  return Object.keys({ ...a, ...b }).every((name) => (a[name] ?? '') === (b[name] ?? ''));
}

/**
 * Authoritative values added after seals were first written: they enter the MAC only once set, so a
 * seal written before they existed still verifies, and setting or clearing one still breaks it.
 */
const SEALED_WHEN_SET: ReadonlySet<string> = new Set(['cosell_commitments_state']);

function mac(key: string, type: ProtectedObjectType, id: string, sealedAt: number, values: AuthoritativeValues): Buffer {
  const ordered = authoritativeNames(type)
    .filter((name) => !SEALED_WHEN_SET.has(name) || (values[name] ?? '') !== '')
    .map((name) => [name, values[name] ?? '']);
  return createHmac('sha256', key)
    .update(JSON.stringify(['cosell-seal-v1', type, id, sealedAt, ordered]), 'utf8')
    .digest();
}

/** `v1.<sealed at, epoch ms>.<base64url HMAC>` */
export function sealValues(key: string, type: ProtectedObjectType, id: string, values: AuthoritativeValues, sealedAt: number): string {
  return `v1.${sealedAt}.${mac(key, type, id, sealedAt, values).toString('base64url')}`;
}

export function parseSeal(text: string | null | undefined): { sealedAt: number; mac: Buffer } | null {
  const match = /^v1\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(text?.trim() ?? '');
  if (!match) return null;
  const bytes = Buffer.from(match[2]!, 'base64url');
  return bytes.length === 32 && bytes.toString('base64url') === match[2] ? { sealedAt: Number(match[1]), mac: bytes } : null;
}

/** True when `seal` is the app's seal over exactly these values of this record. */
export function sealMatches(key: string, type: ProtectedObjectType, id: string, values: AuthoritativeValues, seal: string | null | undefined): boolean {
  const parsed = parseSeal(seal);
  return parsed !== null && timingSafeEqual(parsed.mac, mac(key, type, id, parsed.sealedAt, values));
}

/** The authoritative values plus their seal: what the app writes, always together, in one update. */
export function sealedProperties(key: string, type: ProtectedObjectType, id: string, values: AuthoritativeValues, sealedAt: number): Record<string, string> {
  const normalized = normalizeAuthoritative(type, values);
  return { ...normalized, [SEAL_PROPERTY]: sealValues(key, type, id, normalized, sealedAt) };
}
