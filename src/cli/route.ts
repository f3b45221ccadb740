import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CLOUDS, type Cloud } from '../policy/marketplace-policy.ts';
import { parseRoutingConfig, RoutingConfigError, type RoutingConfig } from '../policy/routing-config.ts';
import { CLOUD_LABELS, evaluateRoute } from '../domain/routing/engine.ts';
import { buildRoutingInput, RoutingInputError, type FlatRoutingInput } from '../domain/routing/input.ts';
import { toRouteJson } from '../domain/routing/json.ts';
import { compileRoutingPolicy, type RoutingPolicy } from '../domain/routing/policy.ts';
import type { RoutingResult } from '../domain/routing/types.ts';
import { formatUsd, percentText } from '../domain/money.ts';

export const ROUTE_USAGE = `Usage: cosell route --tcv <amount> --close-date <YYYY-MM-DD> [flags]

What-if marketplace routing for one deal. Amounts are plain decimals (10000000 or 999999.99).

Deal
  --tcv <amount>              total contract value, pre-tax (required)
  --currency <code>           deal currency (default: the config's home currency); non-USD needs a USD rate
  --usd-rate <rate>           USD per 1 unit of --currency (default: the config's rate for its home currency)
  --close-date <date>         close date; selects the policy rules in force (default: today)
  --deal-type <type>          new | renewal | expansion (default new)
  --delivery <model>          saas | ami | container | services (default saas)
  --offer <type>              private | public (default private)
  --channel-partner           sold through a channel partner (CPPO, multiparty, resale)
  --government-cloud          AWS GovCloud / Azure Government buyer
  --country <country>         customer country (needed for Microsoft multiparty offers)
  --cloud <cloud>             aws | azure | gcp; repeat to compare several (default: all three)

Customer commitment (applies to every cloud selected with --cloud, or to all three)
  --commit-annual <amount>    annual committed spend (USD)
  --commit-remaining <amount> drawdown capacity left (USD); on AWS, after the marketplace cap
  --marketplace-spend <amount> AWS only: marketplace spend already counted against the cap this year

Vendor settings (override the routing config for this run)
  --deployed-on-aws, --no-deployed-on-aws   our SaaS has the "Deployed on AWS" badge
  --macc-eligible, --no-macc-eligible       our Azure offer is IP co-sell / MACC eligible
  --comp <basis>              gross | net AE compensation plan
  --commission <percent>      AE commission rate in percent (8 means 8%)

Output
  --json                      machine-readable result; aeCommissionDelta is for the recommended route,
                              options[].aeCommissionDelta for each cloud
  --help
`;

const OPTIONS = {
  tcv: { type: 'string' },
  currency: { type: 'string' },
  'usd-rate': { type: 'string' },
  'close-date': { type: 'string' },
  'deal-type': { type: 'string' },
  delivery: { type: 'string' },
  offer: { type: 'string' },
  'channel-partner': { type: 'boolean' },
  'government-cloud': { type: 'boolean' },
  country: { type: 'string' },
  cloud: { type: 'string', multiple: true },
  'commit-annual': { type: 'string' },
  'commit-remaining': { type: 'string' },
  'marketplace-spend': { type: 'string' },
  'deployed-on-aws': { type: 'boolean' },
  'macc-eligible': { type: 'boolean' },
  comp: { type: 'string' },
  commission: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** The flags that change the vendor config for this run; validated here, the rest by the shared input builder. */
const vendorFlagsSchema = z.object({
  cloud: z.array(z.enum(CLOUDS, { error: 'expected aws, azure or gcp' })).optional(),
  comp: z.enum(['gross', 'net'], { error: 'expected gross or net' }).optional(),
  commission: z
    .string()
    .regex(/^\d+(\.\d+)?%?$/, 'expected a percentage such as 8')
    .transform((text) => Number(text.replace('%', '')))
    .pipe(z.number().max(100, 'expected a percentage from 0 to 100'))
    .optional(),
  'usd-rate': z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'expected a positive rate such as 1.27')
    .transform(Number)
    .pipe(z.number().positive('expected a positive rate such as 1.27'))
    .optional(),
});

