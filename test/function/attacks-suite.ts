import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { BootOptions } from '../../src/sandbox/boot.ts';
import { BACKEND_BASE_URL } from '../../app/cards/backendUrl.ts';
import { HubSpotGateway } from '../../src/hubspot/gateway.ts';
import { normalizeAuthoritative, sealedProperties } from '../../src/hubspot/integrity/seal.ts';
import { CARD_SNAPSHOT_PROPERTY, CARD_SNAPSHOT_STALE_PROPERTY } from '../../src/hubspot/records/card-snapshot.ts';
import { signHubSpotRequestV3, withHubSpotIdentityQuery } from '../../src/identity/index.ts';
import { SANDBOX_APP_ID, SANDBOX_CLIENT_SECRET, SANDBOX_OTHER_INTEGRATION_TOKEN } from '../../src/sandbox/constants.ts';
import { importBy, personInUi, workflow } from '../../src/sandbox/crm/sources.ts';
import type { ChangeSource } from '../../src/sandbox/crm/store.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { DANIEL, HANNAH, JORDAN, MAYA, action, dealCard, freshKey, gatedDeal, ok, requestException, snapshot, userOf } from './gate-support.ts';
import { MARCUS, companyCard, createFromCompanyPage, evidence, newCompany, registerParams } from './ringfence-support.ts';
import { withTestSandbox } from './support.ts';

