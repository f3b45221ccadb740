import { afterEach, describe, expect, it, vi } from 'vitest';
import { Accordion, Alert, DateInput, Form, Input, Select, TableCell, TableRow, Text, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { CommitmentsSection } from '../../app/cards/CommitmentsSection.tsx';
import { globexCommitments } from './commitments-fixtures.ts';

afterEach(() => vi.restoreAllMocks());

describe('cloud commitments on the company card', () => {
  it('summarises each cloud up front and keeps the details (source, last update) in an accordion', () => {
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<CommitmentsSection commitments={globexCommitments} companyId="7" mayEdit={false} onChanged={() => {}} />);
    const cells = (cloud: string) =>
      renderer
        .findByTestId(TableRow, `commitment-${cloud}`)
        .findAll(TableCell)
        .map((cell) => cell.text);
    expect(cells('aws')).toEqual(['AWS', '3,200,000.00 USD', '2027-03-31']);
    expect(cells('azure')).toEqual(['Microsoft Azure (unconfirmed)', 'Not recorded', '2026-12-31']);
    const details = renderer.findByTestId(Accordion, 'commitments-details');
    expect(details.props.defaultOpen).toBeFalsy();
    expect(renderer.findByTestId(Text, 'commitment-source-aws').text).toBe('Source: EDP order form, March 2026. Last update 2026-05-01 by Marcus Webb.');
    const detailTexts = details.findAll(Text).map((node) => node.text);
    expect(detailTexts).toEqual(expect.arrayContaining(['AWS: Enterprise Discount Program (EDP)', '5,000,000.00 USD', '600,000.00 USD', 'Not recorded']));
    expect(renderer.findByTestId(Text, 'commitments-read-only').text).toMatch(/Alliance managers record commitments/);
    expect(renderer.findAll(Form)).toHaveLength(0);
  });

  it("saves an alliance manager's figures through the backend with the company, version and a key, never a user id, and shows a refusal", async () => {
    const fetchSpy = vi.spyOn(hubspot, 'fetch').mockResolvedValue(
      new Response(
        JSON.stringify({
          ok: false,
          error: { code: 'INVALID_PARAMETERS', field: 'capacityLeftUsd', message: 'Capacity left cannot be more than the annual commitment.' },
        }),
        { status: 200 },
      ),
    );
    const onChanged = vi.fn();
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<CommitmentsSection commitments={globexCommitments} companyId="7" mayEdit onChanged={onChanged} />);
    expect(renderer.findByTestId(Input, 'commitment-annual').props.value).toBe('5000000.00');
    renderer.findByTestId(Input, 'commitment-left').trigger('onChange', '9000000' as never);
    renderer.findByTestId(Form, 'commitment-form').trigger('onSubmit');
    await renderer.waitFor(() =>
      expect(renderer.findByTestId(Alert, 'commitment-outcome').text).toMatch(/Capacity left cannot be more than the annual commitment/),
    );
    const [url, options] = fetchSpy.mock.calls[0]!;
    expect(url).toMatch(/\/actions\/commitment_set\?/);
    const body = (options as { body: Record<string, unknown> }).body;
    expect(body).toMatchObject({ companyId: '7', cloud: 'aws', expectedVersion: 1, capacityLeftUsd: '9000000', program: 'edp', renewalDate: '2027-03-31' });
    expect(Object.keys(body).sort()).toEqual(
      [
        'annualCommitmentUsd',
        'capacityLeftUsd',
        'cloud',
        'companyId',
        'expectedVersion',
        'idempotencyKey',
        'marketplaceSpendThisYearUsd',
        'program',
        'renewalDate',
        'source',
      ].sort(),
    );
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('takes the renewal date from a date picker, and clearing it sends no date', async () => {
    const fetchSpy = vi
      .spyOn(hubspot, 'fetch')
      .mockImplementation(
        async () =>
          new Response(JSON.stringify({ ok: false, error: { code: 'INVALID_PARAMETERS', field: 'source', message: 'Source is required.' } }), { status: 200 }),
      );
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<CommitmentsSection commitments={globexCommitments} companyId="7" mayEdit onChanged={vi.fn()} />);
    const picker = () => renderer.findByTestId(DateInput, 'commitment-renewal');
    expect(picker().props.value).toEqual({ year: 2027, month: 2, date: 31 });
    picker().trigger('onChange', { year: 2028, month: 0, date: 5, formattedDate: 'Jan 5, 2028' } as never);
    renderer.findByTestId(Form, 'commitment-form').trigger('onSubmit');
    await renderer.waitFor(() => expect(fetchSpy).toHaveBeenCalledTimes(1));
    expect((fetchSpy.mock.calls[0]![1] as { body: Record<string, unknown> }).body).toMatchObject({ renewalDate: '2028-01-05' });
    picker().trigger('onChange', null as never);
    expect(picker().props.value).toBeUndefined();
    renderer.findByTestId(Form, 'commitment-form').trigger('onSubmit');
    await renderer.waitFor(() => expect(fetchSpy).toHaveBeenCalledTimes(2));
    expect((fetchSpy.mock.calls[1]![1] as { body: Record<string, unknown> }).body).toMatchObject({ renewalDate: '' });
  });

  it("switching cloud loads that cloud's figures and programs", () => {
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<CommitmentsSection commitments={globexCommitments} companyId="7" mayEdit onChanged={() => {}} />);
    renderer.findByTestId(Select, 'commitment-cloud').trigger('onChange', 'azure' as never);
    expect(renderer.findByTestId(Select, 'commitment-program').props.options.map((option) => option.value)).toEqual(['macc', 'none']);
    expect(renderer.findByTestId(Input, 'commitment-annual').props.value).toBe('2000000');
    expect(renderer.findByTestId(Input, 'commitment-source').props.value).toBe('');
  });
});
