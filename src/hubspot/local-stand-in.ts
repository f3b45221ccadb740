/**
 * Where the local HubSpot stand-in (`npm start`) answers and the token it accepts for the app: the
 * CLI talks to it unless told `--live`. Not secrets: the stand-in listens on loopback only.
 */
export const LOCAL_STAND_IN_PORT = 3000;
export const LOCAL_STAND_IN_URL = `http://127.0.0.1:${LOCAL_STAND_IN_PORT}`;
export const LOCAL_STAND_IN_TOKEN = 'sandbox-private-app-token';