/** Flat-input fields named by the flag that feeds them. */
const FLAG_FOR_FIELD: Readonly<Record<string, string>> = {
  tcv: '--tcv',
  currency: '--currency',
  closeDate: '--close-date',
  dealType: '--deal-type',
  delivery: '--delivery',
  offer: '--offer',
  customerCountry: '--country',
  clouds: '--cloud',
  annualCommitment: '--commit-annual',
  remainingCapacity: '--commit-remaining',
  marketplaceSpendCounted: '--marketplace-spend',
};

const PROGRAM_NAMES: Readonly<Record<Cloud, string>> = { aws: 'EDP', azure: 'MACC', gcp: 'Google commit' };

export interface RouteCommandOptions {
  /** Where errors go; defaults to `out`. */
  err?: (line: string) => void;
  /** Default close date (YYYY-MM-DD) from the caller's clock; without it --close-date is required. */
  today?: string;
}

class UsageError extends Error {}

/** `cosell route`: returns the exit code (0 done, 2 bad flags or config). */
export function runRouteCommand(argv: string[], policy: RoutingPolicy, out: (line: string) => void, options: RouteCommandOptions = {}): number {
  const err = options.err ?? out;
  const wantsJson = argv.includes('--json');
  try {
    const { values } = parseFlags(argv);
    if (values.help) {
      out(ROUTE_USAGE);
      return 0;
    }
    const vendorFlags = vendorFlagsSchema.safeParse(values);
    if (!vendorFlags.success) {
      throw new UsageError(vendorFlags.error.issues.map((issue) => `--${String(issue.path[0])}: ${issue.message}`).join('; '));
    }
    const runPolicy = withVendorOverrides(policy, values, vendorFlags.data);
    const input = buildRoutingInput(flatInputFromFlags(values, options.today), runPolicy);
    const result = evaluateRoute(input, runPolicy);
    if (values.json) out(JSON.stringify(toRouteJson(result), null, 2));
    else for (const line of renderHuman(result)) out(line);
    return 0;
  } catch (error) {
    const message = usageMessage(error);
    if (message === undefined) throw error;
    if (wantsJson) out(JSON.stringify({ error: message }));
    else err(`cosell route: ${message}\nRun cosell route --help for the flags.`);
    return 2;
  }
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false, allowNegative: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

type FlagValues = ReturnType<typeof parseFlags>['values'];

function usageMessage(error: unknown): string | undefined {
  if (error instanceof UsageError || error instanceof RoutingConfigError) return error.message;
  if (error instanceof RoutingInputError) return error.describe(flagForPath);
  return undefined;
}

function flagForPath(path: ReadonlyArray<PropertyKey>): string {
  const field = String(path[0] === 'commitments' ? path[2] : path[0]);
  return FLAG_FOR_FIELD[field] ?? field;
}

/** Vendor flags change the config for this run only; the merged config is validated like the file. */
function withVendorOverrides(policy: RoutingPolicy, values: FlagValues, flags: z.output<typeof vendorFlagsSchema>): RoutingPolicy {
  const base = policy.config;
  const currency = values.currency?.trim().toUpperCase();
  const foreign = currency !== undefined && currency !== 'USD' && (flags['usd-rate'] !== undefined || currency !== base.homeCurrency);
  if (flags['usd-rate'] !== undefined && (currency === undefined || currency === 'USD')) {
    throw new UsageError('--usd-rate: needs a non-USD --currency to convert');
  }
  const unchanged =
    values['deployed-on-aws'] === undefined && values['macc-eligible'] === undefined && flags.comp === undefined && flags.commission === undefined && !foreign;
  if (unchanged) return policy;
  if (foreign && flags['usd-rate'] === undefined) {
    throw new UsageError(`--usd-rate: required for ${currency} (the routing config converts ${base.homeCurrency} only)`);
  }
  const config: RoutingConfig = parseRoutingConfig({
    ...base,
    ...(foreign && { homeCurrency: currency, usdPerHomeCurrency: flags['usd-rate'] }),
    aeCompensation: {
      basis: flags.comp ?? base.aeCompensation.basis,
      commissionPercent: flags.commission ?? base.aeCompensation.commissionPercent,
    },
    clouds: {
      ...base.clouds,
      aws: { ...base.clouds.aws, deployedOnAws: values['deployed-on-aws'] ?? base.clouds.aws.deployedOnAws },
      azure: { ...base.clouds.azure, maccEligible: values['macc-eligible'] ?? base.clouds.azure.maccEligible },
    },
  });
  return compileRoutingPolicy(policy.table, config);
}

/** Commitment flags describe the customer's commitment on each selected cloud (all three by default). */
function flatInputFromFlags(values: FlagValues, today: string | undefined): FlatRoutingInput {
  const clouds = (values.cloud ?? []) as Cloud[];
  const selected = clouds.length > 0 ? clouds : CLOUDS;
  if (values['marketplace-spend'] !== undefined && !selected.includes('aws')) {
    throw new UsageError('--marketplace-spend: applies to AWS only; add --cloud aws');
  }
  const hasCommitment = values['commit-annual'] !== undefined || values['commit-remaining'] !== undefined;
  if (!hasCommitment && values['marketplace-spend'] !== undefined) {
    throw new UsageError('--marketplace-spend: needs --commit-annual, the commitment the cap applies to');
  }
  const commitments: NonNullable<FlatRoutingInput['commitments']> = {};
  if (hasCommitment) {
    for (const cloud of selected) {
      commitments[cloud] = {
        program: PROGRAM_NAMES[cloud],
        annualCommitment: values['commit-annual'],
        remainingCapacity: values['commit-remaining'],
        marketplaceSpendCounted: cloud === 'aws' ? values['marketplace-spend'] : undefined,
      };
    }
  }
  return {
    tcv: values.tcv,
    currency: values.currency,
    closeDate: values['close-date'] ?? today,
    dealType: values['deal-type'] as FlatRoutingInput['dealType'],
    delivery: (values.delivery ?? 'saas') as FlatRoutingInput['delivery'],
    offer: values.offer as FlatRoutingInput['offer'],
    channelPartner: values['channel-partner'],
    governmentCloud: values['government-cloud'],
    customerCountry: values.country,
    clouds,
    commitments,
  } as FlatRoutingInput;
}

function renderHuman(result: RoutingResult): string[] {
  const recommended = result.recommended === 'direct' ? 'Direct' : `${CLOUD_LABELS[result.recommended.slice(12) as Cloud]} Marketplace`;
  const lines = [
    `Recommended route: ${recommended}${result.requiresException ? ' (going direct needs a manager-approved exception)' : ''}`,
    `AE commission given up on this route: ${formatUsd(result.aeCommissionDelta)}`,
    '',
    'Cloud       Eligible  Fee                    Drawdown            AE commission given up',
  ];
  for (const option of result.options) {
    const fee = `${percentText(option.feeRate)} ${formatUsd(option.fee)}`;
    lines.push(
      [
        CLOUD_LABELS[option.cloud].padEnd(11),
        // Why an option is blocked is in the reasons below, in words.
        (option.eligible ? 'yes' : 'no').padEnd(9),
        fee.padEnd(22),
        formatUsd(option.drawdown).padEnd(19),
        `${formatUsd(option.aeCommissionDelta)}${option.estimate ? '  (estimate)' : ''}`,
      ].join(' '),
    );
  }
  lines.push('', 'Why:', ...result.rationale.map((line) => `  - ${line}`), '', `Policy ${result.policyVersion}; rules ${result.rulesUsed.join(', ')}`);
  return lines;
}
