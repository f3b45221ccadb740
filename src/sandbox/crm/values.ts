import type { PropertyDefinition } from './default-schema.ts';
import type { PropertyValidationFailure } from './errors.ts';

export type NormalizeResult = { ok: true; value: string | null } | { ok: false; failure: PropertyValidationFailure };

const NUMBER = /^-?(\d+)(\.\d+)?$/;
const EPOCH_MS = /^-?\d+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** "0012.500" -> "12.5": HubSpot echoes numbers without padding or trailing zeros. */
export function canonicalNumber(text: string): string {
  const match = NUMBER.exec(text)!;
  const negative = text.startsWith('-');
  const whole = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/\.?0+$/, '');
  const result = `${whole}${fraction}`;
  return negative && result !== '0' ? `-${result}` : result;
}

/** Milliseconds for an epoch-ms string or an ISO date/datetime, else undefined. */
export function parseTimestamp(text: string): number | undefined {
  if (EPOCH_MS.test(text)) return Number(text);
  if (ISO_DATE.test(text)) return Date.parse(`${text}T00:00:00Z`);
  if (ISO_DATETIME.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

function fail(def: PropertyDefinition, error: string, message: string, value: string): NormalizeResult {
  return { ok: false, failure: { name: def.name, error, message, propertyValue: value } };
}

/**
 * Checks a written value the way HubSpot does and returns the string HubSpot would store and echo.
 * `null` and "" clear the value.
 */
/** A JSON scalar as HubSpot reads it; an object or array keeps its JSON so validation can name it. */
export function scalarText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw);
  return raw === null || raw === undefined ? '' : (JSON.stringify(raw) ?? '');
}

export function normalizeValue(def: PropertyDefinition, raw: unknown, isKnownOwner: (id: string) => boolean): NormalizeResult {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  const text = scalarText(raw);
  if (text === '') return { ok: true, value: null };
  const trimmed = text.trim();
  switch (def.type) {
    case 'string':
    case 'phone_number':
      return { ok: true, value: text };
    case 'number':
      if (!NUMBER.test(trimmed)) return fail(def, 'INVALID_INTEGER', `${text} was not a valid number.`, text);
      return { ok: true, value: canonicalNumber(trimmed) };
    case 'bool':
      if (!/^(true|false)$/i.test(trimmed)) return fail(def, 'INVALID_BOOLEAN', `${text} was not a valid boolean.`, text);
      return { ok: true, value: trimmed.toLowerCase() };
    case 'datetime': {
      const ms = parseTimestamp(trimmed);
      if (ms === undefined) return fail(def, 'INVALID_DATE', `${text} was not a valid date or datetime.`, text);
      return { ok: true, value: new Date(ms).toISOString() };
    }
    case 'date': {
      const ms = parseTimestamp(trimmed);
      if (ms === undefined) return fail(def, 'INVALID_DATE', `${text} was not a valid date.`, text);
      const date = new Date(ms);
      if (date.getUTCHours() || date.getUTCMinutes() || date.getUTCSeconds() || date.getUTCMilliseconds()) {
        const at = `${date.getUTCHours()}:${date.getUTCMinutes()}:${date.getUTCSeconds()}.${date.getUTCMilliseconds()}`;
        return fail(def, 'INVALID_DATE', `${text} is at ${at} UTC, not midnight!`, text);
      }
      return { ok: true, value: date.toISOString().slice(0, 10) };
    }
    case 'enumeration': {
      if (def.referencedObjectType === 'OWNER') {
        const ownerIds =
          def.fieldType === 'checkbox'
            ? trimmed
                .split(';')
                .map((id) => id.trim())
                .filter(Boolean)
            : [trimmed];
        const unknown = ownerIds.find((id) => !isKnownOwner(id));
        if (unknown !== undefined) {
          return fail(def, 'INVALID_OPTION', `${unknown} was not one of the allowed options: owner ids of this portal`, text);
        }
        return { ok: true, value: ownerIds.join(';') };
      }
      const allowed = def.options.map((o) => o.value);
      // Multi-select (checkbox) values are ";"-separated.
      const values = def.fieldType === 'checkbox' ? trimmed.split(';') : [trimmed];
      const bad = values.find((v) => !allowed.includes(v));
      if (bad !== undefined) {
        return fail(def, 'INVALID_OPTION', `${bad} was not one of the allowed options: [${allowed.join(', ')}]`, text);
      }
      return { ok: true, value: values.join(';') };
    }
  }
}

/** Orders two stored values of a property: numerically, by time, or as case-insensitive text. */
export function compareValues(def: PropertyDefinition | undefined, a: string, b: string): number {
  if (def?.type === 'number') return Number(a) - Number(b);
  if (def?.type === 'date' || def?.type === 'datetime') return (parseTimestamp(a) ?? 0) - (parseTimestamp(b) ?? 0);
  return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
}
