import { describe, expect, it } from 'vitest';
import {
  computeSignatureV3,
  decodeSignatureV3,
  decodeUriForSignatureV3,
  readSignatureHeaders,
  signHubSpotRequestV3,
  trustedActorFromSignedRequest,
  verifyHubSpotSignatureV3,
  withHubSpotIdentityQuery,
} from '../../../src/identity/index.ts';

const clientSecret = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const sentAt = 1_793_613_600_000;
const uri = 'https://cosell.example.com/api/exception?userId=101&portalId=5550001&userEmail=ae%40vendor.example&appId=777';
const rawBody = '{"kind":"approve","idempotencyKey":"click-0001","expectedVersion":1}';

function signed(overrides: { uri?: string; rawBody?: string; secret?: string; timestamp?: number } = {}) {
  const headers = signHubSpotRequestV3({
    method: 'POST',
    uri: overrides.uri ?? uri,
    rawBody: overrides.rawBody ?? rawBody,
    clientSecret: overrides.secret ?? clientSecret,
    timestamp: overrides.timestamp ?? sentAt,
  });
  return { signature: headers['X-HubSpot-Signature-v3'], timestamp: headers['X-HubSpot-Request-Timestamp'] };
}

const verify = (parts: Partial<Parameters<typeof verifyHubSpotSignatureV3>[0]> = {}) =>
  verifyHubSpotSignatureV3({ method: 'POST', uri, rawBody, clientSecret, now: sentAt + 1_000, ...signed(), ...parts });

