import { verifyHubSpotSignatureV3, type SignatureFailure, type VerifyInput } from './signature-v3.ts';

/** The acting user and account as HubSpot vouched for them in a signed hubspot.fetch request. */
export interface TrustedActor {
  userId: string;
  portalId: string;
  userEmail: string | null;
  appId: string | null;
}

export type IdentityFailure = SignatureFailure | 'MISSING_IDENTITY' | 'AMBIGUOUS_IDENTITY' | 'PORTAL_MISMATCH' | 'APP_MISMATCH';

export type TrustedActorResult = { ok: true; actor: TrustedActor } | { ok: false; failure: IdentityFailure; message: string };

export interface TrustedActorInput extends VerifyInput {
  /** The one portal a private app is installed in; requests for any other portal are refused. */
  expectedPortalId?: string;
  expectedAppId?: string;
}

const NUMERIC_ID = /^\d{1,20}$/;

/**
 * Verifies the signature first and only then reads identity from the signed URI query
 * (userId, portalId, userEmail, appId: the parameters HubSpot adds to hubspot.fetch requests).
 * A parameter that appears twice is refused, so a caller cannot add its own userId next to HubSpot's.
 */
export function trustedActorFromSignedRequest(input: TrustedActorInput): TrustedActorResult {
  const verified = verifyHubSpotSignatureV3(input);
  if (!verified.ok) return verified;
  let query: URLSearchParams;
  try {
    query = new URL(input.uri).searchParams;
  } catch {
    return { ok: false, failure: 'MISSING_IDENTITY', message: 'The signed request URI cannot be parsed.' };
  }
  const one = (name: string): { value: string | null; repeated: boolean } => {
    const values = query.getAll(name);
    return { value: values.length === 1 ? (values[0] ?? null) : null, repeated: values.length > 1 };
  };
  const userId = one('userId');
  const portalId = one('portalId');
  const userEmail = one('userEmail');
  const appId = one('appId');
  if ([userId, portalId, userEmail, appId].some((param) => param.repeated)) {
    return { ok: false, failure: 'AMBIGUOUS_IDENTITY', message: 'An identity parameter appears more than once in the signed request.' };
  }
  if (!userId.value || !NUMERIC_ID.test(userId.value) || !portalId.value || !NUMERIC_ID.test(portalId.value)) {
    return { ok: false, failure: 'MISSING_IDENTITY', message: 'The signed request does not carry a numeric userId and portalId.' };
  }
  if (input.expectedPortalId !== undefined && portalId.value !== input.expectedPortalId) {
    return { ok: false, failure: 'PORTAL_MISMATCH', message: 'The request comes from a HubSpot account this app is not installed in.' };
  }
  if (input.expectedAppId !== undefined && appId.value !== input.expectedAppId) {
    return { ok: false, failure: 'APP_MISMATCH', message: 'The request was signed for a different app.' };
  }
  return {
    ok: true,
    actor: { userId: userId.value, portalId: portalId.value, userEmail: userEmail.value || null, appId: appId.value || null },
  };
}

/**
 * What HubSpot appends to a hubspot.fetch URL; the sandbox uses this to build the request it signs.
 * It appends without removing parameters the card set itself (the pessimistic reading of the docs),
 * so a forged userId shows up as a duplicate and is refused.
 */
export function withHubSpotIdentityQuery(url: string, identity: TrustedActor): string {
  const target = new URL(url);
  target.searchParams.append('userId', identity.userId);
  target.searchParams.append('portalId', identity.portalId);
  if (identity.userEmail) target.searchParams.append('userEmail', identity.userEmail);
  if (identity.appId) target.searchParams.append('appId', identity.appId);
  return target.toString();
}
