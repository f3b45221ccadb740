import { HubSpotGateway, type GatewayOptions } from '../hubspot/gateway.ts';
import { LOCAL_STAND_IN_SEAL_KEY, LOCAL_STAND_IN_TOKEN, LOCAL_STAND_IN_URL } from '../hubspot/local-stand-in.ts';

export class CliError extends Error {}

/**
 * Which portal a command talks to: the local sandbox unless `--live` is given, in which case the
 * token comes from HUBSPOT_ACCESS_TOKEN and never from a flag (flags end up in shell history).
 */
export function gatewayFor(
  live: boolean,
  env: NodeJS.ProcessEnv = process.env,
  tuning: Pick<GatewayOptions, 'pacer' | 'onRequest' | 'retry'> = {},
): { gateway: HubSpotGateway; target: string } {
  if (live) {
    const accessToken = env.HUBSPOT_ACCESS_TOKEN?.trim();
    if (!accessToken) throw new CliError("--live needs HUBSPOT_ACCESS_TOKEN (the private app's access token) in the environment.");
    return { gateway: new HubSpotGateway({ accessToken, ...tuning }), target: 'the HubSpot portal of HUBSPOT_ACCESS_TOKEN' };
  }
  const basePath = env.SANDBOX_URL ?? LOCAL_STAND_IN_URL;
  return {
    gateway: new HubSpotGateway({ accessToken: LOCAL_STAND_IN_TOKEN, basePath, ...tuning }),
    target: `the local sandbox at ${basePath}`,
  };
}

/** The app's seal key, to believe the app's records only where their seal verifies: the stand-in's own, or COSELL_SEAL_KEY for a real portal. */
export function sealKeyFor(live: boolean, env: NodeJS.ProcessEnv = process.env): string {
  if (!live) return LOCAL_STAND_IN_SEAL_KEY;
  const key = env.COSELL_SEAL_KEY?.trim();
  if (!key)
    throw new CliError(
      "--live needs COSELL_SEAL_KEY (the app's seal key, as the backend holds it) in the environment, to tell the app's records from edits made outside it.",
    );
  return key;
}
