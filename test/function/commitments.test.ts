import { describe, expect, it } from 'vitest';
import { CARD_SNAPSHOT_PROPERTY, CARD_SNAPSHOT_STALE_PROPERTY } from '../../src/hubspot/records/card-snapshot.ts';
import { integration, personInUi } from '../../src/sandbox/crm/sources.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { demoUsers } from '../../src/sandbox/seed/index.ts';
import { loadDealCard, withTestSandbox } from './support.ts';
import { AE, MARCUS, action, companyCard, newCompany } from './ringfence-support.ts';

let sandbox: Sandbox;
withTestSandbox((booted) => (sandbox = booted));

let keys = 0;
function saveParams(companyId: string, overrides: Record<string, unknown> = {}) {
  keys += 1;
  return {
    companyId,
    cloud: 'aws',
    program: 'edp',
    annualCommitmentUsd: '5000000',
    capacityLeftUsd: '3200000.50',
    marketplaceSpendThisYearUsd: '600000',
    renewalDate: '2027-03-31',
    source: 'EDP order form, March 2026',
    expectedVersion: 0,
    idempotencyKey: `commitment-${keys}-${Date.now().toString(36)}`,
    ...overrides,
  };
}

const properties = (companyId: string) => ({ ...sandbox.store.getObject('companies', companyId)!.properties });
const commitmentNotes = (companyId: string) =>
  sandbox.store
    .getAssociations('companies', companyId, 'notes')
    .map((association) => sandbox.store.getObject('notes', association.toId)!.properties.hs_note_body ?? '')
    .filter((body) => body.includes('Ref: cosell-commitment/'));

