import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { checkProjectStructure } from '../../src/tools/check-hubspot.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A temporary copy of the HubSpot project (hsproject.json and app/), without node_modules. */
function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hs-project-test-'));
  fs.copyFileSync(path.join(repoRoot, 'hsproject.json'), path.join(dir, 'hsproject.json'));
  fs.cpSync(path.join(repoRoot, 'app'), path.join(dir, 'app'), {
    recursive: true,
    filter: (source) => !source.split(path.sep).includes('node_modules'),
  });
  return dir;
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
}

const extraCard = (uid: string) => ({
  uid,
  type: 'card',
  config: { name: 'Extra', location: 'crm.record.tab', entrypoint: '/app/cards/CoSellDealCard.tsx', objectTypes: ['deals'] },
});

describe('HubSpot project structure (offline check)', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyProject();
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the project as committed: one app, two cards, two functions', async () => {
    const report = await checkProjectStructure(dir, { functionModulePaths: [path.join(repoRoot, 'node_modules')] });
    expect(report.errors).toEqual([]);
    const byType = (type: string) =>
      report.components
        .filter((c) => c.type === type)
        .map((c) => c.uid)
        .sort();
    expect(byType('app')).toEqual(['cloud_cosell_app']);
    expect(byType('card')).toEqual(['alliance_company_card', 'cosell_deal_card']);
    expect(byType('app-function')).toEqual(['company_alliance', 'deal_cosell']);
  });

  it('fails on a component file nested in a subfolder of app/cards (HubSpot skips it)', async () => {
    writeJson(path.join(dir, 'app/cards/extra/extra-card-hsmeta.json'), extraCard('extra_card'));
    const report = await checkProjectStructure(dir, { loadFunctions: false });
    expect(report.errors.join('\n')).toMatch(/app\/cards\/extra\/extra-card-hsmeta\.json: skipped by HubSpot's parser/);
  });

  it('fails on a component in the wrong feature folder', async () => {
    writeJson(path.join(dir, 'app/functions/stray-card-hsmeta.json'), extraCard('stray_card'));
    const report = await checkProjectStructure(dir, { loadFunctions: false });
    expect(report.errors.join('\n')).toMatch(/stray-card-hsmeta\.json: a 'card' component must be in app\/cards\//);
  });

  it('fails on a component file outside app/, unless the upload leaves it out', async () => {
    writeJson(path.join(dir, 'src/fixtures/x-hsmeta.json'), extraCard('x_card'));
    const failing = await checkProjectStructure(dir, { loadFunctions: false });
    expect(failing.errors.join('\n')).toMatch(/src\/fixtures\/x-hsmeta\.json: skipped/);

    const ignoresSrc = (abs: string) => path.relative(dir, abs).split(path.sep)[0] === 'src';
    const passing = await checkProjectStructure(dir, { loadFunctions: false, isIgnoredByUpload: ignoresSrc });
    expect(passing.errors).toEqual([]);
    expect(passing.warnings.join('\n')).toMatch(/x-hsmeta\.json: skipped .*Not uploaded/);
  });

  it('fails on a second app component and on duplicate uids', async () => {
    const app = JSON.parse(fs.readFileSync(path.join(dir, 'app/app-hsmeta.json'), 'utf8')) as Record<string, unknown>;
    writeJson(path.join(dir, 'app/second-app-hsmeta.json'), { ...app, uid: 'second_app' });
    writeJson(path.join(dir, 'app/cards/dup-hsmeta.json'), extraCard('cosell_deal_card'));
    const report = await checkProjectStructure(dir, { loadFunctions: false });
    const errors = report.errors.join('\n');
    expect(errors).toMatch(/only one 'app' component is allowed, found 2/);
    expect(errors).toMatch(/duplicate uid 'cosell_deal_card'/);
  });

  it('fails on a missing entrypoint and on a function package.json without the file', async () => {
    fs.rmSync(path.join(dir, 'app/functions/deal-cosell.js'));
    fs.rmSync(path.join(dir, 'app/cards/AllianceCompanyCard.tsx'));
    const report = await checkProjectStructure(dir, { loadFunctions: false });
    const errors = report.errors.join('\n');
    expect(errors).toMatch(/deal-cosell-hsmeta\.json: config\.entrypoint \/app\/functions\/deal-cosell\.js does not exist/);
    expect(errors).toMatch(/alliance-company-card-hsmeta\.json: config\.entrypoint \/app\/cards\/AllianceCompanyCard\.tsx does not exist/);
  });

  it('fails on invalid JSON and unknown top-level fields', async () => {
    fs.writeFileSync(path.join(dir, 'app/cards/broken-hsmeta.json'), '{ "uid": ');
    writeJson(path.join(dir, 'app/cards/extra-hsmeta.json'), { ...extraCard('extra_card'), title: 'not here' });
    const report = await checkProjectStructure(dir, { loadFunctions: false });
    const errors = report.errors.join('\n');
    expect(errors).toMatch(/broken-hsmeta\.json: invalid JSON/);
    expect(errors).toMatch(/extra-hsmeta\.json: unexpected top-level field\(s\): title/);
  });
});

describe('check:hubspot --deploy', () => {
  it('fails while a placeholder URL or support contact remains, naming the file and line', async () => {
    const { deployProblems } = await import('../../src/tools/check-hubspot.ts');
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const problems = deployProblems(root);
    expect(problems.some((problem) => problem.startsWith('app/cards/backendUrl.ts:'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('app/webhooks/webhooks-hsmeta.json:') && problem.includes('targetUrl'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('app/app-hsmeta.json:') && problem.includes('supportEmail'))).toBe(true);
  });
});
