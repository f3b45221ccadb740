import { z } from 'zod';
import { cosellConfigSchema } from './cosell-config.ts';
import { gateConfigSchema } from './gate-config.ts';
import { pipelineConfigSchema } from './pipeline-config.ts';
import { ringfenceConfigSchema } from './ringfence-config.ts';
import { routingConfigSchema } from './routing-config.ts';
import cosell from './portal/cosell.json' with { type: 'json' };
import gate from './portal/gate.json' with { type: 'json' };
import pipeline from './portal/pipeline.json' with { type: 'json' };
import ringfence from './portal/ringfence.json' with { type: 'json' };
import routing from './portal/routing.json' with { type: 'json' };

/**
 * The portal's policy, one section per concern, as RevOps writes it in src/policy/portal/*.json.
 * It is bundled into the functions and the backend and validated when they load, so a bad edit
 * fails the build and the tests, naming the file and field, instead of misrouting deals.
 */
export const appPolicySchema = z.strictObject({
  pipeline: pipelineConfigSchema,
  routing: routingConfigSchema,
  cosell: cosellConfigSchema,
  gate: gateConfigSchema,
  ringfence: ringfenceConfigSchema,
});

export type AppPolicy = z.infer<typeof appPolicySchema>;

export class PolicyConfigError extends Error {
  override readonly name = 'PolicyConfigError';
}

export function parseAppPolicy(raw: unknown): AppPolicy {
  const parsed = appPolicySchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `src/policy/portal/${String(issue.path[0] ?? '?')}.json: ${issue.path.slice(1).join('.') || '(root)'}: ${issue.message}`,
    );
    throw new PolicyConfigError(`The portal policy is invalid:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

export const appPolicy: AppPolicy = parseAppPolicy({ pipeline, routing, cosell, gate, ringfence });
