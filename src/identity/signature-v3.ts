import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HubSpot request signature v3, as documented at
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation :
 * base64(HMAC-SHA256(clientSecret, method + uri + rawBody + timestamp)), where the URI has a fixed
 * set of percent-encoded characters decoded and the timestamp is X-HubSpot-Request-Timestamp (ms).
 */
export const SIGNATURE_HEADER = 'x-hubspot-signature-v3';
export const TIMESTAMP_HEADER = 'x-hubspot-request-timestamp';
export const DEFAULT_MAX_AGE_MS = 300_000;
export const DEFAULT_MAX_FUTURE_SKEW_MS = 60_000;

const DOCUMENTED_DECODINGS: Readonly<Record<string, string>> = {
  '3A': ':',
  '2F': '/',
  '3F': '?',
  '40': '@',
  '21': '!',
  '24': '$',
  '27': "'",
  '28': '(',
  '29': ')',
  '2A': '*',
  '2C': ',',
  '3B': ';',
};
const ENCODED_CHARACTER = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;
/** 32-byte HMAC in padded base64. */
const SIGNATURE_FORMAT = /^[A-Za-z0-9+/]{43}=$/;
const HMAC_BYTES = 32;
const TIMESTAMP_FORMAT = /^\d{1,15}$/;

/**
 * Decodes only the characters HubSpot's table lists, in one pass so a decoded character never
 * forms a new escape. Hex case is ignored because %3a and %3A are the same octet (RFC 3986 §2.1).
 */
export function decodeUriForSignatureV3(uri: string): string {
  return uri.replace(ENCODED_CHARACTER, (_match, hex: string) => DOCUMENTED_DECODINGS[hex.toUpperCase()] ?? _match);
}

export interface SignatureInput {
  method: string;
  /** Full URL as HubSpot called it: scheme, host, path and query. */
  uri: string;
  /** The body exactly as received, before any JSON parsing. */
  rawBody: string | Buffer;
  timestamp: string;
  clientSecret: string;
}

export function computeSignatureV3(input: SignatureInput): string {
  return createHmac('sha256', input.clientSecret)
    .update(input.method.toUpperCase(), 'utf8')
    .update(decodeUriForSignatureV3(input.uri), 'utf8')
    .update(typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody)
    .update(input.timestamp, 'utf8')
    .digest('base64');
}

export interface SignedHeaders {
  'X-HubSpot-Signature-v3': string;
  'X-HubSpot-Request-Timestamp': string;
}

/** Plays HubSpot's part in the local sandbox and in tests. */
export function signHubSpotRequestV3(input: Omit<SignatureInput, 'timestamp'> & { timestamp: number }): SignedHeaders {
  const timestamp = String(input.timestamp);
  return {
    'X-HubSpot-Signature-v3': computeSignatureV3({ ...input, timestamp }),
    'X-HubSpot-Request-Timestamp': timestamp,
  };
}

export type SignatureFailure =
  'MISSING_HEADER' | 'MALFORMED_SIGNATURE' | 'MALFORMED_TIMESTAMP' | 'STALE_TIMESTAMP' | 'FUTURE_TIMESTAMP' | 'SIGNATURE_MISMATCH' | 'REPLAYED';

/** `signature`: the HMAC's bytes, the one form a replay guard may key on (base64 has several spellings). */
export type VerificationResult = { ok: true; signature: Buffer; sentAt: number } | { ok: false; failure: SignatureFailure; message: string };

/**
 * Decodes the header strictly: 43 base64 characters and one pad, with the unused low bits of the
 * last character zero. Node's decoder ignores those bits, so without this check one HMAC has four
 * spellings, and a replay guard keyed on the text would let three of them through.
 */
export function decodeSignatureV3(value: string): Buffer | null {
  if (!SIGNATURE_FORMAT.test(value)) return null;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === HMAC_BYTES && bytes.toString('base64') === value ? bytes : null;
}

export interface VerifyInput {
  method: string;
  uri: string;
  rawBody: string | Buffer;
  /** Header values as received; undefined when the header was absent. */
  timestamp: string | undefined;
  signature: string | undefined;
  clientSecret: string;
  now: number;
  maxAgeMs?: number;
  maxFutureSkewMs?: number;
}

function fail(failure: SignatureFailure, message: string): VerificationResult {
  return { ok: false, failure, message };
}

export function verifyHubSpotSignatureV3(input: VerifyInput): VerificationResult {
  const maxAgeMs = input.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const maxFutureSkewMs = input.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
  if (input.signature === undefined || input.timestamp === undefined) {
    return fail('MISSING_HEADER', 'The request is missing the HubSpot signature or timestamp header.');
  }
  const received = decodeSignatureV3(input.signature);
  if (!received) {
    return fail('MALFORMED_SIGNATURE', 'The HubSpot signature header is not a canonical base64 HMAC-SHA256 value.');
  }
  if (!TIMESTAMP_FORMAT.test(input.timestamp)) {
    return fail('MALFORMED_TIMESTAMP', 'The HubSpot request timestamp is not a millisecond epoch value.');
  }
  const sentAt = Number(input.timestamp);
  if (input.now - sentAt > maxAgeMs) {
    return fail('STALE_TIMESTAMP', `The request was signed more than ${maxAgeMs / 1000} s ago.`);
  }
  if (sentAt - input.now > maxFutureSkewMs) {
    return fail('FUTURE_TIMESTAMP', 'The request timestamp is too far in the future.');
  }
  const expected = Buffer.from(computeSignatureV3({ ...input, timestamp: input.timestamp }), 'base64');
  if (!timingSafeEqual(expected, received)) {
    return fail('SIGNATURE_MISMATCH', 'The HubSpot signature does not match the request.');
  }
  return { ok: true, signature: received, sentAt };
}

type HeaderBag = Record<string, string | string[] | undefined>;

/** Reads the two headers case-insensitively; a repeated header is treated as absent. */
export function readSignatureHeaders(headers: HeaderBag): { signature: string | undefined; timestamp: string | undefined } {
  const single = (name: string): string | undefined => {
    const values = Object.entries(headers)
      .filter(([key]) => key.toLowerCase() === name)
      .map(([, value]) => value);
    const value = values.length === 1 ? values[0] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  return { signature: single(SIGNATURE_HEADER), timestamp: single(TIMESTAMP_HEADER) };
}
