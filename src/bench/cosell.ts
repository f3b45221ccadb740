/**
 * Co-sell performance goals (issue 3): readiness + status evaluations per second in-process on one core
 * (target 50,000 deals/s), and `cosell ace-check` throughput on 10,000 payloads, spawned and in-process.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { assessAceReadiness, buildAceCreateOpportunity, type AceDealInput } from '../domain/ace/readiness.ts';
import { CLOUDS } from '../domain/cosell/clouds.ts';
import { assessStalled, assessZombie } from '../domain/cosell/stalled.ts';
import { deriveCoSellStatus, type DealCoSellRaw } from '../domain/cosell/status.ts';
import { runAceCheck } from '../cli/ace-check.ts';
import { appPolicy } from '../policy/app-policy.ts';
import { coSellPolicyOf } from '../policy/cosell-config.ts';

const TARGET_DEALS_PER_SECOND = 50_000;
const PAYLOADS = 10_000;
const DISTINCT_DEALS = 1_000;
const MEASURE_MS = 2_000;

const POSTAL_CODES: ReadonlyArray<[country: string, zip: string | null]> = [
  ['United States', '10001'],
  ['United States', '1000'],
  ['United Kingdom', 'EC2A 4BX'],
  ['Germany', '70173'],
  ['Canada', 'M5H 2N2'],
  ['Japan', '530-0001'],
  ['India', '5600'],
  ['Brazil', null],
];
const REVIEW_STATUSES = ['Pending Submission', 'Submitted', 'In review', 'Action Required', 'Approved', 'Rejected'] as const;

interface BenchDeal {
  ace: AceDealInput;
  coSell: DealCoSellRaw;
  stageEnteredAt: string;
}

/** Deterministic variety: every cloud, every AWS review status, ready and not-ready ACE data. */
function benchDeals(count: number): BenchDeal[] {
  return Array.from({ length: count }, (_, index) => {
    const [country, zip] = POSTAL_CODES[index % POSTAL_CODES.length]!;
    const cloud = CLOUDS[index % CLOUDS.length]!;
    const since = `2026-${String(1 + (index % 12)).padStart(2, '0')}-15`;
    const coSell: DealCoSellRaw =
      cloud === 'aws'
        ? {
            cloud,
            aws: {
              opportunityId: `O${1_000_000 + index}`,
              origin: 'Partner Referral',
              reviewStatus: REVIEW_STATUSES[index % REVIEW_STATUSES.length]!,
              reviewStatusSince: since,
              stage: 'Qualified',
              stageSince: since,
              involvementType: 'Co-Sell',
              invitationStatus: null,
              invitationStatusSince: null,
            },
          }
        : cloud === 'azure'
          ? { cloud, microsoft: { referralId: `R${index}`, status: 'Active', substatus: 'Accepted', statusSince: since } }
          : { cloud, google: { opportunityId: `G${index}`, state: 'SUBMITTED', stateSince: since, salesStage: null, salesStageSince: null } };
    return {
      coSell,
      stageEnteredAt: since,
      ace: {
        deal: {
          id: String(90_000 + index),
          name: `Bench deal ${index}`,
          closeDate: '2027-06-30',
          useCase: 'Archiving',
          businessProblem: index % 5 === 0 ? 'Too short.' : 'The customer cannot keep ten years of records online at a sane cost.',
          deliveryModels: ['SaaS or PaaS'],
          salesActivities: ['Conducted POC / Demo'],
          primaryNeeds: ['Co-Sell - Architectural Validation'],
          opportunityType: 'Net New Business',
          relatedOpportunityId: null,
          expectedMonthlySpend: String(1_000 + index),
          spendCurrency: 'USD',
          nationalSecurity: false,
          competitor: null,
          otherCompetitor: null,
          solutionIds: ['S-1234567'],
          otherSolutionDescription: null,
          nextSteps: 'Joint call with the cloud account manager.',
          marketingSource: 'None',
          marketingFundingUsed: null,
          marketingCampaign: null,
          marketingChannels: [],
          marketingUseCases: [],
        },
        company: {
          name: `Customer ${index}`,
          website: 'https://customer.example.com',
          domain: 'customer.example.com',
          country,
          state: country === 'United States' ? 'New York' : null,
          city: 'Capital',
          zip,
          address: '1 Main Street',
          aceIndustry: 'Software and Internet',
          otherIndustry: null,
          duns: null,
        },
        contacts: [{ firstName: 'Ada', lastName: 'Lovelace', email: `ada${index}@customer.example.com`, phone: '+14155550100', jobTitle: 'CTO' }],
        catalog: 'AWS',
      },
    };
  });
}

/** Runs `evaluate` over the deals, round robin, for about MEASURE_MS; returns deals per second. */
function measureEvaluations(deals: readonly BenchDeal[], evaluate: (deal: BenchDeal) => unknown): number {
  for (let i = 0; i < deals.length * 5; i++) evaluate(deals[i % deals.length]!); // warm the JIT
  let evaluated = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < MEASURE_MS) {
    for (let i = 0; i < 1_000; i++) evaluate(deals[(evaluated + i) % deals.length]!);
    evaluated += 1_000;
    elapsed = performance.now() - started;
  }
  return evaluated / (elapsed / 1_000);
}

async function spawnAceCheck(input: string): Promise<{ lines: number; seconds: number }> {
  const started = performance.now();
  const child = spawn('npx', ['tsx', 'src/cli/main.ts', 'ace-check'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let lines = 0;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    for (const char of chunk) if (char === '\n') lines++;
  });
  child.stdin.end(input);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`cosell ace-check exited with ${code}`);
  return { lines, seconds: (performance.now() - started) / 1_000 };
}

const rate = (n: number) => Math.round(n).toLocaleString('en-US');

export async function benchCoSell(): Promise<string[]> {
  const today = new Date().toISOString().slice(0, 10);
  const policy = coSellPolicyOf(appPolicy);
  const deals = benchDeals(DISTINCT_DEALS);

  const perSecond = measureEvaluations(deals, (deal) => {
    const status = deriveCoSellStatus(deal.coSell);
    assessStalled(status, today, policy.cosell);
    assessZombie({ dealStage: 'qualifiedtobuy', stageEnteredAt: deal.stageEnteredAt, createdAt: null }, today, policy);
    return assessAceReadiness(deal.ace, { today });
  });

  const payloadLines = Array.from({ length: PAYLOADS }, (_, index) => JSON.stringify(buildAceCreateOpportunity(deals[index % deals.length]!.ace)));
  const input = `${payloadLines.join('\n')}\n`;

  const inProcessStarted = performance.now();
  let inProcessLines = 0;
  await runAceCheck(
    (async function* () {
      yield* payloadLines;
    })(),
    () => {
      inProcessLines++;
    },
    { today },
  );
  const inProcessSeconds = (performance.now() - inProcessStarted) / 1_000;

  const spawned = await spawnAceCheck(input);

  return [
    `readiness + status (+ stalled, zombie) in-process, one core: ${rate(perSecond)} deals/s; target ${rate(TARGET_DEALS_PER_SECOND)} deals/s; ratio ${(perSecond / TARGET_DEALS_PER_SECOND).toFixed(2)}x`,
    `ace-check in-process: ${inProcessLines} payloads in ${inProcessSeconds.toFixed(2)} s = ${rate(inProcessLines / inProcessSeconds)} lines/s`,
    `ace-check spawned (npx tsx src/cli/main.ts ace-check, startup included): ${spawned.lines} payloads in ${spawned.seconds.toFixed(2)} s = ${rate(spawned.lines / spawned.seconds)} lines/s`,
  ];
}
