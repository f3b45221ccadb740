/** The sandbox's private app token. Not a secret: the sandbox only listens on loopback. */
export const SANDBOX_ACCESS_TOKEN = 'sandbox-private-app-token';
export const SANDBOX_DEFAULT_PORT = 3000;
export const SANDBOX_DEFAULT_URL = `http://127.0.0.1:${SANDBOX_DEFAULT_PORT}`;
/** The demo portal's id, as HubSpot would show it in context.portal.id. */
export const SANDBOX_PORTAL_ID = 24681357;
/** The sandbox app's client secret: HubSpot signs fetch requests and webhooks with the app's secret. */
export const SANDBOX_CLIENT_SECRET = 'sandbox-client-secret';
export const SANDBOX_APP_ID = 3141592;
