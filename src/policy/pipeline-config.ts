import { z } from 'zod';

const stageIds = z.array(z.string().trim().min(1).max(100));

/**
 * The portal's deal pipeline as the policy names it, shared by every rule that talks about stages
 * (stage one for zombie detection and ring-fencing, the contract and closed-won stages the gate
 * watches), so the same stage is never defined twice.
 */
export const pipelineConfigSchema = z
  .strictObject({
    /** Stage ids per pipeline id, in pipeline order: decides what is "at or beyond" a stage. */
    stageOrder: z.record(z.string().min(1), stageIds.min(1, 'a pipeline needs at least one stage')),
    /** Stages of a stage-one opportunity, as agreed with the alliance team before any dispute. */
    stageOneStageIds: stageIds.min(1, 'name at least one stage-one stage'),
    /** Stages where a direct route needs a valid approval. */
    contractStageIds: stageIds,
    closedWonStageIds: stageIds.min(1),
  })
  .superRefine((config, ctx) => {
    const known = new Set(Object.values(config.stageOrder).flat());
    for (const field of ['stageOneStageIds', 'contractStageIds', 'closedWonStageIds'] as const) {
      config[field].forEach((stageId, index) => {
        if (!known.has(stageId)) {
          ctx.addIssue({ code: 'custom', path: [field, index], message: `stage '${stageId}' is not in any pipeline in stageOrder` });
        }
      });
    }
  });

export type PipelineConfig = z.infer<typeof pipelineConfigSchema>;
