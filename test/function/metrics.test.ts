import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { action, JORDAN, MAYA, OLIVIA } from './gate-support.ts';
import { bootTestSandbox, withTestSandbox } from './support.ts';

type Figure = { id: string; value: string | null; dealCount: number; records: { id: string; name: string; objectTypeId: string }[] };
type Ready = {
  status: 'ready';
  month: string;
  uiDomain: string;
  sections: { id: string; figures: Figure[] }[];
  teams: { id: string; name: string }[];
  trend: unknown[];
};
type Answer = Ready | { status: 'preparing'; dealsRead: number };

const AIKO = 'aiko.tanaka@stratusdata.example';

let sandbox: Sandbox;
withTestSandbox((booted) => {
  sandbox = booted;
});

/** Asks until the backend's snapshot is read; the first answers may say it is still reading. */
async function metricsAs(as: string, parameters: Record<string, unknown>): Promise<Ready> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const answer = await action<Answer>(sandbox, as, 'alliance_metrics', parameters);
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    if (answer.result.status === 'ready') return answer.result;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the metrics never became ready');
}

const figure = (answer: Ready, id: string) => answer.sections.flatMap((section) => section.figures).find((candidate) => candidate.id === id)!;

describe('the alliance_metrics backend action', () => {
  it('answers an admin with every section, the team choices and a six-month trend', async () => {
    const answer = await metricsAs(OLIVIA, { month: '2026-11' });
    expect(answer.sections.map((section) => section.id)).toEqual(['pipeline', 'marketplace', 'bypass', 'exceptions', 'cosell', 'ringfences']);
    expect(answer.teams.map((team) => team.name)).toEqual(['Alliances', 'Enterprise East', 'Enterprise West']);
    expect(answer.trend.length).toBe(6 * 6);
    expect(answer.uiDomain).toBe('app.hubspot.com');
    const shared = figure(answer, 'cosell.shared.aws');
    expect(shared.dealCount).toBeGreaterThan(0);
    expect(shared.records[0]!.objectTypeId).toBe('0-3');
    expect(shared.records[0]!.name).not.toMatch(/^Deal \d+$/);
  });

  it('filters by team: an Enterprise West filter shows none of East’s exception requests', async () => {
    const all = await metricsAs(MAYA, { month: '2026-11' });
    const west = await metricsAs(MAYA, { month: '2026-11', teamId: '6100002' });
    const east = await metricsAs(MAYA, { month: '2026-11', teamId: '6100001' });
    const requests = (answer: Ready) => Number(figure(answer, 'exceptions.requests').value);
    expect(requests(west) + requests(east)).toBe(requests(all));
    expect(west.sections.flatMap((section) => section.figures).some((candidate) => candidate.id === 'exceptions.requests.team.6100001')).toBe(false);
  });

  it('lets the alliance team in and keeps an account executive out', async () => {
    await expect(metricsAs(AIKO, {})).resolves.toMatchObject({ status: 'ready' });
    const refused = await action(sandbox, JORDAN, 'alliance_metrics', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses malformed parameters and unknown keys, naming the field', async () => {
    expect(await action(sandbox, OLIVIA, 'alliance_metrics', { month: '2026-13' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_PARAMETERS', field: 'parameters.month' },
    });
    expect(await action(sandbox, OLIVIA, 'alliance_metrics', { teamId: 'east; drop' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS' } });
    expect(await action(sandbox, OLIVIA, 'alliance_metrics', { userId: '7100012' })).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMETERS' } });
  });

  it('refuses a request HubSpot did not sign', async () => {
    const response = await fetch(`${sandbox.url}/app-backend/actions/alliance_metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
  });
});

describe('record links on a portal in HubSpot’s EU data centre', () => {
  let eu: Sandbox;
  beforeAll(async () => {
    eu = await bootTestSandbox({ uiDomain: 'app-eu1.hubspot.com' });
  }, 120_000);
  afterAll(async () => {
    await eu.close();
    eu.store.close();
  });

  it('names the UI domain HubSpot gives for the portal, not app.hubspot.com', async () => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const answer = await action<Answer>(eu, OLIVIA, 'alliance_metrics', {});
      if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
      if (answer.result.status === 'ready') {
        expect(answer.result.uiDomain).toBe('app-eu1.hubspot.com');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('the metrics never became ready');
  });
});
