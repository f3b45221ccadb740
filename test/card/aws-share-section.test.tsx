import { afterEach, describe, expect, it, vi } from 'vitest';
import { Alert, Button, Text, TextArea, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { AwsShareSection } from '../../app/cards/AwsShareSection.tsx';
import { awsDraftNotReady, notCoSold } from './cosell-fixtures.ts';

afterEach(() => vi.restoreAllMocks());

const readyToShare = {
  ...awsDraftNotReady,
  status: { ...awsDraftNotReady.status, value: 'not_shared' as const, rawStatus: null },
  readiness: { ...awsDraftNotReady.readiness!, ready: true, problems: [] },
};
const holdAdvised = { ...readyToShare, advice: { ...readyToShare.advice!, recommendation: 'hold' as const } };
const pendingReferral = {
  ...awsDraftNotReady,
  status: { ...awsDraftNotReady.status, value: 'action_required' as const, rawStatus: 'AWS Referral / PENDING' },
  readiness: null,
  advice: null,
};

describe('sharing with AWS from the deal card', () => {
  it('shows nothing for a deal that is not on AWS or not ready', () => {
    for (const cosell of [notCoSold, awsDraftNotReady]) {
      const renderer = createRenderer('crm.record.tab');
      renderer.render(<AwsShareSection cosell={cosell} dealId="101" onChanged={() => {}} />);
      expect(renderer.findAll(Button)).toHaveLength(0);
    }
  });

  it('sends the deal, involvement type and visibility, never a user id, and shows the answer', async () => {
    const fetchSpy = vi.spyOn(hubspot, 'fetch').mockResolvedValue(
      new Response(JSON.stringify({ ok: true, result: { dealId: '101', state: 'done', message: 'Shared with AWS and submitted for review.' } }), {
        status: 200,
      }),
    );
    const onChanged = vi.fn();
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<AwsShareSection cosell={readyToShare} dealId="101" onChanged={onChanged} />);
    expect(renderer.findAll(TextArea)).toHaveLength(0);
    renderer.findByTestId(Button, 'aws-share-submit').trigger('onClick');
    await renderer.waitFor(() => expect(renderer.findByTestId(Alert, 'aws-outcome').text).toBe('Shared with AWS and submitted for review.'));
    const [url, init] = fetchSpy.mock.calls[0]!;
    expect(url).toMatch(/\/actions\/ace_share\?/);
    expect(init?.body).toEqual({ dealId: '101', involvementType: 'Co-Sell', visibility: 'Full' });
    expect(onChanged).toHaveBeenCalled();
  });

  it('asks for a reason when the advice is to hold, and lets an alliance manager answer a referral', async () => {
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<AwsShareSection cosell={holdAdvised} dealId="101" onChanged={() => {}} />);
    expect(renderer.findByTestId(TextArea, 'aws-hold-reason')).toBeDefined();
    expect(renderer.findByTestId(Button, 'aws-share-submit').props.disabled).toBe(true);

    const refused = vi
      .spyOn(hubspot, 'fetch')
      .mockResolvedValue(
        new Response(JSON.stringify({ ok: false, error: { code: 'FORBIDDEN', message: 'Only alliance managers answer AWS referrals.' } }), { status: 200 }),
      );
    const referral = createRenderer('crm.record.tab');
    referral.render(<AwsShareSection cosell={pendingReferral} dealId="102" onChanged={() => {}} />);
    expect(referral.findByTestId(Button, 'aws-reject').props.disabled).toBe(true);
    referral.findByTestId(Button, 'aws-accept').trigger('onClick');
    await referral.waitFor(() => expect(referral.findByTestId(Alert, 'aws-outcome').text).toBe('Only alliance managers answer AWS referrals.'));
    expect(refused.mock.calls[0]![1]?.body).toEqual({ dealId: '102', decision: 'accept' });
  });

  it("shows AWS's comments and its refusal of the last change in AWS's words", () => {
    const refused = {
      ...awsDraftNotReady,
      awsFeedback: {
        reviewComments: 'Describe the business problem in more detail.',
        syncProblem: 'AWS refused the change: Project.Title cannot be changed now.',
        syncWaiting: null,
      },
    };
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<AwsShareSection cosell={refused} dealId="101" onChanged={() => {}} />);
    expect(renderer.findByTestId(Alert, 'aws-sync-problem').text).toBe('AWS refused the change: Project.Title cannot be changed now.');
    expect(renderer.findByTestId(Text, 'aws-review-comments').text).toBe("AWS's comments: Describe the business problem in more detail.");
  });

  it("says when the deal's changes wait for AWS's daily limit", () => {
    const waiting = {
      ...awsDraftNotReady,
      awsFeedback: { reviewComments: null, syncProblem: null, syncWaiting: "AWS's daily limit reached; will send after 10:00 UTC on 4 December." },
    };
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<AwsShareSection cosell={waiting} dealId="101" onChanged={() => {}} />);
    const alert = renderer.findByTestId(Alert, 'aws-sync-waiting');
    expect(alert.props.title).toBe('Waiting for AWS');
    expect(alert.text).toBe("AWS's daily limit reached; will send after 10:00 UTC on 4 December.");
  });
});
