/**
 * Where the local HubSpot stand-in (`npm start`) answers and the token it accepts for the app: the
 * CLI talks to it unless told `--live`. Not secrets: the stand-in listens on loopback only.
 */
export const LOCAL_STAND_IN_PORT = 3000;
export const LOCAL_STAND_IN_URL = `http://127.0.0.1:${LOCAL_STAND_IN_PORT}`;
export const LOCAL_STAND_IN_TOKEN = 'sandbox-private-app-token';
/** The seal key the stand-in's backend and functions use (COSELL_SEAL_KEY), so the CLI can verify the app's records there. */
export const LOCAL_STAND_IN_SEAL_KEY = 'sandbox-seal-key-not-a-secret-0123456789abcdef';
