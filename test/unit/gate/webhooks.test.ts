import { describe, expect, it } from 'vitest';
import { parseSourceId, parseWebhookEvent, signHubSpotRequestV3, verifyHubSpotWebhookV3 } from '../../../src/identity/index.ts';

const clientSecret = 'webhook-secret';
const targetUrl = 'https://cosell.example.com/webhooks/hubspot';
const sentAt = 1_793_613_600_000;
const events = [
  {
    eventId: 100,
    subscriptionId: 7,
    portalId: 5550001,
    appId: 777,
    occurredAt: sentAt - 500,
    subscriptionType: 'deal.propertyChange',
    attemptNumber: 0,
    objectId: 42,
    propertyName: 'dealstage',
    propertyValue: 'closedwon',
    changeSource: 'CRM_UI',
    sourceId: 'userId:45678',
  },
  {
    eventId: 101,
    subscriptionId: 7,
    portalId: 5550001,
    appId: 777,
    occurredAt: sentAt - 400,
    subscriptionType: 'deal.propertyChange',
    attemptNumber: 0,
    objectId: 43,
    propertyName: 'dealstage',
    propertyValue: 'closedwon',
    changeSource: 'AUTOMATION_PLATFORM',
    sourceId: 'enrollmentId:9',
  },
];
const rawBody = JSON.stringify(events);

function deliver(body = rawBody, parts: { secret?: string; now?: number } = {}) {
  const headers = signHubSpotRequestV3({ method: 'POST', uri: targetUrl, rawBody: body, clientSecret, timestamp: sentAt });
  return verifyHubSpotWebhookV3({
    uri: targetUrl,
    rawBody: body,
    clientSecret: parts.secret ?? clientSecret,
    now: parts.now ?? sentAt,
    signature: headers['X-HubSpot-Signature-v3'],
    timestamp: headers['X-HubSpot-Request-Timestamp'],
  });
}

describe('webhook verification', () => {
  it('verifies a signed batch and parses every event, keeping extra fields', () => {
    const outcome = deliver();
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      expect(outcome.events).toHaveLength(2);
      expect(outcome.events[0]).toMatchObject({
        kind: 'object',
        action: 'propertyChange',
        objectTypeId: '0-3',
        eventId: '100',
        portalId: '5550001',
        objectId: '42',
        sourceId: 'userId:45678',
        propertyValue: 'closedwon',
      });
    }
  });

  it('rejects a tampered batch, the wrong secret and a stale delivery', () => {
    const tampered = rawBody.replace('"objectId":42', '"objectId":44');
    const headers = signHubSpotRequestV3({ method: 'POST', uri: targetUrl, rawBody, clientSecret, timestamp: sentAt });
    expect(
      verifyHubSpotWebhookV3({
        uri: targetUrl,
        rawBody: tampered,
        clientSecret,
        now: sentAt,
        signature: headers['X-HubSpot-Signature-v3'],
        timestamp: headers['X-HubSpot-Request-Timestamp'],
      }),
    ).toMatchObject({ ok: false, failure: 'SIGNATURE_MISMATCH' });
    expect(deliver(rawBody, { secret: 'other' })).toMatchObject({ ok: false, failure: 'SIGNATURE_MISMATCH' });
    expect(deliver(rawBody, { now: sentAt + 300_001 })).toMatchObject({ ok: false, failure: 'STALE_TIMESTAMP' });
  });

  it('refuses only a signed body that is not an array; an event it does not understand does not sink the batch', () => {
    expect(deliver('{"eventId":1}')).toMatchObject({ ok: false, failure: 'INVALID_PAYLOAD' });
    expect(deliver('not json')).toMatchObject({ ok: false, failure: 'INVALID_PAYLOAD', message: expect.stringContaining('JSON') as unknown });
    const mixed = deliver(JSON.stringify([{ ...events[0], objectId: 'abc' }, events[1], { surprise: true }]));
    expect(mixed.ok).toBe(true);
    if (mixed.ok) expect(mixed.events.map((event) => event.kind)).toEqual(['unrecognised', 'object', 'unrecognised']);
  });

  it('reads each documented shape: generic and classic property changes, associations, merges', () => {
    const base = { eventId: 7, subscriptionId: 9, portalId: 5550001, appId: 777, occurredAt: sentAt, attemptNumber: 2 };
    expect(
      parseWebhookEvent({
        ...base,
        subscriptionType: 'object.associationChange',
        fromObjectTypeId: '0-3',
        fromObjectId: 42,
        toObjectTypeId: '0-2',
        toObjectId: 88,
        associationTypeId: 5,
        associationCategory: 'HUBSPOT_DEFINED',
        associationRemoved: false,
        isPrimaryAssociation: true,
        changeSource: 'CRM_UI',
        sourceId: 'userId:1',
      }),
    ).toEqual({
      kind: 'association',
      eventId: '7',
      deliveryKey: `5550001:9:7:${sentAt}`,
      portalId: '5550001',
      subscriptionType: 'object.associationChange',
      occurredAt: sentAt,
      attemptNumber: 2,
      changeSource: 'CRM_UI',
      sourceId: 'userId:1',
      fromObjectTypeId: '0-3',
      fromObjectId: '42',
      toObjectTypeId: '0-2',
      toObjectId: '88',
      associationTypeId: 5,
      removed: false,
      primary: true,
    });
    expect(
      parseWebhookEvent({
        ...base,
        subscriptionType: 'deal.associationChange',
        associationType: 'DEAL_TO_COMPANY',
        fromObjectId: 42,
        toObjectId: 88,
        associationRemoved: true,
      }),
    ).toMatchObject({ kind: 'association', fromObjectTypeId: '0-3', toObjectTypeId: '0-2', removed: true });
    expect(
      parseWebhookEvent({ ...base, subscriptionType: 'company.propertyChange', objectId: 88, propertyName: 'country', propertyValue: 'DE' }),
    ).toMatchObject({ kind: 'object', objectTypeId: '0-2', action: 'propertyChange' });
    expect(
      parseWebhookEvent({
        ...base,
        subscriptionType: 'object.merge',
        objectTypeId: '0-3',
        primaryObjectId: 42,
        mergedObjectIds: [43],
        newObjectId: 44,
        numberOfPropertiesMoved: 3,
      }),
    ).toMatchObject({ kind: 'merge', newObjectId: '44', mergedObjectIds: ['43'] });
    expect(parseWebhookEvent({ ...base, subscriptionType: 'contact.privacyDeletion', subjectEmail: 'a@b.example' })).toMatchObject({ kind: 'unrecognised' });
  });

  it('keys a redelivery like the first delivery, whatever its attempt number', () => {
    const first = parseWebhookEvent({ ...events[0], attemptNumber: 0 });
    const again = parseWebhookEvent({ ...events[0], attemptNumber: 3 });
    expect(first.deliveryKey).toBe(again.deliveryKey);
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
