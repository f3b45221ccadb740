import { LOCAL_STAND_IN_PORT, LOCAL_STAND_IN_SEAL_KEY, LOCAL_STAND_IN_TOKEN, LOCAL_STAND_IN_URL } from '../hubspot/local-stand-in.ts';

/** The sandbox's private app token. Not a secret: the sandbox only listens on loopback. */
export const SANDBOX_ACCESS_TOKEN = LOCAL_STAND_IN_TOKEN;
export const SANDBOX_DEFAULT_PORT = LOCAL_STAND_IN_PORT;
export const SANDBOX_DEFAULT_URL = LOCAL_STAND_IN_URL;
/** The demo portal's id, as HubSpot would show it in context.portal.id. */
export const SANDBOX_PORTAL_ID = 24681357;
/** The sandbox app's client secret: HubSpot signs fetch requests and webhooks with the app's secret. */
export const SANDBOX_CLIENT_SECRET = 'sandbox-client-secret';
export const SANDBOX_APP_ID = 3141592;
/** A second private-app token: "another integration" with edit rights, recorded in history under its own app id. */
export const SANDBOX_OTHER_INTEGRATION_TOKEN = 'sandbox-other-integration-token';
export const OTHER_INTEGRATION_APP_ID = 2718281;
/** The sandbox backend's and functions' seal key (COSELL_SEAL_KEY). Not a secret: loopback only. */
export const SANDBOX_SEAL_KEY = LOCAL_STAND_IN_SEAL_KEY;
