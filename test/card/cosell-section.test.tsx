import { afterEach, describe, expect, it, vi } from 'vitest';
import { Accordion, Alert, StatusTag, Text, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { CoSellDealCard } from '../../app/cards/CoSellDealCard.tsx';
import { CoSellSection } from '../../app/cards/CoSellSection.tsx';
import type { DealCosellResult } from '../../src/functions/contracts.ts';
import { awsDraftNotReady, notCoSold } from './cosell-fixtures.ts';

afterEach(() => vi.restoreAllMocks());

/** The texts whose test id starts with `prefix`, in order (list items carry an index or a name). */
const texts = (renderer: ReturnType<typeof createRenderer>, prefix: string) =>
  renderer
    .findAll(Text)
    .filter((node) => String(node.props.testId ?? '').startsWith(prefix))
    .map((node) => node.text);

describe('co-sell section of the deal card', () => {
  it('shows the status tag with days in status, the next action and the stalled warning', () => {
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<CoSellSection cosell={awsDraftNotReady} />);
    const status = renderer.findByTestId(StatusTag, 'cosell-status');
    expect(status.text).toBe('Draft');
    expect(status.props.variant).toBe('info');
    expect(renderer.findByTestId(Text, 'cosell-days').text).toBe('16 days in this status');
    expect(renderer.findByTestId(Text, 'cosell-next-action').text).toBe('Fix anything listed as missing and submit the deal to AWS.');
    expect(renderer.findByTestId(Alert, 'cosell-stalled').text).toContain('past the 14-day limit');
    expect(renderer.findAll(Alert).some((alert) => alert.props.testId === 'cosell-zombie')).toBe(false);
  });

  it('lists each readiness problem with the property and record that fix it', () => {
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<CoSellSection cosell={awsDraftNotReady} />);
    expect(renderer.findByTestId(StatusTag, 'cosell-ready').text).toBe('1 thing to fix before AWS accepts it');
    expect(texts(renderer, 'cosell-problem-')).toEqual(['Postal code on the company: Fix the postal code on the company in the format its country uses.']);
    expect(renderer.findByTestId(Text, 'cosell-editability').text).toBe('Not yet submitted: every field can change.');
  });

  it('names the contact a problem is on, marks fields ACE has locked, and lists what may change', () => {
    const cosell: DealCosellResult['cosell'] = {
      ...awsDraftNotReady,
      readiness: {
        ready: false,
        editability: {
          mode: 'listed',
          reason: 'Action Required: only the customer address, website, target close date, expected spend, business problem and partner CRM id can change.',
          properties: [
            { object: 'company', name: 'zip', label: 'Postal code' },
            { object: 'deal', name: 'closedate', label: 'Close date' },
          ],
        },
        problems: [
          {
            field: 'Customer.Contacts[0].Phone',
            code: 'INVALID_STRING_FORMAT',
            message: 'Customer.Contacts[0].Phone must be in E.164 format.',
            fix: "Enter the contact's phone in international format, such as +14155550100.",
            property: { object: 'contact', name: 'phone', label: 'Phone number' },
            record: 'Alex Morgan',
            editableNow: false,
          },
        ],
      },
    };
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<CoSellSection cosell={cosell} />);
    expect(texts(renderer, 'cosell-problem-')).toEqual([
      "Phone number on the contact (Alex Morgan): Enter the contact's phone in international format, such as +14155550100. Locked in ACE right now.",
    ]);
    expect(renderer.findByTestId(Text, 'cosell-editability').text).toContain('You can change: Postal code, Close date.');
  });

  it('shows a ready deal as ready', () => {
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<CoSellSection cosell={{ ...awsDraftNotReady, readiness: { ...awsDraftNotReady.readiness!, ready: true, problems: [] } }} />);
    expect(renderer.findByTestId(StatusTag, 'cosell-ready').text).toBe('Ready to submit to AWS');
    expect(texts(renderer, 'cosell-problem-')).toEqual([]);
  });

  it('shows the advice with its reasons, the zombie flag and the cloud contact', () => {
    const renderer = createRenderer('crm.record.tab');
    renderer.render(
      <CoSellSection
        cosell={{
          ...awsDraftNotReady,
          zombie: {
            zombie: true,
            stageOne: true,
            daysWithoutProgress: 95,
            message: 'Stage one for 95 days with no progress (limit 60): move it forward with the customer or close it.',
          },
        }}
      />,
    );
    expect(renderer.findByTestId(StatusTag, 'cosell-advice').text).toBe('Submit');
    expect(renderer.findByTestId(Text, 'cosell-advice-summary').text).toBe('Submit to AWS: 2 supporting signals, size and stage are right.');
    expect(texts(renderer, 'cosell-reason-')).toEqual([
      'For: Deal size 250,000 is at or above the 25,000 minimum for AWS.',
      'Note: Too few decided AWS submissions (3, need 10) to judge the acceptance rate.',
    ]);
    expect(renderer.findByTestId(Alert, 'cosell-zombie').text).toContain('Stage one for 95 days');
    expect(renderer.findByTestId(Text, 'cosell-contact').text).toBe('Dana Whitfield · AWS account manager · dana.whitfield@aws.example');
  });

  it('says in one line that the deal is not co-sold, with the next step, when no cloud is picked', () => {
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<CoSellSection cosell={notCoSold} />);
    expect(renderer.findByTestId(StatusTag, 'cosell-status').text).toBe('Not co-sold with a cloud');
    expect(renderer.findByTestId(Text, 'cosell-next-action').text).toBe('Pick the cloud this deal runs on to see whether to share it.');
    expect(renderer.findAll(Accordion)).toEqual([]);
  });

  it('the deal card watches the co-sell fields an AE edits, so fixing one re-evaluates the deal', () => {
    // The function never answers here: only the card's own hooks run.
    vi.spyOn(hubspot, 'serverless').mockReturnValue(new Promise(() => {}));
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<CoSellDealCard />);
    const watched = renderer.mocks.useCrmProperties.calls[0]?.[0] as string[];
    expect(watched).toEqual(
      expect.arrayContaining([
        'cosell_cloud',
        'cosell_ace_business_problem',
        'cosell_ace_sales_activities',
        'cosell_ace_solution_ids',
        'cosell_hyperscaler_contact_name',
      ]),
    );
  });
});
