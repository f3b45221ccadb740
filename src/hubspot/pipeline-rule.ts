import type { PipelineConfig } from '../policy/pipeline-config.ts';
import type { HubSpotGateway } from './gateway.ts';
import { gateProperties } from './schema/gate.ts';

/**
 * HubSpot's own rule that makes `cosell_route_chosen` required when a deal enters a gated stage:
 * a conditional stage property. HubSpot's pipelines API does not expose it (stage `metadata` on
 * deal pipelines documents only `probability` and `isClosed`, and the api-client's stage models
 * carry nothing else), so setup cannot create it; it prints the exact steps for each pipeline and
 * stage the policy gates, and checks that those stages exist in the portal.
 */
export interface PipelineRuleReport {
  automated: false;
  property: { name: string; label: string };
  stages: { pipelineId: string; pipelineLabel: string; stageId: string; stageLabel: string; kind: 'contract' | 'closed_won' }[];
  /** Gated stage ids from policy.pipeline that no deal pipeline in the portal has. */
  missingStageIds: string[];
  steps: string[];
}

const ROUTE_PROPERTY = 'cosell_route_chosen';

export async function pipelineRuleReport(gateway: HubSpotGateway, pipeline: PipelineConfig): Promise<PipelineRuleReport> {
  const property = gateProperties.find((def) => def.name === ROUTE_PROPERTY);
  if (!property) throw new Error(`The gate schema has no ${ROUTE_PROPERTY} property`);
  const gated = [
    ...pipeline.contractStageIds.map((stageId) => ({ stageId, kind: 'contract' as const })),
    ...pipeline.closedWonStageIds.map((stageId) => ({ stageId, kind: 'closed_won' as const })),
  ];
  const portalPipelines = await gateway.dealPipelines();
  const stages = portalPipelines.flatMap((candidate) =>
    candidate.stages.flatMap((stage) => {
      const match = gated.find((entry) => entry.stageId === stage.id);
      return match ? [{ pipelineId: candidate.id, pipelineLabel: candidate.label, stageId: stage.id, stageLabel: stage.label, kind: match.kind }] : [];
    }),
  );
  const missingStageIds = gated.map((entry) => entry.stageId).filter((stageId) => !stages.some((stage) => stage.stageId === stageId));
  const steps = [
    'In HubSpot, click the settings icon, then in the left sidebar go to Data Management > Objects > Deals (older portals: Objects > Deals) and open the Pipelines tab.',
    ...stages.map(
      (stage) =>
        `Select the pipeline "${stage.pipelineLabel}"; on the stage "${stage.stageLabel}" (${stage.stageId}, ${stage.kind === 'contract' ? 'contract' : 'closed-won'} stage) open Edit stage properties (conditional stage properties), add "${property.label}" (${property.name}), and save. Deals then cannot enter that stage until a route is chosen.`,
    ),
    "Optional, in the same pipeline's Pipeline rules tab (Sales Hub Professional or Enterprise): restrict skipping stages, so a deal cannot jump past the contract stage.",
    "HubSpot enforces these in the UI and on API writes made on a user's behalf; workflows, other integrations and super admins bypass them, so the app's webhook still flags violations.",
  ];
  return { automated: false, property: { name: property.name, label: property.label }, stages, missingStageIds, steps };
}
