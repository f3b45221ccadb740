import { z } from 'zod';
import { evaluateRoute } from '../domain/routing/engine.ts';
import { toRouteJson, type RouteJson } from '../domain/routing/json.ts';
import type { RoutingPolicy } from '../domain/routing/policy.ts';
import { describeIssues } from '../policy/issues.ts';
import { hubspotObjectSchema, RoutingRecordError, routingInputFromRecords } from '../hubspot/records/routing.ts';

/**
 * `cosell evaluate`: HubSpot-shaped records in, one route per line out (JSON lines). A bad line yields
 * `{ "dealId"?, "error" }` and processing continues. The policy is compiled once by the caller.
 */

const recordLineSchema = z.object({
  deal: hubspotObjectSchema,
  company: hubspotObjectSchema.nullish(),
});

export type EvaluatedLine = ({ dealId: string } & RouteJson) | { dealId?: string; error: string };

export interface EvaluateSummary {
  evaluated: number;
  failed: number;
}

/** Evaluates one JSON line; undefined for a blank line. */
export function evaluateRecordLine(line: string, policy: RoutingPolicy): EvaluatedLine | undefined {
  if (line.trim() === '') return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return { error: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = recordLineSchema.safeParse(raw);
  if (!parsed.success) return { ...dealIdOf(raw), error: describeIssues(parsed.error) };
  const { deal, company } = parsed.data;
  try {
    const input = routingInputFromRecords(deal.properties, company?.properties ?? null, policy);
    return { dealId: deal.id, ...toRouteJson(evaluateRoute(input, policy)) };
  } catch (error) {
    if (error instanceof RoutingRecordError) return { dealId: deal.id, error: error.message };
    throw error;
  }
}

/** Streams lines through the engine, writing one JSON line per non-blank input line. */
export async function runEvaluate(
  lines: AsyncIterable<string> | Iterable<string>,
  policy: RoutingPolicy,
  out: (line: string) => void,
): Promise<EvaluateSummary> {
  const summary: EvaluateSummary = { evaluated: 0, failed: 0 };
  for await (const line of lines) {
    const result = evaluateRecordLine(line, policy);
    if (!result) continue;
    if ('error' in result) summary.failed += 1;
    else summary.evaluated += 1;
    out(JSON.stringify(result));
  }
  return summary;
}

/** Gathers output lines into chunks of about 64 KB, so a large export costs one write per chunk rather than per deal. */
export function chunkedLines(write: (text: string) => void): { line: (text: string) => void; flush: () => void } {
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length === 0) return;
    write(`${pending.join('\n')}\n`);
    pending = [];
    size = 0;
  };
  return {
    line(text) {
      pending.push(text);
      size += text.length;
      if (size >= 65_536) flush();
    },
    flush,
  };
}

/** The deal id of a line that failed validation, when one can still be read. */
function dealIdOf(raw: unknown): { dealId?: string } {
  const id = (raw as { deal?: { id?: unknown } } | null)?.deal?.id;
  return typeof id === 'string' || typeof id === 'number' ? { dealId: String(id) } : {};
}
