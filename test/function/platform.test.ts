import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FunctionResponse } from '../../src/functions/contract.ts';
import type { CompanyAllianceResult, DealCosellResult } from '../../src/functions/contracts.ts';
import { createFunctionRunner, FunctionRunnerError } from '../../src/sandbox/function-runner.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { SANDBOX_ACCESS_TOKEN } from '../../src/sandbox/constants.ts';
import { act, bootTestSandbox } from './support.ts';

const AE = 'jordan.patel@stratusdata.example';
const projectDir = path.resolve(import.meta.dirname, '../..');
let sandbox: Sandbox;
let dealId: string;

beforeAll(async () => {
  sandbox = await bootTestSandbox();
  dealId = sandbox.store.listObjects('deals')[0]!.id;
});
afterAll(async () => {
  await sandbox.close();
  sandbox.store.close();
});
beforeEach(() => sandbox.crm.clearInjectedFailures());

describe('function bundles, run the way HubSpot runs them', () => {
  it('export main as a plain CommonJS property, with only @hubspot/api-client left external', () => {
    const require = createRequire(import.meta.url);
    for (const file of ['deal-cosell.js', 'company-alliance.js']) {
      const bundle = require(path.join(projectDir, 'app/functions', file)) as object;
      const main = Object.getOwnPropertyDescriptor(bundle, 'main');
      expect(typeof main?.value).toBe('function');
    }
  });

  it('deal_cosell shows the deal and its company from the record', async () => {
    const deal = sandbox.store.getObject('deals', dealId)!;
    const companyId = sandbox.store.getAssociations('deals', dealId, 'companies')[0]!.toId;
    const { status, body } = await act<{ response: FunctionResponse<DealCosellResult> }>(sandbox, {
      as: AE,
      function: 'deal_cosell',
      objectId: dealId,
      objectTypeId: '0-3',
    });
    expect(status).toBe(200);
    if (!body.response.ok) throw new Error(body.response.error.message);
    expect(body.response.result.deal).toMatchObject({ id: dealId, name: deal.properties.dealname, amount: deal.properties.amount });
    expect(body.response.result.company?.id).toBe(companyId);
  });

  it('company_alliance lists the deals associated with the company', async () => {
    const companyId = sandbox.store.listObjects('companies')[0]!.id;
    const expected = sandbox.store
      .getAssociations('companies', companyId, 'deals')
      .map((association) => association.toId)
      .sort();
    const { body } = await act<{ response: FunctionResponse<CompanyAllianceResult> }>(sandbox, {
      as: AE,
      function: 'company_alliance',
      objectId: companyId,
      objectTypeId: '0-2',
    });
    if (!body.response.ok) throw new Error(body.response.error.message);
    expect(body.response.result.deals.map((deal) => deal.id).sort()).toEqual(expected);
  });

  it('refuses an unknown record, an unknown function and malformed requests with clear errors', async () => {
    const unknownDeal = await act<{ message: string }>(sandbox, { as: AE, function: 'deal_cosell', objectId: '999999', objectTypeId: '0-3' });
    expect(unknownDeal).toEqual({ status: 404, body: { message: 'No deals record 999999.' } });
    const unknownFunction = await act<{ message: string }>(sandbox, { as: AE, function: 'no_such_fn', objectId: dealId, objectTypeId: '0-3' });
    expect(unknownFunction.status).toBe(404);
    const unknownUser = await act<{ message: string }>(sandbox, { as: 'someone@else.example', function: 'deal_cosell', objectId: dealId, objectTypeId: '0-3' });
    expect(unknownUser.body.message).toBe('No demo user with email someone@else.example.');
  });

  it('rejects parameters the contract does not declare, and oversized ones, naming the field', async () => {
    const extra = await act<{ response: FunctionResponse<unknown> }>(sandbox, {
      as: AE,
      function: 'deal_cosell',
      objectId: dealId,
      objectTypeId: '0-3',
      parameters: { userId: '7100001' },
    });
    expect(extra.body.response).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS', field: 'parameters' } });
    const huge = await act<{ response: FunctionResponse<unknown> }>(sandbox, {
      as: AE,
      function: 'deal_cosell',
      objectId: dealId,
      objectTypeId: '0-3',
      parameters: { note: 'x'.repeat(20_000) },
    });
    expect(huge.body.response).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS', field: 'parameters' } });
  });

  it('binds to the record HubSpot fetched: no hs_object_id in propertiesToSend is an error', async () => {
    const response = await act<{ response: FunctionResponse<unknown> }>(sandbox, {
      as: AE,
      function: 'deal_cosell',
      objectId: dealId,
      objectTypeId: '0-3',
      propertiesToSend: ['dealname'],
    });
    expect(response.body.response).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS', field: 'propertiesToSend.hs_object_id' } });
  });

  it('retries a HubSpot 429 and reports persistent 5xx as HUBSPOT_UNAVAILABLE', async () => {
    sandbox.crm.injectFailures([{ method: 'GET', pathPrefix: `/crm/v3/objects/deals/${dealId}`, status: 429, times: 1 }]);
    const retried = await act<{ response: FunctionResponse<DealCosellResult> }>(sandbox, {
      as: AE,
      function: 'deal_cosell',
      objectId: dealId,
      objectTypeId: '0-3',
    });
    expect(retried.body.response.ok).toBe(true);

    sandbox.crm.injectFailures([{ method: 'GET', pathPrefix: `/crm/v3/objects/deals/${dealId}`, status: 503, times: 10 }]);
    const failed = await act<{ response: FunctionResponse<unknown> }>(sandbox, { as: AE, function: 'deal_cosell', objectId: dealId, objectTypeId: '0-3' });
    expect(failed.body.response).toMatchObject({ ok: false, error: { code: 'HUBSPOT_UNAVAILABLE' } });
    if (!failed.body.response.ok) expect(failed.body.response.error.message).toContain('answered 503 after 4 attempt(s)');
  });

  it('stops a function at its timeout, as HubSpot stops it at 15 s', async () => {
    const runner = createFunctionRunner({ projectDir, apiBasePath: sandbox.url, accessToken: SANDBOX_ACCESS_TOKEN, timeoutMs: 300 });
    sandbox.crm.injectFailures([{ method: 'GET', pathPrefix: `/crm/v3/objects/deals/${dealId}`, status: 429, times: 3 }]);
    const call = runner({ uid: 'deal_cosell', parameters: {}, propertiesToSend: { hs_object_id: dealId } });
    await expect(call).rejects.toThrowError(FunctionRunnerError);
    await expect(call).rejects.toThrowError('Function deal_cosell timed out after 0.3 s.');
  });

  it('answers MISCONFIGURED without the app token', async () => {
    const require = createRequire(import.meta.url);
    const { main } = require(path.join(projectDir, 'app/functions/deal-cosell.js')) as { main: (context: unknown) => Promise<FunctionResponse<unknown>> };
    const saved = process.env.PRIVATE_APP_ACCESS_TOKEN;
    delete process.env.PRIVATE_APP_ACCESS_TOKEN;
    try {
      const response = await main({ parameters: {}, propertiesToSend: { hs_object_id: dealId } });
      expect(response).toEqual({ ok: false, error: { code: 'MISCONFIGURED', message: 'PRIVATE_APP_ACCESS_TOKEN is not set.' } });
    } finally {
      if (saved !== undefined) process.env.PRIVATE_APP_ACCESS_TOKEN = saved;
    }
  });
});