describe('HubSpot signature v3', () => {
  it('matches the documented construction: base64 HMAC-SHA256 over method + uri + body + timestamp', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', clientSecret)
      .update(`POSThttps://www.example.com/webhook_uri{"example_field":"example_value"}${sentAt}`)
      .digest('base64');
    expect(
      computeSignatureV3({
        method: 'POST',
        uri: 'https://www.example.com/webhook_uri',
        rawBody: '{"example_field":"example_value"}',
        timestamp: String(sentAt),
        clientSecret,
      }),
    ).toBe(expected);
  });

  it('decodes exactly the documented characters, in one pass', () => {
    expect(decodeUriForSignatureV3('https://x.example/a%3Ab%2Fc%3Fd%40e%21f%24g%27h%28i%29j%2Ak%2Cl%3Bm')).toBe("https://x.example/a:b/c?d@e!f$g'h(i)j*k,l;m");
    expect(decodeUriForSignatureV3('https://x.example/?q=%20%2B%26%3D%25')).toBe('https://x.example/?q=%20%2B%26%3D%25');
    expect(decodeUriForSignatureV3('https://x.example/?q=%253A&r=%3a')).toBe('https://x.example/?q=%253A&r=:');
  });

  it('verifies an encoded URI against the signature HubSpot makes over its decoded form', () => {
    const encoded = 'https://x.example/api?userEmail=ae%40vendor.example&note=a%3Ab';
    const headers = signed({ uri: 'https://x.example/api?userEmail=ae@vendor.example&note=a:b' });
    expect(verify({ uri: encoded, ...headers })).toMatchObject({ ok: true });
  });

  it('accepts a valid request, with a Buffer body too, and returns the HMAC bytes', () => {
    expect(verify()).toMatchObject({ ok: true, sentAt });
    expect(verify({ rawBody: Buffer.from(rawBody, 'utf8') })).toMatchObject({ ok: true });
    const outcome = verify();
    expect(outcome.ok && outcome.signature.toString('base64')).toBe(signed().signature);
  });

  it.each([
    ['a tampered body', { rawBody: rawBody.replace('approve', 'reject') }],
    ['a tampered URI', { uri: uri.replace('userId=101', 'userId=201') }],
    ['a different method', { method: 'PUT' }],
    ['the wrong secret', { clientSecret: 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz' }],
    ['a tampered timestamp', { timestamp: String(sentAt + 1) }],
  ])('rejects %s', (_label, parts) => {
    expect(verify(parts)).toMatchObject({ ok: false, failure: 'SIGNATURE_MISMATCH' });
  });

  it('accepts just inside the 5-minute window and rejects just outside it', () => {
    expect(verify({ now: sentAt + 300_000 })).toMatchObject({ ok: true });
    expect(verify({ now: sentAt + 300_001 })).toMatchObject({ ok: false, failure: 'STALE_TIMESTAMP' });
  });

  it('rejects timestamps too far in the future but tolerates small skew', () => {
    expect(verify({ now: sentAt - 60_000 })).toMatchObject({ ok: true });
    expect(verify({ now: sentAt - 60_001 })).toMatchObject({ ok: false, failure: 'FUTURE_TIMESTAMP' });
  });

  it.each([
    ['missing signature', { signature: undefined }, 'MISSING_HEADER'],
    ['missing timestamp', { timestamp: undefined }, 'MISSING_HEADER'],
    ['hex instead of base64', { signature: 'a'.repeat(64) }, 'MALFORMED_SIGNATURE'],
    ['truncated signature', { signature: signed().signature.slice(0, 20) }, 'MALFORMED_SIGNATURE'],
    ['sha256= prefix', { signature: `sha256=${signed().signature}` }, 'MALFORMED_SIGNATURE'],
    ['seconds with a decimal point', { timestamp: '1793613600.5' }, 'MALFORMED_TIMESTAMP'],
    ['non-numeric timestamp', { timestamp: 'yesterday' }, 'MALFORMED_TIMESTAMP'],
  ])('rejects a malformed header: %s', (_label, parts, failure) => {
    expect(verify(parts)).toMatchObject({ ok: false, failure });
  });

  it('refuses every other base64 spelling of the same HMAC (the unused bits of the last character)', () => {
    const genuine = signed().signature;
    const last = genuine.at(-2)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const index = alphabet.indexOf(last);
    const respellings = [1, 2, 3].map((bits) => `${genuine.slice(0, -2)}${alphabet[(index & ~3) | bits]}=`).filter((spelling) => spelling !== genuine);
    expect(respellings).toHaveLength(3);
    for (const spelling of respellings) {
      // Node decodes them all to the same bytes; the verifier must not.
      expect(Buffer.from(spelling, 'base64').equals(Buffer.from(genuine, 'base64'))).toBe(true);
      expect(decodeSignatureV3(spelling)).toBeNull();
      expect(verify({ signature: spelling })).toMatchObject({ ok: false, failure: 'MALFORMED_SIGNATURE' });
    }
    expect(decodeSignatureV3(genuine)?.toString('base64')).toBe(genuine);
  });

  it('reads the headers case-insensitively and refuses repeated ones', () => {
    expect(readSignatureHeaders({ 'X-HubSpot-Signature-v3': 'sig', 'x-hubspot-request-timestamp': '1' })).toEqual({ signature: 'sig', timestamp: '1' });
    expect(readSignatureHeaders({ 'x-hubspot-signature-v3': ['a', 'b'], 'x-hubspot-request-timestamp': '1' })).toEqual({
      signature: undefined,
      timestamp: '1',
    });
  });
});

describe('trustedActorFromSignedRequest', () => {
  const input = (parts: { uri?: string; now?: number } = {}) => {
    const target = parts.uri ?? uri;
    return { method: 'POST', uri: target, rawBody, clientSecret, now: parts.now ?? sentAt, mode: 'hubspot' as const, ...signed({ uri: target }) };
  };

  it('returns the acting user and portal from the signed query', () => {
    expect(trustedActorFromSignedRequest({ ...input(), expectedPortalId: '5550001', expectedAppId: '777' })).toMatchObject({
      ok: true,
      actor: { userId: '101', portalId: '5550001', userEmail: 'ae@vendor.example', appId: '777', source: 'hubspot' },
    });
  });

  it('reads nothing from an unverified request', () => {
    expect(trustedActorFromSignedRequest({ ...input(), clientSecret: 'wrong' })).toMatchObject({ ok: false, failure: 'SIGNATURE_MISMATCH' });
    expect(trustedActorFromSignedRequest(input({ now: sentAt + 400_000 }))).toMatchObject({ ok: false, failure: 'STALE_TIMESTAMP' });
  });

  it('refuses a userId the card added next to the one HubSpot appended', () => {
    const forged = withHubSpotIdentityQuery('https://cosell.example.com/api/exception?userId=201', {
      userId: '101',
      portalId: '5550001',
      userEmail: null,
      appId: null,
    });
    expect(trustedActorFromSignedRequest(input({ uri: forged }))).toMatchObject({ ok: false, failure: 'AMBIGUOUS_IDENTITY' });
  });

  it('refuses a request without identity, or for another portal or app', () => {
    expect(trustedActorFromSignedRequest(input({ uri: 'https://cosell.example.com/api/exception' }))).toMatchObject({ ok: false, failure: 'MISSING_IDENTITY' });
    expect(trustedActorFromSignedRequest({ ...input(), expectedPortalId: '9990001' })).toMatchObject({ ok: false, failure: 'PORTAL_MISMATCH' });
    expect(trustedActorFromSignedRequest({ ...input(), expectedAppId: '1' })).toMatchObject({ ok: false, failure: 'APP_MISMATCH' });
  });

  it("in hubspot mode takes only the user HubSpot added, never the card's own claim", () => {
    const cardOnly = 'https://cosell.example.com/api/exception?cardUserId=101&cardPortalId=5550001';
    expect(trustedActorFromSignedRequest(input({ uri: cardOnly }))).toMatchObject({
      ok: false,
      failure: 'MISSING_IDENTITY',
      message: expect.stringContaining('card-signed') as unknown,
    });
    const disagree = withHubSpotIdentityQuery('https://cosell.example.com/api/exception?cardUserId=201', {
      userId: '101',
      portalId: '5550001',
      userEmail: null,
      appId: null,
    });
    expect(trustedActorFromSignedRequest(input({ uri: disagree }))).toMatchObject({ ok: false, failure: 'IDENTITY_MISMATCH' });
    const agree = withHubSpotIdentityQuery('https://cosell.example.com/api/exception?cardUserId=101', {
      userId: '101',
      portalId: '5550001',
      userEmail: null,
      appId: null,
    });
    expect(trustedActorFromSignedRequest(input({ uri: agree }))).toMatchObject({ ok: true, actor: { userId: '101', source: 'hubspot' } });
  });

  it("in card-signed mode falls back to the card's signed claim, and says so", () => {
    const cardOnly = 'https://cosell.example.com/api/exception?cardUserId=101&cardPortalId=5550001&cardUserEmail=ae%40vendor.example';
    expect(trustedActorFromSignedRequest({ ...input({ uri: cardOnly }), mode: 'card-signed' })).toMatchObject({
      ok: true,
      actor: { userId: '101', portalId: '5550001', userEmail: 'ae@vendor.example', source: 'card' },
    });
    const twice = 'https://cosell.example.com/api/exception?cardUserId=101&cardUserId=202&cardPortalId=5550001';
    expect(trustedActorFromSignedRequest({ ...input({ uri: twice }), mode: 'card-signed' })).toMatchObject({ ok: false, failure: 'AMBIGUOUS_IDENTITY' });
  });
});
