import { describe, expect, it } from 'vitest';
import { auditNoteBody, routeNoteBody } from '../../../src/hubspot/records/gate-audit.ts';
import { findInternalNames } from '../../support/people-words.ts';

/** The note as people read it in HubSpot: text without tags and without the app's reference line. */
const readable = (html: string) =>
  html
    .replace(/<p>Ref: [^<]*<\/p>/, '')
    .replace(/<\/?p>/g, ' ')
    .replace(/<[^>]+>/g, '');

describe('the audit notes the gate writes on a deal', () => {
  it('speak in labels: statuses, the reason, the cloud, the deal type and the route', () => {
    const body = auditNoteBody(
      '101',
      {
        version: 2,
        at: '2026-11-20T10:00:00.000Z',
        actorUserId: '7100001',
        action: 'request',
        from: 'none',
        to: 'awaiting_senior',
        idempotencyKey: 'key-1',
        override: false,
        reasonCode: 'customer_refuses_marketplace',
        comment: 'The customer refuses marketplace procurement for all software this year.',
        facts: { amountUsd: 1_250_000, cloud: 'aws', dealType: 'newbusiness', recommendedRoute: 'marketplace:aws' },
      },
      () => 'Jordan Patel',
    );
    expect(readable(body)).toContain('status None → Awaiting senior approval');
    expect(readable(body)).toContain('Reason: Customer refuses marketplace');
    expect(readable(body)).toContain('cloud AWS; deal type New business; the gate recommends AWS Marketplace.');
    expect(findInternalNames([readable(body)])).toEqual([]);
  });

  it('name the route chosen by its label', () => {
    const body = routeNoteBody({
      dealId: '101',
      route: 'direct',
      previous: 'marketplace:gcp',
      actorName: 'Jordan Patel',
      actorUserId: '7100001',
      at: new Date('2026-11-21T09:00:00.000Z'),
      basis: 'An approved exception allows going direct.',
      idempotencyKey: 'key-2',
    });
    expect(readable(body)).toContain('Co-sell route set to Direct (was Google Cloud Marketplace)');
    expect(findInternalNames([readable(body)])).toEqual([]);
  });
});
