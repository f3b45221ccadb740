import { afterEach, describe, expect, it, vi } from 'vitest';
import { Alert, Button, StatusTag, Text, TextArea, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { GateSection } from '../../app/cards/GateSection.tsx';
import { noException, pendingForManager } from './gate-fixtures.ts';

afterEach(() => vi.restoreAllMocks());

const backendAnswer = (body: unknown) => vi.spyOn(hubspot, 'fetch').mockResolvedValue(new Response(JSON.stringify(body), { status: 200 }));

describe('the exception gate on the deal card', () => {
  it('warns when the gate data was changed outside the app, naming what and who, and counts restored edits', () => {
    const renderer = createRenderer('crm.record.tab');
    const tampered = {
      ...noException,
      integrity: {
        status: 'tampered' as const,
        changed: ['Exception state (app data)'],
        changedBy: ['Sofia Alvarez in HubSpot'],
        restoredCount: 0,
        lastRestoredAt: null,
      },
    };
    renderer.render(<GateSection gate={tampered} dealId="101" onChanged={() => {}} />);
    expect(renderer.findByTestId(Alert, 'integrity-tampered').text).toMatch(/Exception state \(app data\) changed by Sofia Alvarez in HubSpot/);
    const restored = {
      ...noException,
      integrity: { status: 'sealed' as const, changed: [], changedBy: [], restoredCount: 2, lastRestoredAt: '2026-11-30T10:00:00.000Z' },
    };
    const again = createRenderer('crm.record.tab');
    again.render(<GateSection gate={restored} dealId="101" onChanged={() => {}} />);
    expect(again.findByTestId(Text, 'integrity-restored').text).toBe('2 outside edits of the gate data restored, last on 2026-11-30.');
  });

  it('shows the approver what going direct costs, the facts when asked and how long the request has waited', () => {
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<GateSection gate={pendingForManager} dealId="101" onChanged={() => {}} />);
    expect(renderer.findByTestId(Text, 'gate-stakes-fee').text).toBe('27,000.00 USD');
    expect(renderer.findByTestId(Text, 'gate-stakes-undrawn').text).toBe('900,000.00 USD');
    expect(renderer.findByTestId(Text, 'gate-stakes-commission').text).toBe('2,160.00 USD');
    expect(renderer.findByTestId(Text, 'gate-stakes-age').text).toMatch(/^Asked 2 days ago by Ava Patel\./);
    const none = createRenderer('crm.record.tab');
    none.render(<GateSection gate={noException} dealId="101" onChanged={() => {}} />);
    expect(none.findAll(Text).some((node) => node.props.testId === 'gate-stakes-fee')).toBe(false);
  });

  it('offers the owner the request form and no decision', () => {
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<GateSection gate={noException} dealId="101" onChanged={() => {}} />);
    expect(renderer.findByTestId(StatusTag, 'gate-status').text).toBe('None');
    expect(renderer.findAll(TextArea).map((node) => node.props.testId)).toEqual(['gate-justification']);
    expect(renderer.findAll(Button).map((node) => node.props.testId)).not.toContain('gate-approve');
  });

  it('sends a decision to the backend with the deal and version only, never a user id, and shows a refusal', async () => {
    const fetchSpy = backendAnswer({ ok: false, error: { code: 'FORBIDDEN', message: "You are not an approver for the requester's team." } });
    const onChanged = vi.fn();
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<GateSection gate={pendingForManager} dealId="101" onChanged={onChanged} />);
    expect(renderer.findByTestId(Alert, 'gate-violation').text).toMatch(/1 time \(last on 2026-11-21\)/);
    renderer.findByTestId(Button, 'gate-approve').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.findByTestId(Alert, 'gate-outcome').text).toBe("You are not an approver for the requester's team."));
    const [url, options] = fetchSpy.mock.calls[0]!;
    // The card's own claim of who is signed in travels under names HubSpot never uses; only a card-signed backend reads it.
    expect(url).toMatch(/^https:\/\/cosell-backend\.example\.com\/actions\/gate_approve\?cardUserId=\d+&cardPortalId=\d+/);
    expect(options).toMatchObject({
      method: 'POST',
      body: { dealId: '101', expectedVersion: 1, idempotencyKey: expect.stringMatching(/^[a-z0-9]{8,}$/) as unknown },
    });
    expect(Object.keys((options as { body: object }).body).sort()).toEqual(['dealId', 'expectedVersion', 'idempotencyKey']);
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('reloads the card after a decision is recorded', async () => {
    backendAnswer({
      ok: true,
      result: {
        dealId: '101',
        status: 'approved',
        version: 2,
        replayed: false,
        auditPending: false,
        override: false,
        message: 'Approval recorded; the exception is now approved.',
      },
    });
    const onChanged = vi.fn();
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<GateSection gate={pendingForManager} dealId="101" onChanged={onChanged} />);
    renderer.findByTestId(Button, 'gate-approve').trigger('onClick');
    await renderer.waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(renderer.findByTestId(Alert, 'gate-outcome').text).toBe('Approval recorded; the exception is now approved.');
  });
});
