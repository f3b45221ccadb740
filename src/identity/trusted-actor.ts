import { verifyHubSpotSignatureV3, type SignatureFailure, type VerifyInput } from './signature-v3.ts';

/** The acting user and account as the signed request names them. */
export interface TrustedActor {
  userId: string;
  portalId: string;
  userEmail: string | null;
  appId: string | null;
  /** Where the user id came from: appended by HubSpot, or put in the URL by the card (and only signed by HubSpot). */
  source: 'hubspot' | 'card';
}

/**
 * Where the backend takes the acting user from, chosen by the admin:
 * - `hubspot`: only the `userId`/`portalId` query parameters HubSpot adds to a `hubspot.fetch` URL;
 * - `card-signed`: HubSpot's when present, else the `cardUserId`/`cardPortalId` every card adds. The
 *   signature proves HubSpot sent the URL, not that the card told the truth: anyone who can run code
 *   in a card of this app in this portal could act as another user of the portal. For portals (and
 *   `hs project dev`) where HubSpot adds no user.
 */
export const IDENTITY_MODES = ['hubspot', 'card-signed'] as const;
export type IdentityMode = (typeof IDENTITY_MODES)[number];

/** The query parameters the cards add themselves; never read as identity in `hubspot` mode. */
export const CARD_IDENTITY_PARAMS = { userId: 'cardUserId', portalId: 'cardPortalId', userEmail: 'cardUserEmail' } as const;

export type IdentityFailure = SignatureFailure | 'MISSING_IDENTITY' | 'AMBIGUOUS_IDENTITY' | 'IDENTITY_MISMATCH' | 'PORTAL_MISMATCH' | 'APP_MISMATCH';

export type TrustedActorResult =
  { ok: true; actor: TrustedActor; signature: Buffer; sentAt: number } | { ok: false; failure: IdentityFailure; message: string };

export interface TrustedActorInput extends VerifyInput {
  mode: IdentityMode;
  /** The one portal a private app is installed in; requests for any other portal are refused. */
  expectedPortalId?: string;
  expectedAppId?: string;
}

const NUMERIC_ID = /^\d{1,20}$/;

/** What the signed URI says about identity, parameter by parameter: what the diagnostics view shows. */
export function identityParameters(
  uri: string,
): Record<'userId' | 'portalId' | 'userEmail' | 'appId' | 'cardUserId' | 'cardPortalId' | 'cardUserEmail', string[]> {
  let query: URLSearchParams;
  try {
    query = new URL(uri).searchParams;
  } catch {
    query = new URLSearchParams();
  }
  const all = (name: string) => query.getAll(name);
  return {
    userId: all('userId'),
    portalId: all('portalId'),
    userEmail: all('userEmail'),
    appId: all('appId'),
    cardUserId: all(CARD_IDENTITY_PARAMS.userId),
    cardPortalId: all(CARD_IDENTITY_PARAMS.portalId),
    cardUserEmail: all(CARD_IDENTITY_PARAMS.userEmail),
  };
}

/**
 * Verifies the signature first and only then reads identity from the signed URI. A parameter that
 * appears twice is refused, so a caller cannot add its own `userId` next to HubSpot's, and a card's
 * own claim that disagrees with HubSpot's is refused as a forgery.
 */
export function trustedActorFromSignedRequest(input: TrustedActorInput): TrustedActorResult {
  const verified = verifyHubSpotSignatureV3(input);
  if (!verified.ok) return verified;
  const params = identityParameters(input.uri);
  if (Object.values(params).some((values) => values.length > 1)) {
    return { ok: false, failure: 'AMBIGUOUS_IDENTITY', message: 'An identity parameter appears more than once in the signed request.' };
  }
  const one = (values: string[]) => values[0] ?? null;
  const hubspotUser = one(params.userId);
  const cardUser = one(params.cardUserId);
  if (hubspotUser && cardUser && hubspotUser !== cardUser) {
    return { ok: false, failure: 'IDENTITY_MISMATCH', message: 'The card named a different user than HubSpot did; the request is refused.' };
  }
  const fromHubSpot = hubspotUser !== null;
  const useCard = !fromHubSpot && input.mode === 'card-signed';
  const userId = fromHubSpot ? hubspotUser : useCard ? cardUser : null;
  const portalId = fromHubSpot ? one(params.portalId) : useCard ? one(params.cardPortalId) : null;
  if (!userId || !NUMERIC_ID.test(userId) || !portalId || !NUMERIC_ID.test(portalId)) {
    return {
      ok: false,
      failure: 'MISSING_IDENTITY',
      message:
        input.mode === 'hubspot'
          ? 'HubSpot did not add a numeric userId and portalId to this signed request. Open the diagnostics view to see what arrives; portals where HubSpot adds no user need BACKEND_IDENTITY_MODE=card-signed.'
          : 'The signed request names no numeric user and portal.',
    };
  }
  if (input.expectedPortalId !== undefined && portalId !== input.expectedPortalId) {
    return { ok: false, failure: 'PORTAL_MISMATCH', message: 'The request comes from a HubSpot account this app is not installed in.' };
  }
  const appId = one(params.appId);
  if (input.expectedAppId !== undefined && appId !== null && appId !== input.expectedAppId) {
    return { ok: false, failure: 'APP_MISMATCH', message: 'The request was signed for a different app.' };
  }
  const userEmail = fromHubSpot ? one(params.userEmail) : one(params.cardUserEmail);
  return {
    ok: true,
    actor: { userId, portalId, userEmail: userEmail || null, appId, source: fromHubSpot ? 'hubspot' : 'card' },
    signature: verified.signature,
    sentAt: verified.sentAt,
  };
}

/**
 * What HubSpot appends to a hubspot.fetch URL; the sandbox uses this to build the request it signs.
 * It appends without removing parameters the card set itself (the pessimistic reading of the docs),
 * so a forged userId shows up as a duplicate and is refused.
 */
export function withHubSpotIdentityQuery(url: string, identity: Omit<TrustedActor, 'source'>): string {
  const target = new URL(url);
  target.searchParams.append('userId', identity.userId);
  target.searchParams.append('portalId', identity.portalId);
  if (identity.userEmail) target.searchParams.append('userEmail', identity.userEmail);
  if (identity.appId) target.searchParams.append('appId', identity.appId);
  return target.toString();
}
