import { findInternalNames } from '../../support/people-words.ts';
import { describe, expect, it } from 'vitest';
import { runRouteCommand } from '../../../src/cli/route.ts';
import { evaluateRecordLine, runEvaluate, type EvaluatedLine } from '../../../src/cli/evaluate.ts';
import type { RouteJson } from '../../../src/domain/routing/json.ts';
import { policy } from './helpers.ts';

function runRoute(argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runRouteCommand(argv, policy, (line) => out.push(line), { err: (line) => err.push(line), today: '2026-03-31' });
  return { code, out, err };
}

const json = (argv: string[]) => {
  const { code, out } = runRoute([...argv, '--json']);
  return { code, body: JSON.parse(out.join('\n')) as RouteJson };
};

describe('cosell route', () => {
  it('prints exactly the documented JSON keys with money as 2-dp strings', () => {
    const { code, body } = json(['--tcv', '1000000', '--cloud', 'aws', '--commit-annual', '8000000']);
    expect(code).toBe(0);
    expect(Object.keys(body)).toEqual(['recommended', 'requiresException', 'options', 'aeCommissionDelta', 'rationale', 'policyVersion']);
    expect(body.options).toEqual([
      { cloud: 'aws', eligible: true, blockers: [], feeRate: '0.02', fee: '20000.00', drawdown: '1000000.00', estimate: true, aeCommissionDelta: '1600.00' },
    ]);
    expect(body.recommended).toBe('marketplace:aws');
    expect(body.requiresException).toBe(true);
  });

  it('reproduces the worked example: $24,000 on Microsoft, $12,000 on AWS', () => {
    const azure = json(['--tcv', '10000000', '--cloud', 'azure', '--commission', '8', '--comp', 'net', '--commit-remaining', '10000000']).body;
    expect(azure.recommended).toBe('marketplace:azure');
    expect(azure.aeCommissionDelta).toBe('24000.00');
    const aws = json(['--tcv', '10000000', '--cloud', 'aws', '--commission', '8%', '--comp', 'net', '--commit-annual', '40000000']).body;
    expect(aws.aeCommissionDelta).toBe('12000.00');
    const gross = json(['--tcv', '10000000', '--cloud', 'aws', '--comp', 'gross', '--commit-annual', '40000000']).body;
    expect(gross.aeCommissionDelta).toBe('0.00');
  });

  it('applies commitment flags to every selected cloud and spend counted to AWS only', () => {
    const body = json(['--tcv', '2000000', '--commit-annual', '8000000', '--marketplace-spend', '1500000']).body;
    const drawdowns = Object.fromEntries(body.options.map((o: { cloud: string; drawdown: string }) => [o.cloud, o.drawdown]));
    expect(drawdowns).toEqual({ aws: '500000.00', azure: '2000000.00', gcp: '2000000.00' });
    expect(runRoute(['--tcv', '1', '--cloud', 'azure', '--commit-annual', '5', '--marketplace-spend', '1']).err.join('')).toMatch(
      /--marketplace-spend: applies to AWS only/,
    );
  });

  it('overrides vendor settings for the run', () => {
    const args = ['--tcv', '1000000', '--cloud', 'aws', '--commit-annual', '8000000', '--close-date', '2025-06-01'];
    expect(json([...args, '--no-deployed-on-aws']).body.options[0]!.blockers).toEqual(['N2']);
    expect(json([...args, '--deployed-on-aws']).body.options[0]!.eligible).toBe(true);
    expect(json(['--tcv', '1000000', '--cloud', 'azure', '--commit-annual', '8000000', '--no-macc-eligible']).body.options[0]!.blockers).toEqual(['N5']);
  });

  it('converts a non-USD deal with --usd-rate', () => {
    const body = json(['--tcv', '800000', '--currency', 'GBP', '--usd-rate', '1.25', '--cloud', 'aws', '--commit-annual', '400000000']).body;
    expect(body.options[0]!.fee).toBe('20000.00');
  });

  it.each([
    [['--tcv', 'ten'], /--tcv: expected a non-negative amount/],
    [['--tcv', '0'], /--tcv: the total contract value must be above zero/],
    [['--tcv', '5', '--close-date', '2026-02-30'], /--close-date: expected a date/],
    [['--tcv', '5', '--cloud', 'oracle'], /--cloud: expected aws, azure or gcp/],
    [['--tcv', '5', '--deal-type', 'upsell'], /--deal-type:/],
    [['--tcv', '5', '--comp', 'bonus'], /--comp: expected gross or net/],
    [['--tcv', '5', '--commission', '120'], /--commission: expected a percentage from 0 to 100/],
    [['--tcv', '5', '--currency', 'EUR'], /--usd-rate: required for EUR/],
    [['--tcv', '5', '--bogus'], /Unknown option '--bogus'/],
    [[], /--tcv: is required/],
  ])('rejects %j naming the flag', (argv, message) => {
    const { code, err, out } = runRoute(argv);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(message);
  });

  it('reports errors as JSON under --json', () => {
    const { code, out } = runRoute(['--tcv', 'x', '--json']);
    expect(code).toBe(2);
    expect(JSON.parse(out[0]!)).toEqual({ error: expect.stringMatching(/^--tcv:/) as unknown });
  });

  it('needs --close-date when the caller gives no today', () => {
    const out: string[] = [];
    expect(runRouteCommand(['--tcv', '5'], policy, (line) => out.push(line))).toBe(2);
    expect(out.join('')).toMatch(/--close-date: is required/);
  });

  it('prints a human summary with the recommendation, options and reasons', () => {
    const { code, out } = runRoute(['--tcv', '10000000', '--commit-annual', '40000000']);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/Recommended route: AWS Marketplace \(going direct needs a manager-approved exception\)/);
    expect(text).toMatch(/Microsoft\s+yes\s+3% \$300,000\.00/);
    expect(text).toMatch(/Why:/);
    expect(findInternalNames(out)).toEqual([]);
  });
});