/** Every attack from the security review, against a backend on the given store (SQLite or PostgreSQL). */
export function describeAttacks(store: string, options: Omit<BootOptions, 'dbFile'> = {}): void {
  describe(`attacks, with the backend on ${store}`, () => {
    let sandbox: Sandbox;
    withTestSandbox((booted) => (sandbox = booted), options);

    const SOFIA = 'sofia.alvarez@stratusdata.example';
    const AIKO = 'aiko.tanaka@stratusdata.example';

    /** A write to HubSpot by someone other than the app; waits until HubSpot's webhooks have been handled. */
    async function writeAs(source: ChangeSource, type: 'deals' | 'companies', id: string, properties: Record<string, string>) {
      sandbox.store.asSource(source, () => sandbox.store.updateObject(type, id, properties));
      await sandbox.webhooksIdle();
    }

    const props = (type: 'deals' | 'companies', id: string) => ({ ...sandbox.store.getObject(type, id)!.properties });
    const tamperNotes = (type: 'deals' | 'companies', id: string) =>
      sandbox.store
        .getAssociations(type, id, 'notes')
        .map((a) => sandbox.store.getObject('notes', a.toId)!.properties.hs_note_body ?? '')
        .filter((body) => body.includes('Ref: cosell-tamper/'));
    const tamperTasks = (type: 'deals' | 'companies', id: string) =>
      sandbox.store
        .getAssociations(type, id, 'tasks')
        .map((a) => sandbox.store.getObject('tasks', a.toId)!.properties)
        .filter((task) => task.hs_task_body?.includes('Ref: cosell-tamper/'));

    async function approvedDeal(owner = JORDAN): Promise<string> {
      const dealId = gatedDeal(sandbox, owner);
      await requestException(sandbox, owner, dealId);
      await ok(sandbox, MAYA, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1, comment: 'Customer policy confirmed.' });
      await sandbox.webhooksIdle();
      return dealId;
    }

    const GATE_STATE = [
      'cosell_exception_state',
      'cosell_app_seal',
      'cosell_exception_status',
      'cosell_exception_approver',
      'cosell_exception_audited_version',
    ] as const;

    describe('forged, copied and rolled-back gate state is never honoured', () => {
      it('copying an approved exception onto another deal, with route direct and closed-won in the same update: refused, restored, flagged', async () => {
        const source = await approvedDeal();
        const target = gatedDeal(sandbox, JORDAN);
        const copied = Object.fromEntries(GATE_STATE.map((name) => [name, props('deals', source)[name] ?? '']));
        await writeAs(personInUi(userOf(SOFIA).userId), 'deals', target, { ...copied, cosell_route_chosen: 'direct', dealstage: 'closedwon' });

        const after = props('deals', target);
        // The copy is gone: the app's own (empty) state is back, the edit is counted, and the deal is a violation.
        expect(after.cosell_exception_status ?? '').toBe('');
        expect(after.cosell_route_chosen ?? null).toBeNull();
        expect(after).toMatchObject({ cosell_tamper_count: '1', cosell_gate_violation: 'true', cosell_gate_violation_count: '1' });
        expect(tamperNotes('deals', target)).toEqual([expect.stringContaining('Sofia Alvarez')]);
        expect(tamperTasks('deals', target)).toEqual([expect.objectContaining({ hubspot_owner_id: userOf(MAYA).ownerId, hs_task_priority: 'HIGH' })]);
        // No audit note claims an approval by Maya on this deal.
        expect(snapshot(sandbox, target).notes.some((body) => body.includes('Direct-route exception approved'))).toBe(false);

        const card = await dealCard(sandbox, JORDAN, target);
        expect(card.gate).toMatchObject({ status: 'none', approvals: [], direct: { allowed: false } });
        expect(card.gate.integrity).toMatchObject({ status: 'sealed', restoredCount: 1 });
        const route = await action(sandbox, JORDAN, 'gate_set_route', { dealId: target, route: 'direct', idempotencyKey: freshKey() });
        expect(route).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      });

      it("the card shows only the app's values while an edit waits for the backend", async () => {
        const dealId = gatedDeal(sandbox, JORDAN);
        const forged = {
          cosell_exception_state: JSON.stringify({
            schemaVersion: 1,
            version: 1,
            status: 'approved',
            request: null,
            approvals: [],
            decidedAt: null,
            expiresAt: null,
            history: [],
          }),
          cosell_exception_status: 'approved',
        };
        // Written without sending webhooks, as if the backend had not heard of it yet.
        sandbox.store.asSource({ ...personInUi(userOf(SOFIA).userId), silent: true }, () => sandbox.store.updateObject('deals', dealId, forged));
        const card = await dealCard(sandbox, JORDAN, dealId);
        expect(card.gate.status).toBe('none');
        expect(card.gate.integrity).toMatchObject({ status: 'tampered', changed: ['Exception state (app data)'], changedBy: ['Sofia Alvarez in HubSpot'] });
      });

      it('a hand-written state with a made-up seal, and a seal copied from another deal, are both refused', async () => {
        const other = await approvedDeal();
        for (const seal of ['v1.1796000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', props('deals', other).cosell_app_seal!]) {
          const dealId = gatedDeal(sandbox, JORDAN);
          await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, {
            cosell_exception_state: props('deals', other).cosell_exception_state!,
            cosell_app_seal: seal,
          });
          expect(props('deals', dealId)).toMatchObject({ cosell_tamper_count: '1' });
          expect(props('deals', dealId).cosell_exception_status ?? '').toBe('');
        }
      });

      it('writing back an older, genuinely sealed state (a rollback) is caught and undone', async () => {
        const dealId = await approvedDeal();
        const approved = Object.fromEntries(GATE_STATE.map((name) => [name, props('deals', dealId)[name] ?? '']));
        // The approval lapses: the amount moves beyond the tolerance.
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { amount: '2000000' });
        expect(props('deals', dealId).cosell_exception_status).toBe('invalidated');
        // Someone writes the approved state and its genuine seal back.
        await writeAs(importBy(userOf(JORDAN).userId, 4242), 'deals', dealId, approved);
        expect(props('deals', dealId)).toMatchObject({ cosell_exception_status: 'invalidated', cosell_tamper_count: '1' });
        expect(tamperNotes('deals', dealId)).toEqual([expect.stringContaining('an import (4242) run by Jordan Patel')]);
      });

      it.each([
        ['an import', importBy(7100002, 5150)],
        ['a workflow', workflow(880)],
      ])('an edit by %s is put back and named', async (_label, source) => {
        const dealId = await approvedDeal();
        const before = props('deals', dealId).cosell_exception_state;
        await writeAs(source, 'deals', dealId, { cosell_exception_state: '' });
        expect(props('deals', dealId)).toMatchObject({ cosell_exception_state: before, cosell_tamper_count: '1' });
        expect(tamperNotes('deals', dealId)[0]).toContain(source.sourceType);
      });

      it('an edit by another integration, through the real api-client with its own token, is put back and named', async () => {
        const dealId = await approvedDeal();
        const before = props('deals', dealId).cosell_exception_state;
        const other = new HubSpotGateway({ accessToken: SANDBOX_OTHER_INTEGRATION_TOKEN, basePath: sandbox.url });
        await other.updateRecord('deals', dealId, {
          cosell_exception_status: 'approved',
          cosell_exception_state: before!.replace('"approved"', '"approved" '),
        });
        await sandbox.webhooksIdle();
        expect(props('deals', dealId)).toMatchObject({ cosell_exception_state: before, cosell_tamper_count: '1' });
        expect(tamperNotes('deals', dealId)[0]).toMatch(/another integration \(Data sync 2718281\)/);
      });

      it('editing only a flat copy (the exception status people filter on) is put back and counted too', async () => {
        const dealId = gatedDeal(sandbox, JORDAN);
        await writeAs(personInUi(userOf(SOFIA).userId), 'deals', dealId, {
          cosell_exception_status: 'approved',
          cosell_exception_approver: userOf(MAYA).userId,
        });
        expect(props('deals', dealId)).toMatchObject({ cosell_tamper_count: '1' });
        expect(props('deals', dealId).cosell_exception_status ?? '').toBe('');
        expect(props('deals', dealId).cosell_exception_approver ?? '').toBe('');
        expect(tamperNotes('deals', dealId)[0]).toContain('Direct-route exception status');
        const companyId = newCompany(sandbox, 'Flatline Inc');
        await writeAs(personInUi(userOf(JORDAN).userId), 'companies', companyId, {
          cosell_ringfence_status: 'active',
          cosell_ringfence_owner_user_id: userOf(JORDAN).userId,
        });
        expect(props('companies', companyId)).toMatchObject({ cosell_tamper_count: '1' });
        expect(props('companies', companyId).cosell_ringfence_status ?? '').toBe('');
      });

      it('the count of outside edits cannot be reset by editing it', async () => {
        const dealId = gatedDeal(sandbox, JORDAN);
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { cosell_gate_violation_count: '7' });
        expect(props('deals', dealId)).toMatchObject({ cosell_tamper_count: '1' });
        expect(props('deals', dealId).cosell_gate_violation_count ?? null).toBeNull();
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { cosell_tamper_count: '0' });
        expect(props('deals', dealId)).toMatchObject({ cosell_tamper_count: '2' });
      });

      it('a seal made with the right key for the wrong record does not verify (the key is bound to the record id)', () => {
        const values = normalizeAuthoritative('deals', { cosell_route_chosen: 'direct' });
        const forOne = sealedProperties('key', 'deals', '40000000001', values, 1_700_000_000_000);
        const forOther = sealedProperties('key', 'deals', '40000000002', values, 1_700_000_000_000);
        expect(forOne.cosell_app_seal).not.toBe(forOther.cosell_app_seal);
      });
    });

    describe('changing the inputs does not route around the gate', () => {
      it('delivery model toggled to services, route set direct, closed-won, toggled back: flagged', async () => {
        const dealId = gatedDeal(sandbox, JORDAN);
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { cosell_delivery_model: 'services' });
        expect(await ok(sandbox, JORDAN, 'gate_set_route', { dealId, route: 'direct', idempotencyKey: freshKey() })).toMatchObject({ changed: true });
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { dealstage: 'closedwon' });
        expect(props('deals', dealId).cosell_gate_violation ?? 'false').toBe('false');
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { cosell_delivery_model: 'saas' });
        expect(props('deals', dealId)).toMatchObject({ cosell_gate_violation: 'true', cosell_gate_violation_count: '1', dealstage: 'closedwon' });
      });

      it('a violation of the moment of entry stays when an input is changed afterwards', async () => {
        const dealId = gatedDeal(sandbox, JORDAN);
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { dealstage: 'closedwon' });
        expect(props('deals', dealId)).toMatchObject({ cosell_gate_violation: 'true' });
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { cosell_delivery_model: 'services' });
        expect(props('deals', dealId)).toMatchObject({ cosell_gate_violation: 'true', cosell_gate_violation_count: '1' });
      });

      it('a company input (the customer commitment) changed after the deal closed re-judges the deal', async () => {
        const dealId = gatedDeal(sandbox, JORDAN);
        const companyId = sandbox.store.getAssociations('deals', dealId, 'companies')[0]!.toId;
        const cloud = props('deals', dealId).cosell_cloud ?? 'aws';
        // Only the deal's own cloud is considered, whatever other commitments the demo company has.
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { cosell_route_target_clouds: cloud });
        // No commitment: direct is recommended, closing direct is fine.
        const commitment = {
          [`cosell_${cloud}_commit_program`]: props('companies', companyId)[`cosell_${cloud}_commit_program`] ?? '',
          [`cosell_${cloud}_commit_annual`]: '40000000',
          [`cosell_${cloud}_commit_remaining`]: '30000000',
        };
        await writeAs(personInUi(userOf(JORDAN).userId), 'companies', companyId, Object.fromEntries(Object.keys(commitment).map((name) => [name, ''])));
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { dealstage: 'closedwon' });
        expect(props('deals', dealId).cosell_gate_violation ?? 'false').toBe('false');
        await writeAs(personInUi(userOf(JORDAN).userId), 'companies', companyId, commitment);
        expect(props('deals', dealId)).toMatchObject({ cosell_gate_violation: 'true' });
      });

      const asJordan = <T>(write: () => T): T => sandbox.store.asSource(personInUi(userOf(JORDAN).userId), write);
      /**
       * An AWS deal whose offer facts come from the products the test gives it: the AE's delivery model
       * is cleared (the portal default, SaaS, recommends AWS Marketplace against the customer's AWS
       * commitment; services cannot draw it down) and any demo line items are taken off.
       */
      async function productDrivenDeal(): Promise<string> {
        const dealId = gatedDeal(sandbox, JORDAN);
        for (const lineItem of sandbox.store.getAssociations('deals', dealId, 'line_items')) {
          asJordan(() => sandbox.store.dissociate('deals', dealId, 'line_items', lineItem.toId));
        }
        const companyId = sandbox.store.getAssociations('deals', dealId, 'companies')[0]!.toId;
        await writeAs(personInUi(userOf(JORDAN).userId), 'companies', companyId, {
          cosell_aws_commit_program: 'edp',
          cosell_aws_commit_annual: '40000000',
          cosell_aws_commit_remaining: '30000000',
        });
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, {
          cosell_delivery_model: '',
          cosell_cloud: 'aws',
          cosell_route_target_clouds: 'aws',
        });
        return dealId;
      }
      async function newProduct(deliveryModel: string): Promise<string> {
        const product = asJordan(() =>
          sandbox.store.createObject('products', { properties: { name: `Offer ${freshKey()}`, cosell_delivery_model: deliveryModel } }),
        );
        await sandbox.webhooksIdle();
        return product.id;
      }
      /** By default a line item larger than the deal's other line items, so its product decides the offer facts. */
      async function addLineItem(dealId: string, productId: string, price = '900000'): Promise<string> {
        const lineItem = asJordan(() =>
          sandbox.store.createObject('line_items', {
            properties: { hs_product_id: productId, price, quantity: '1' },
            associations: [{ to: { id: dealId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 20 }] }],
          }),
        );
        await sandbox.webhooksIdle();
        return lineItem.id;
      }

      it('a services line item added, route set direct, closed-won, the line item taken off the deal: flagged', async () => {
        const dealId = await productDrivenDeal();
        const lineItemId = await addLineItem(dealId, await newProduct('services'));
        expect(await ok(sandbox, JORDAN, 'gate_set_route', { dealId, route: 'direct', idempotencyKey: freshKey() })).toMatchObject({ changed: true });
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { dealstage: 'closedwon' });
        expect(props('deals', dealId).cosell_gate_violation ?? 'false').toBe('false');
        asJordan(() => sandbox.store.dissociate('line_items', lineItemId, 'deals', dealId));
        await sandbox.webhooksIdle();
        expect(props('deals', dealId)).toMatchObject({ cosell_gate_violation: 'true', cosell_gate_violation_count: '1', dealstage: 'closedwon' });
      });

      it('a line item switched to a SaaS product after closing re-judges the deal', async () => {
        const dealId = await productDrivenDeal();
        const lineItemId = await addLineItem(dealId, await newProduct('services'));
        await ok(sandbox, JORDAN, 'gate_set_route', { dealId, route: 'direct', idempotencyKey: freshKey() });
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { dealstage: 'closedwon' });
        const saas = await newProduct('saas');
        asJordan(() => sandbox.store.updateObject('line_items', lineItemId, { hs_product_id: saas }));
        await sandbox.webhooksIdle();
        expect(props('deals', dealId)).toMatchObject({ cosell_gate_violation: 'true', cosell_gate_violation_count: '1' });
      });

      it("a product's delivery model set to services for the close and back to SaaS afterwards re-judges the deals that sell it", async () => {
        const dealId = await productDrivenDeal();
        const productId = await newProduct('saas');
        await addLineItem(dealId, productId);
        asJordan(() => sandbox.store.updateObject('products', productId, { cosell_delivery_model: 'services' }));
        await sandbox.webhooksIdle();
        await ok(sandbox, JORDAN, 'gate_set_route', { dealId, route: 'direct', idempotencyKey: freshKey() });
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { dealstage: 'closedwon' });
        expect(props('deals', dealId).cosell_gate_violation ?? 'false').toBe('false');
        asJordan(() => sandbox.store.updateObject('products', productId, { cosell_delivery_model: 'saas' }));
        await sandbox.webhooksIdle();
        expect(props('deals', dealId)).toMatchObject({ cosell_gate_violation: 'true', cosell_gate_violation_count: '1' });
      });

      it('a violation of the moment of entry stays when a services line item is added or its product is changed afterwards', async () => {
        const dealId = await productDrivenDeal();
        const productId = await newProduct('saas');
        await addLineItem(dealId, productId);
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { dealstage: 'closedwon' });
        expect(props('deals', dealId)).toMatchObject({ cosell_gate_violation: 'true', cosell_gate_violation_count: '1' });
        asJordan(() => sandbox.store.updateObject('products', productId, { cosell_delivery_model: 'services' }));
        await sandbox.webhooksIdle();
        await addLineItem(dealId, await newProduct('services'));
        expect(props('deals', dealId)).toMatchObject({ cosell_gate_violation: 'true', cosell_gate_violation_count: '1' });
      });

      it('a discount after closing that makes a SaaS line item the largest re-judges the deal', async () => {
        const dealId = await productDrivenDeal();
        const servicesLine = await addLineItem(dealId, await newProduct('services'));
        await addLineItem(dealId, await newProduct('saas'), '500000');
        await ok(sandbox, JORDAN, 'gate_set_route', { dealId, route: 'direct', idempotencyKey: freshKey() });
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { dealstage: 'closedwon' });
        expect(props('deals', dealId).cosell_gate_violation ?? 'false').toBe('false');
        asJordan(() => sandbox.store.updateObject('line_items', servicesLine, { hs_discount_percentage: '60' }));
        await sandbox.webhooksIdle();
        expect(sandbox.store.getObject('line_items', servicesLine)!.properties.amount).toBe('360000');
        expect(props('deals', dealId)).toMatchObject({ cosell_gate_violation: 'true', cosell_gate_violation_count: '1' });
      });

      it('incomplete routing cannot pass a gated stage silently (fail closed)', async () => {
        const dealId = gatedDeal(sandbox, JORDAN);
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { amount: '', dealstage: 'contractsent' });
        expect(props('deals', dealId)).toMatchObject({ cosell_gate_violation: 'true' });
        expect(snapshot(sandbox, dealId).notes.join('\n')).toMatch(/could not be computed/);
      });
    });

    describe("a card's snapshot of the records around it is the app's alone", () => {
      const PRIMARY = [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }];
      const rep = () => personInUi(userOf(SOFIA).userId);

      function dealOfCompany(name: string): { dealId: string; companyId: string } {
        const company = sandbox.store.createObject('companies', { properties: { name } });
        const deal = sandbox.store.createObject('deals', {
          properties: { dealname: `${name} - data platform`, amount: '80000', closedate: '2031-11-30', pipeline: 'default', dealstage: 'qualifiedtobuy' },
        });
        sandbox.store.associate('deals', deal.id, 'companies', company.id, PRIMARY);
        return { dealId: deal.id, companyId: company.id };
      }

      it("another deal's genuine snapshot, copied onto a deal with the same associations, is not used", async () => {
        const a = dealOfCompany('Lumen Bank');
        const b = sandbox.store.createObject('deals', {
          properties: { dealname: 'Lumen Bank - second', amount: '20000', pipeline: 'default', dealstage: 'qualifiedtobuy' },
        });
        sandbox.store.associate('deals', b.id, 'companies', a.companyId, PRIMARY);
        await sandbox.webhooksIdle();
        await dealCard(sandbox, JORDAN, a.dealId);
        // A rename HubSpot's webhook never reported: deal A's snapshot still says "Lumen Bank".
        sandbox.store.asSource({ ...rep(), silent: true }, () => sandbox.store.updateObject('companies', a.companyId, { name: 'Lumen Bank plc' }));
        await writeAs(rep(), 'deals', b.id, { [CARD_SNAPSHOT_PROPERTY]: props('deals', a.dealId)[CARD_SNAPSHOT_PROPERTY]! });
        expect((await dealCard(sandbox, JORDAN, b.id)).company?.name).toBe('Lumen Bank plc');
      });

      it('a hand-written snapshot naming another company and its commitments is not used', async () => {
        const { dealId } = dealOfCompany('Quarry Works');
        await sandbox.webhooksIdle();
        await dealCard(sandbox, JORDAN, dealId);
        const [format, schema, readAt, fingerprint, , mac] = props('deals', dealId)[CARD_SNAPSHOT_PROPERTY]!.split('.');
        const payload = deflateRawSync(
          JSON.stringify({
            company: { id: '1', properties: { name: 'Forged Corp', cosell_aws_commit_program: 'edp' } },
            products: { lineItems: [], products: [] },
            contacts: [],
          }),
        ).toString('base64url');
        await writeAs(rep(), 'deals', dealId, { [CARD_SNAPSHOT_PROPERTY]: [format, schema, readAt, fingerprint, payload, mac].join('.') });
        expect((await dealCard(sandbox, JORDAN, dealId)).company?.name).toBe('Quarry Works');
      });

      it('an older genuine snapshot written back, with the stale mark lowered, is not used', async () => {
        const { dealId, companyId } = dealOfCompany('Tallow Foods');
        await sandbox.webhooksIdle();
        await dealCard(sandbox, JORDAN, dealId);
        const older = props('deals', dealId)[CARD_SNAPSHOT_PROPERTY]!;
        await writeAs(rep(), 'companies', companyId, { name: 'Tallow Foods International' });
        expect((await dealCard(sandbox, JORDAN, dealId)).company?.name).toBe('Tallow Foods International');

        await writeAs(rep(), 'deals', dealId, { [CARD_SNAPSHOT_PROPERTY]: older, [CARD_SNAPSHOT_STALE_PROPERTY]: '1' });
        expect((await dealCard(sandbox, JORDAN, dealId)).company?.name).toBe('Tallow Foods International');
      });
    });

    describe('who approves', () => {
      it("a deal-team member from another team asks; only the deal owner's team approver decides", async () => {
        const dealId = gatedDeal(sandbox, JORDAN);
        // Hannah (West) is on the deal team of Jordan's (East) deal.
        await writeAs(personInUi(userOf(JORDAN).userId), 'deals', dealId, { hs_all_collaborator_owner_ids: userOf(HANNAH).ownerId });
        expect(await requestException(sandbox, HANNAH, dealId)).toMatchObject({ status: 'requested' });
        const byHannahsManager = await action(sandbox, DANIEL, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 });
        expect(byHannahsManager).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining("deal owner's team") as unknown } });
        expect(await ok(sandbox, MAYA, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 })).toMatchObject({ status: 'approved' });
      });
    });

    describe('signed requests and ids in one canonical form', () => {
      async function signedAction(uid: string, body: unknown, signature?: (genuine: string) => string) {
        const uri = withHubSpotIdentityQuery(`${sandbox.url}/app-backend/actions/${uid}`, {
          userId: userOf(JORDAN).userId,
          portalId: String(sandbox.store.portalId),
          userEmail: JORDAN,
          appId: String(SANDBOX_APP_ID),
        });
        const rawBody = JSON.stringify(body);
        const headers = signHubSpotRequestV3({ method: 'POST', uri, rawBody, clientSecret: SANDBOX_CLIENT_SECRET, timestamp: Date.now() });
        const send = async (sig: string) => {
          const response = await fetch(uri, {
            method: 'POST',
            headers: {
              'X-HubSpot-Signature-v3': sig,
              'X-HubSpot-Request-Timestamp': headers['X-HubSpot-Request-Timestamp'],
              'content-type': 'application/json',
            },
            body: rawBody,
          });
          return { status: response.status, body: (await response.json()) as { ok: boolean; error?: { code: string; message: string } } };
        };
        const genuine = headers['X-HubSpot-Signature-v3'];
        return { first: await send(genuine), again: await send(signature ? signature(genuine) : genuine) };
      }

      it('a captured request replayed with another base64 spelling of its signature is refused, and nothing re-applies', async () => {
        const dealId = gatedDeal(sandbox, JORDAN);
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
        const respell = (genuine: string) => `${genuine.slice(0, -2)}${alphabet[alphabet.indexOf(genuine.at(-2)!) ^ 1]}=`;
        const { first, again } = await signedAction('gate_set_route', { dealId, route: 'marketplace:aws', idempotencyKey: freshKey() }, respell);
        expect(first.body).toMatchObject({ ok: true });
        expect(again).toMatchObject({ status: 401, body: { ok: false, error: { code: 'UNAUTHENTICATED' } } });
        const exact = await signedAction('whoami', {});
        expect(exact.again).toMatchObject({ status: 401, body: { error: { message: expect.stringContaining('already received') as unknown } } });
      });

      it('a deal id with leading zeros is refused before anything is read or locked', async () => {
        const dealId = await requestedDeal();
        const before = snapshot(sandbox, dealId);
        const [approve, reject] = await Promise.all([
          action(sandbox, MAYA, 'gate_approve', { dealId, idempotencyKey: freshKey(), expectedVersion: 1 }),
          action(sandbox, MAYA, 'gate_reject', { dealId: `0${dealId}`, idempotencyKey: freshKey(), expectedVersion: 1, comment: 'Rejected for the test.' }),
        ]);
        expect(reject).toMatchObject({
          ok: false,
          error: { code: 'INVALID_PARAMETERS', field: 'parameters.dealId', message: expect.stringContaining('without leading zeros') as unknown },
        });
        expect(approve).toMatchObject({ ok: true, result: { status: 'approved' } });
        expect(snapshot(sandbox, dealId).notes.length).toBe(before.notes.length + 1);
      });

      async function requestedDeal(): Promise<string> {
        const dealId = gatedDeal(sandbox, JORDAN);
        await requestException(sandbox, JORDAN, dealId);
        return dealId;
      }
    });

    describe("ring-fence state is the app's alone", () => {
      it("a rep's one CRM write making them the owner of a long ring-fence is undone, and new deals are not attributed to it", async () => {
        const companyId = newCompany(sandbox, 'Quillon Freight');
        const forged = {
          schemaVersion: 1,
          companyId,
          version: 1,
          current: {
            id: `rf-${companyId}-1`,
            ownerUserId: userOf(JORDAN).userId,
            ownerName: 'Jordan Patel',
            cloud: 'aws',
            registeredAt: new Date().toISOString(),
            firstEngagedOn: '2026-01-01',
            lastEngagedOn: '2026-01-01',
            expiresOn: '2030-01-01',
            extensionCount: 0,
            released: null,
            audit: [
              {
                version: 1,
                at: new Date().toISOString(),
                actorUserId: userOf(JORDAN).userId,
                idempotencyKey: 'x',
                ringfenceId: `rf-${companyId}-1`,
                action: 'register',
                cloud: 'aws',
                evidence: evidence(),
                expiresOn: '2030-01-01',
              },
            ],
          },
          past: [],
        };
        await writeAs(personInUi(userOf(JORDAN).userId), 'companies', companyId, {
          cosell_ringfence_state: JSON.stringify(forged),
          cosell_ringfence_status: 'active',
          cosell_ringfence_owner_user_id: userOf(JORDAN).userId,
        });
        const after = props('companies', companyId);
        expect(after.cosell_ringfence_state ?? '').toBe('');
        expect(after).toMatchObject({ cosell_tamper_count: '1' });
        expect(after.cosell_ringfence_owner_user_id ?? '').toBe('');
        expect((await companyCard(sandbox, companyId)).ringfence.status).toBe('none');
      });

      it("marketing rewriting a deal's alliance attribution is put back and counted on the deal", async () => {
        const companyId = newCompany(sandbox, 'Vessel Robotics');
        expect((await action(sandbox, AIKO, 'ringfence_register', registerParams(companyId))).ok).toBe(true);
        const dealId = await createFromCompanyPage(sandbox, JORDAN, 'deals', companyId, {
          dealname: 'Vessel rollout',
          amount: '70000',
          dealstage: 'qualifiedtobuy',
        });
        expect(props('deals', dealId)).toMatchObject({ cosell_attribution_source: 'alliance' });
        await writeAs(personInUi(userOf(SOFIA).userId), 'deals', dealId, { cosell_attribution_source: '', cosell_attribution_owner: '' });
        expect(props('deals', dealId)).toMatchObject({
          cosell_attribution_source: 'alliance',
          cosell_attribution_owner: userOf(AIKO).userId,
          cosell_tamper_count: '1',
        });
        expect(tamperNotes('deals', dealId)[0]).toContain('Sofia Alvarez');
      });

      it('a colleague cannot release a ring-fence they do not hold, nor register it for themselves', async () => {
        const companyId = newCompany(sandbox, 'Orrin Labs');
        const registered = await action<{ ringfenceId: string; version: number }>(sandbox, AIKO, 'ringfence_register', registerParams(companyId));
        expect(registered.ok).toBe(true);
        const ringfenceId = registered.ok ? registered.result.ringfenceId : '';
        const release = await action(sandbox, 'hannah.mueller@stratusdata.example', 'ringfence_release', {
          companyId,
          ringfenceId,
          expectedVersion: 1,
          idempotencyKey: freshKey(),
          reason: 'Taking this over.',
        });
        expect(release).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        // Marcus is an alliance lead: he may release; Aiko may then not be outflanked by a colleague within the cooling period.
        expect(
          await action(sandbox, MARCUS, 'ringfence_release', {
            companyId,
            ringfenceId,
            expectedVersion: 1,
            idempotencyKey: freshKey(),
            reason: 'Duplicate of a partner-led deal.',
          }),
        ).toMatchObject({ ok: true });
      });

      it('evidence must fit the cloud, and a free-mail contact is refused', async () => {
        const companyId = newCompany(sandbox, 'Pell Systems');
        const mismatch = await action(
          sandbox,
          AIKO,
          'ringfence_register',
          registerParams(companyId, {
            cloud: 'azure',
            evidence: { ...evidence(), kind: 'aws_originated_opportunity_or_invitation', contact: { name: 'A', role: 'B', email: 'a@microsoft.com' } },
          }),
        );
        expect(mismatch).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS', field: 'evidence.kind' } });
        const freeMail = await action(
          sandbox,
          AIKO,
          'ringfence_register',
          registerParams(companyId, { evidence: { ...evidence(), contact: { name: 'A', role: 'B', email: 'a@gmail.com' } } }),
        );
        expect(freeMail).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS', field: 'evidence.contact.email' } });
        expect(props('companies', companyId).cosell_ringfence_state ?? '').toBe('');
      });
    });

    describe('card identity', () => {
      it('a backend action never takes the acting user from the body', async () => {
        const dealId = gatedDeal(sandbox, JORDAN);
        const answer = await sandbox.hubspotFetch(JORDAN, {
          url: `${BACKEND_BASE_URL}/actions/gate_set_route`,
          method: 'POST',
          body: { dealId, route: 'marketplace:aws', idempotencyKey: freshKey(), userId: userOf(MAYA).userId },
        });
        expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS' } });
      });
    });
  });
}
