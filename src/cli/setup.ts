import { parseArgs } from 'node:util';
import { appProperties } from '../hubspot/schema/index.ts';
import { pipelineRuleReport } from '../hubspot/pipeline-rule.ts';
import { ensurePolicyProperties, syncPropertySchema } from '../hubspot/setup.ts';
import { appPolicy } from '../policy/app-policy.ts';
import { gatewayFor } from './target.ts';

export async function runSetupCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { live: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  const { gateway, target } = gatewayFor(values.live ?? false);
  const report = await syncPropertySchema(gateway, appProperties, { dryRun: values['dry-run'] ?? false });
  const policyProperties = await ensurePolicyProperties(gateway, appPolicy.ringfence, { dryRun: values['dry-run'] ?? false });
  const pipelineRule = await pipelineRuleReport(gateway, appPolicy.pipeline);
  if (values.json) {
    out(JSON.stringify({ ...report, policyProperties, pipelineRule }));
  } else {
    const verb = values['dry-run'] ? 'would be' : 'were';
    const count = (action: string) => report.properties.filter((property) => property.action === action).length;
    out(`Property schema on ${target}:`);
    for (const group of report.groups) out(`  group ${group.objectType}/${group.name}: ${group.action}`);
    out(`  ${count('created')} properties ${verb} created, ${count('updated')} ${verb} updated, ${count('unchanged')} unchanged.`);
    for (const property of report.properties.filter((candidate) => candidate.action === 'updated')) {
      out(`  updated ${property.objectType}/${property.name}: ${property.changed?.join(', ')}`);
    }
    for (const conflict of report.conflicts) out(`  CONFLICT ${conflict.objectType}/${conflict.name}: ${conflict.message}`);
    for (const property of policyProperties) {
      out(
        property.action === 'exists'
          ? `  deals/${property.name} (named by the ring-fence policy): the portal's own, left as it is`
          : `  deals/${property.name} (named by the ring-fence policy) ${verb} created`,
      );
    }
    out(`Pipeline rule: make "${pipelineRule.property.label}" required before the contract stage (manual: HubSpot's pipelines API cannot set it):`);
    pipelineRule.steps.forEach((step, index) => out(`  ${index + 1}. ${step}`));
    for (const stageId of pipelineRule.missingStageIds)
      out(`  WARNING: policy gates stage "${stageId}", which no deal pipeline in the portal has; fix src/policy/portal/pipeline.json.`);
  }
  return report.conflicts.length > 0 ? 1 : 0;
}