const goodLine = JSON.stringify({
  deal: {
    id: '101',
    properties: { amount: '1000000', closedate: '2026-03-31T00:00:00.000Z', cosell_delivery_model: 'saas', dealname: 'Acme', hubspot_owner_id: '7' },
  },
  company: {
    id: '9',
    properties: { country: 'United States', cosell_aws_commit_program: 'edp', cosell_aws_commit_annual: '8000000', cosell_azure_commit_program: null },
  },
});

describe('cosell evaluate', () => {
  it('writes one result per record with the deal id and the route shape', () => {
    const result = evaluateRecordLine(goodLine, policy);
    expect(result).toMatchObject({ dealId: '101', recommended: 'marketplace:aws', policyVersion: '2026-11.1' });
    expect(Object.keys(result!)).toEqual(['dealId', 'recommended', 'requiresException', 'options', 'aeCommissionDelta', 'rationale', 'policyVersion']);
  });

  it('reports malformed lines and keeps going', async () => {
    const lines = [
      goodLine,
      '{not json',
      '',
      JSON.stringify({ deal: { id: '102', properties: { amount: 'lots', closedate: '1774915200000', cosell_delivery_model: 'saas' } }, company: null }),
      JSON.stringify({ deal: { id: '103', properties: { amount: 5 } } }),
      JSON.stringify({ company: { id: '1', properties: {} } }),
      goodLine,
    ];
    const out: string[] = [];
    const summary = await runEvaluate(lines, policy, (line) => out.push(line));
    expect(summary).toEqual({ evaluated: 2, failed: 4 });
    const parsed = out.map((line) => JSON.parse(line) as EvaluatedLine);
    expect(parsed).toHaveLength(6);
    expect(parsed[1]).toEqual({ error: expect.stringMatching(/^invalid JSON/) as unknown });
    expect(parsed[2]).toEqual({ dealId: '102', error: expect.stringMatching(/Amount on the deal: expected a non-negative amount/) as unknown });
    expect(parsed[3]).toEqual({ dealId: '103', error: expect.stringMatching(/deal\.properties\.amount/) as unknown });
    expect(parsed[4]).toEqual({ error: expect.stringMatching(/^deal:/) as unknown });
    expect(parsed[5]!.dealId).toBe('101');
  });

  it('streams from an async source', async () => {
    async function* source() {
      for (let i = 0; i < 1000; i++) yield goodLine;
    }
    let count = 0;
    const summary = await runEvaluate(source(), policy, () => (count += 1));
    expect(summary.evaluated).toBe(1000);
    expect(count).toBe(1000);
  });
});