describe('an alliance manager records a cloud commitment through the backend', () => {
  it('writes the sealed state and the company properties routing reads, notes it once, and the card shows it with source and last update', async () => {
    const companyId = newCompany(sandbox, 'Commitment One');
    const parameters = saveParams(companyId);
    const saved = await action<{ version: number; replayed: boolean; message: string }>(sandbox, MARCUS, 'commitment_set', parameters);
    expect(saved).toMatchObject({
      ok: true,
      result: { version: 1, replayed: false, message: 'AWS commitment saved: $3,200,000.50 of capacity left, renewing on 2027-03-31.' },
    });
    expect(properties(companyId)).toMatchObject({
      cosell_aws_commit_program: 'edp',
      cosell_aws_commit_annual: '5000000',
      cosell_aws_commit_remaining: '3200000.5',
      cosell_aws_commit_end_date: '2027-03-31',
      cosell_aws_marketplace_spend_ytd: '600000',
      cosell_aws_commit_source: 'EDP order form, March 2026',
    });
    expect(properties(companyId).cosell_app_seal).toMatch(/^v1\./);

    const replay = await action<{ replayed: boolean }>(sandbox, MARCUS, 'commitment_set', parameters);
    expect(replay).toMatchObject({ ok: true, result: { replayed: true } });
    await sandbox.webhooksIdle();
    expect(commitmentNotes(companyId)).toHaveLength(1);
    expect(commitmentNotes(companyId)[0]).toMatch(/AWS commitment recorded.*By Marcus Webb.*Annual commitment \$5,000,000\.00; capacity left \$3,200,000\.50/s);

    const card = await companyCard(sandbox, companyId);
    expect(card.commitments.version).toBe(1);
    expect(card.commitments.clouds[0]).toMatchObject({
      cloud: 'aws',
      recorded: true,
      programLabel: 'Enterprise Discount Program (EDP)',
      annualCommitmentUsd: '5000000.00',
      capacityLeftUsd: '3200000.50',
      marketplaceSpendThisYearUsd: '600000.00',
      renewalDate: '2027-03-31',
      source: 'EDP order form, March 2026',
      updatedBy: 'Marcus Webb',
    });
    expect(card.commitments.clouds[1]).toMatchObject({ cloud: 'azure', recorded: false, source: expect.stringMatching(/not yet confirmed/) as unknown });
    expect(card.integrity.status).toBe('sealed');
  });

  it('refuses a sales rep, bad figures and malformed input with a clear error, writing nothing', async () => {
    const companyId = newCompany(sandbox, 'Commitment Two');
    const before = properties(companyId);
    const cases: Array<[string, Record<string, unknown>, string, string | undefined, RegExp]> = [
      [AE, {}, 'FORBIDDEN', undefined, /Only alliance managers can record cloud commitments/],
      [MARCUS, { capacityLeftUsd: '6000000' }, 'INVALID_PARAMETERS', 'capacityLeftUsd', /Capacity left cannot be more than the annual commitment/],
      [MARCUS, { marketplaceSpendThisYearUsd: '2000000' }, 'INVALID_PARAMETERS', 'marketplaceSpendThisYearUsd', /plus the capacity left/],
      [MARCUS, { annualCommitmentUsd: '5,000,000' }, 'INVALID_PARAMETERS', 'annualCommitmentUsd', /amount in US dollars/],
      [MARCUS, { renewalDate: '31/03/2027' }, 'INVALID_PARAMETERS', 'renewalDate', /YYYY-MM-DD/],
      [MARCUS, { program: 'macc' }, 'INVALID_PARAMETERS', 'program', /does not exist on this cloud/],
      [MARCUS, { source: '' }, 'INVALID_PARAMETERS', 'source', /where the figures come from/],
      [MARCUS, { userId: demoUsers[0]!.userId }, 'INVALID_PARAMETERS', undefined, /Unrecognized key/i],
      [MARCUS, { expectedVersion: 3 }, 'CONFLICT', undefined, /changed since you loaded them/],
    ];
    for (const [as, overrides, code, field, message] of cases) {
      const answer = await action(sandbox, as, 'commitment_set', saveParams(companyId, overrides));
      expect(answer, JSON.stringify(overrides)).toMatchObject({
        ok: false,
        error: { code, ...(field ? { field: expect.stringMatching(new RegExp(`(^|\\.)${field}$`)) as unknown } : {}) },
      });
      expect(!answer.ok && answer.error.message).toMatch(message);
    }
    const unknown = await action(sandbox, MARCUS, 'commitment_set', saveParams('999999999'));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await sandbox.webhooksIdle();
    expect(properties(companyId)).toEqual(before);
    expect(commitmentNotes(companyId)).toEqual([]);
  });

  it("marks its deals' card snapshots stale before answering, so the deal cards show it without waiting for HubSpot's webhook", async () => {
    const companyId = newCompany(sandbox, 'Commitment Four');
    const deal = sandbox.store.createObject('deals', {
      properties: { dealname: 'Commitment Four - platform', amount: '90000', pipeline: 'default', dealstage: 'qualifiedtobuy' },
    });
    sandbox.store.associate('deals', deal.id, 'companies', companyId, [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }]);
    await sandbox.webhooksIdle();
    await loadDealCard(sandbox, deal.id);
    const snapshotReadAt = Number(sandbox.store.getObject('deals', deal.id)!.properties[CARD_SNAPSHOT_PROPERTY]!.split('.')[2]);
    let markedBeforeAnswer: string | null | undefined;
    const stop = sandbox.store.onChange((event) => {
      if (event.kind === 'propertyChange' && event.objectId === deal.id && event.propertyName === CARD_SNAPSHOT_STALE_PROPERTY)
        markedBeforeAnswer ??= event.propertyValue;
    });
    await action(sandbox, MARCUS, 'commitment_set', saveParams(companyId));
    stop();
    expect(Number(markedBeforeAnswer)).toBeGreaterThanOrEqual(snapshotReadAt);
  });

  it('an edit by someone else in HubSpot, to a recorded figure or to the state itself, is detected and put back', async () => {
    const companyId = newCompany(sandbox, 'Commitment Three');
    await action(sandbox, MARCUS, 'commitment_set', saveParams(companyId));
    await sandbox.webhooksIdle();
    const rep = demoUsers.find((user) => user.email === AE)!;

    sandbox.store.asSource(personInUi(rep.userId), () => sandbox.store.updateObject('companies', companyId, { cosell_aws_commit_remaining: '5000000' }));
    await sandbox.webhooksIdle();
    expect(properties(companyId)).toMatchObject({ cosell_aws_commit_remaining: '3200000.5', cosell_tamper_count: '1' });

    const state = JSON.parse(properties(companyId).cosell_commitments_state!) as { clouds: { aws: { capacityLeftUsd: string } } };
    state.clouds.aws.capacityLeftUsd = '4999999.00';
    sandbox.store.asSource(personInUi(rep.userId), () =>
      sandbox.store.updateObject('companies', companyId, { cosell_commitments_state: JSON.stringify(state), cosell_aws_commit_remaining: '4999999' }),
    );
    await sandbox.webhooksIdle();
    expect(properties(companyId)).toMatchObject({ cosell_aws_commit_remaining: '3200000.5', cosell_tamper_count: '2' });
    expect(JSON.parse(properties(companyId).cosell_commitments_state!)).toMatchObject({ clouds: { aws: { capacityLeftUsd: '3200000.50' } } });
    const tamperNotes = sandbox.store
      .getAssociations('companies', companyId, 'notes')
      .map((association) => sandbox.store.getObject('notes', association.toId)!.properties.hs_note_body ?? '')
      .filter((body) => body.includes('Ref: cosell-tamper/'));
    expect(tamperNotes.join('\n')).toMatch(/Jordan Patel \(HubSpot user \d+\) in HubSpot/);
  });

  it("another integration copying a company's sealed commitments and seal onto another company is caught: the seal names the record", async () => {
    const source = newCompany(sandbox, 'Commitment Source');
    const target = newCompany(sandbox, 'Commitment Target');
    await action(sandbox, MARCUS, 'commitment_set', saveParams(source));
    await action(
      sandbox,
      MARCUS,
      'commitment_set',
      saveParams(target, { annualCommitmentUsd: '1000000', capacityLeftUsd: '1000000', marketplaceSpendThisYearUsd: '0' }),
    );
    await sandbox.webhooksIdle();
    const copied = properties(source);
    const names = ['cosell_commitments_state', 'cosell_app_seal', 'cosell_aws_commit_annual', 'cosell_aws_commit_remaining'];
    sandbox.store.asSource(integration(999, 'Another app'), () =>
      sandbox.store.updateObject('companies', target, Object.fromEntries(names.map((name) => [name, copied[name]!]))),
    );
    await sandbox.webhooksIdle();
    expect(properties(target)).toMatchObject({ cosell_aws_commit_annual: '1000000', cosell_aws_commit_remaining: '1000000', cosell_tamper_count: '1' });
    expect((await companyCard(sandbox, target)).commitments.clouds[0]).toMatchObject({ capacityLeftUsd: '1000000.00', recorded: true });
  });

  it('company properties an alliance manager never recorded stay as RevOps set them, shown as unconfirmed', async () => {
    const companyId = newCompany(sandbox, 'Commitment Four');
    sandbox.store.updateObject('companies', companyId, { cosell_azure_commit_program: 'macc', cosell_azure_commit_annual: '2000000' });
    await sandbox.webhooksIdle();
    expect(properties(companyId)).toMatchObject({ cosell_azure_commit_annual: '2000000' });
    const card = await companyCard(sandbox, companyId);
    expect(card.commitments.clouds.find((item) => item.cloud === 'azure')).toMatchObject({
      recorded: false,
      annualCommitmentUsd: '2000000',
      programLabel: 'Microsoft Azure Consumption Commitment (MACC)',
    });
  });
});
