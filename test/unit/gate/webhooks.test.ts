import { describe, expect, it } from 'vitest';
import { InMemoryReplayGuard, parseSourceId, signHubSpotRequestV3, verifyHubSpotWebhookV3 } from '../../../src/identity/index.ts';

const clientSecret = 'webhook-secret';
const targetUrl = 'https://cosell.example.com/webhooks/hubspot';
const sentAt = 1_793_613_600_000;
const events = [
  { eventId: 100, subscriptionId: 7, portalId: 5550001, appId: 777, occurredAt: sentAt - 500, subscriptionType: 'deal.propertyChange', attemptNumber: 0, objectId: 42, propertyName: 'dealstage', propertyValue: 'closedwon', changeSource: 'CRM_UI', sourceId: 'userId:45678' },
  { eventId: 101, subscriptionId: 7, portalId: 5550001, appId: 777, occurredAt: sentAt - 400, subscriptionType: 'deal.propertyChange', attemptNumber: 0, objectId: 43, propertyName: 'dealstage', propertyValue: 'closedwon', changeSource: 'AUTOMATION_PLATFORM', sourceId: 'enrollmentId:9' },
];
const rawBody = JSON.stringify(events);

function deliver(body = rawBody, parts: { secret?: string; now?: number; replayGuard?: InMemoryReplayGuard } = {}) {
  const headers = signHubSpotRequestV3({ method: 'POST', uri: targetUrl, rawBody: body, clientSecret, timestamp: sentAt });
  return verifyHubSpotWebhookV3({
    uri: targetUrl,
    rawBody: body,
    clientSecret: parts.secret ?? clientSecret,
    now: parts.now ?? sentAt,
    signature: headers['X-HubSpot-Signature-v3'],
    timestamp: headers['X-HubSpot-Request-Timestamp'],
    replayGuard: parts.replayGuard,
  });
}

describe('webhook verification', () => {
  it('verifies a signed batch and parses every event, keeping extra fields', () => {
    const outcome = deliver();
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      expect(outcome.events).toHaveLength(2);
      expect(outcome.events[0]).toMatchObject({ eventId: '100', portalId: '5550001', objectId: '42', sourceId: 'userId:45678', propertyValue: 'closedwon' });
    }
  });

  it('rejects a tampered batch, the wrong secret, a stale delivery and a replay', () => {
    const tampered = rawBody.replace('"objectId":42', '"objectId":44');
    const headers = signHubSpotRequestV3({ method: 'POST', uri: targetUrl, rawBody, clientSecret, timestamp: sentAt });
    expect(
      verifyHubSpotWebhookV3({ uri: targetUrl, rawBody: tampered, clientSecret, now: sentAt, signature: headers['X-HubSpot-Signature-v3'], timestamp: headers['X-HubSpot-Request-Timestamp'] }),
    ).toMatchObject({ ok: false, failure: 'SIGNATURE_MISMATCH' });
    expect(deliver(rawBody, { secret: 'other' })).toMatchObject({ ok: false, failure: 'SIGNATURE_MISMATCH' });
    expect(deliver(rawBody, { now: sentAt + 300_001 })).toMatchObject({ ok: false, failure: 'STALE_TIMESTAMP' });
    const replayGuard = new InMemoryReplayGuard({ clock: () => sentAt });
    expect(deliver(rawBody, { replayGuard }).ok).toBe(true);
    expect(deliver(rawBody, { replayGuard })).toMatchObject({ ok: false, failure: 'REPLAYED' });
  });

  it('rejects a signed body that is not an array of events, naming where', () => {
    expect(deliver('{"eventId":1}')).toMatchObject({ ok: false, failure: 'INVALID_PAYLOAD' });
    expect(deliver('[]')).toMatchObject({ ok: false, failure: 'INVALID_PAYLOAD' });
    expect(deliver('not json')).toMatchObject({ ok: false, failure: 'INVALID_PAYLOAD', message: expect.stringContaining('JSON') });
    expect(deliver(JSON.stringify([{ ...events[0], objectId: 'abc' }]))).toMatchObject({ ok: false, message: expect.stringContaining('0.objectId') });
  });
});

describe('parseSourceId', () => {
  it('reads the acting user from userId:NNN', () => {
    expect(parseSourceId('userId:45678')).toEqual({ kind: 'user', userId: '45678' });
  });

  it('passes other sources through and refuses malformed ones', () => {
    expect(parseSourceId('enrollmentId:9')).toEqual({ kind: 'other', type: 'enrollmentId', id: '9' });
    expect(parseSourceId('userId:abc')).toBeNull();
    expect(parseSourceId('userId:')).toBeNull();
    expect(parseSourceId('45678')).toBeNull();
    expect(parseSourceId(undefined)).toBeNull();
    expect(parseSourceId('')).toBeNull();
  });
});
