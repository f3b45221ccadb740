import { parseArgs } from 'node:util';
import { computeAllianceMetrics, monthBounds, MetricsInputError, type AllianceMetrics, type MetricFigure } from '../domain/metrics/index.ts';
import { compileRoutingPolicy } from '../domain/routing/policy.ts';
import { MetricsCollector } from '../hubspot/metrics/snapshot.ts';
import { passPortal } from '../hubspot/portal/portal-pass.ts';
import { appPolicy } from '../policy/app-policy.ts';
import { coSellPolicyOf } from '../policy/cosell-config.ts';
import { marketplacePolicy } from '../policy/marketplace-policy.ts';
import { formatUsd } from '../domain/money.ts';
import { RollingWindowPacer } from '../hubspot/pacer.ts';
import { AUDIT_RETRY, HUBSPOT_BURST } from './audit.ts';
import { CliError, gatewayFor, sealKeyFor } from './target.ts';

/** `cosell kpis`: the alliance metrics page's figures for one month, for board packs. */
export async function runKpisCommand(argv: string[], out: (line: string) => void, options: { now: Date; err?: (line: string) => void }): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      month: { type: 'string' },
      live: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      team: { type: 'string' },
      owner: { type: 'string' },
    },
    strict: true,
  });
  if (!values.month) throw new CliError('--month YYYY-MM is required, such as --month 2026-10.');
  try {
    monthBounds(values.month);
  } catch (error) {
    if (error instanceof MetricsInputError) throw new CliError(`--month: ${error.message}`);
    throw error;
  }
  const { gateway, target } = gatewayFor(values.live ?? false, process.env, {
    pacer: new RollingWindowPacer(HUBSPOT_BURST.max, HUBSPOT_BURST.windowMs),
    retry: AUDIT_RETRY,
  });
  const routingPolicy = compileRoutingPolicy(marketplacePolicy, appPolicy.routing);
  // The audit's engine, reading only: a board pack does not write recommendations back.
  const collector = new MetricsCollector();
  await passPortal({
    gateway,
    policy: appPolicy,
    routingPolicy,
    now: options.now,
    metrics: collector,
    sealKey: sealKeyFor(values.live ?? false),
    dryRun: true,
  });
  const snapshot = collector.snapshot();
  const metrics = computeAllianceMetrics(snapshot, {
    month: values.month,
    now: options.now,
    timeZone: appPolicy.ringfence.timeZone,
    homeCurrency: appPolicy.routing.homeCurrency,
    usdPerHomeCurrency: String(appPolicy.routing.usdPerHomeCurrency ?? 1),
    cosell: coSellPolicyOf(appPolicy),
    ringfenceWarningDays: appPolicy.ringfence.warningDays,
    filters: { teamId: values.team, ownerUserId: values.owner },
    teamNames: snapshot.teamNames,
  });
  if (values.csv) for (const line of metricsCsv(metrics)) out(line);
  else for (const line of metricsText(metrics, target)) out(line);
  if (snapshot.unreadableDealIds.length > 0)
    options.err?.(`${snapshot.unreadableDealIds.length} deal(s) left out, their co-sell values unreadable: ${snapshot.unreadableDealIds.join(' ')}`);
  return 0;
}

/** How a figure reads to a person: dollars, a percentage, days or a count. */
export function displayValue(figure: Pick<MetricFigure, 'unit' | 'value'>): string {
  if (figure.value === null) return 'n/a';
  switch (figure.unit) {
    case 'usd':
      return formatUsd(figure.value);
    case 'ratio':
      return `${(Number(figure.value) * 100).toFixed(1)}%`;
    case 'days':
      return `${figure.value} days`;
    case 'count':
      return figure.value;
  }
}

export function metricsText(metrics: AllianceMetrics, target: string): string[] {
  const lines = [`Alliance metrics for ${metrics.month} on ${target} (as of ${metrics.asOf})`];
  const filters = [metrics.filters.teamId && `team ${metrics.filters.teamId}`, metrics.filters.ownerUserId && `owner ${metrics.filters.ownerUserId}`].filter(
    Boolean,
  );
  if (filters.length > 0) lines.push(`Filtered to ${filters.join(' and ')}.`);
  for (const section of metrics.sections) {
    lines.push('', section.title, `  ${section.definition}`);
    const width = Math.max(...section.figures.map((figure) => figure.label.length));
    for (const figure of section.figures) {
      const records =
        figure.dealIds.length > 0 ? `${figure.dealIds.length} deal(s)` : figure.companyIds.length > 0 ? `${figure.companyIds.length} companies` : '';
      lines.push(`  ${figure.label.padEnd(width)}  ${displayValue(figure).padStart(16)}  ${records}`);
      lines.push(`    ${figure.definition}`);
    }
  }
  if (metrics.unconvertedDealIds.length > 0) {
    lines.push('', `Left out of money figures (currency with no rate in the routing policy): deals ${metrics.unconvertedDealIds.join(', ')}`);
  }
  return lines;
}

const csvCell = (value: string): string => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** One row per figure; record ids are space-separated so a spreadsheet keeps them in one cell. */
export function metricsCsv(metrics: AllianceMetrics): string[] {
  const rows = [['month', 'section', 'metric', 'label', 'cloud', 'unit', 'value', 'deal_ids', 'company_ids', 'definition']];
  for (const section of metrics.sections) {
    for (const figure of section.figures) {
      rows.push([
        metrics.month,
        section.title,
        figure.id,
        figure.label,
        figure.cloud ?? '',
        figure.unit,
        figure.value ?? '',
        figure.dealIds.join(' '),
        figure.companyIds.join(' '),
        figure.definition,
      ]);
    }
  }
  return rows.map((row) => row.map(csvCell).join(','));
}
