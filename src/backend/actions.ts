import { z } from 'zod';
import { commonErrors } from '../functions/contract.ts';
import { authenticationErrors, defineAction } from './contract.ts';
import { displayName } from '../hubspot/directory.ts';
import { aceActions } from './ace/actions.ts';
import { gateActions } from './gate/actions.ts';
import { registerAction, type RegisteredAction } from './handler.ts';
import { metricsActions } from './metrics/actions.ts';
import { ringfenceActions } from './ringfence-actions.ts';
import { commitmentActions } from './commitment-actions.ts';

export const whoAmIContract = defineAction({
  uid: 'whoami',
  summary: 'The person HubSpot signed the request for, as the backend resolved them: what every decision is attributed to.',
  callers: 'Any signed-in HubSpot user of the portal.',
  objectType: null,
  parameters: z.object({}).strict(),
  result: z.object({
    userId: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    teamIds: z.array(z.string()),
  }),
  errors: { ...authenticationErrors, FORBIDDEN: commonErrors.FORBIDDEN },
});

/** Every action the backend serves, in catalogue order. */
export const backendActions: readonly RegisteredAction[] = [
  registerAction(whoAmIContract, async ({ actor, directory }) => ({
    userId: actor.userId,
    name: displayName(directory, actor.userId),
    email: actor.email,
    teamIds: actor.teamIds,
  })),
  ...ringfenceActions,
  ...gateActions,
  ...commitmentActions,
  ...metricsActions,
  ...aceActions,
];
