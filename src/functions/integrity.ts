import type { CrmRecord } from '../hubspot/gateway.ts';
import { normalizeAuthoritative, type AuthoritativeValues, type ProtectedObjectType } from '../hubspot/integrity/seal.ts';
import { verifyProtected, type PropertyHistory, type Verification } from '../hubspot/integrity/verify.ts';
import { FunctionFailure } from './runtime.ts';

/** The function secret (`secretKeys` in the function's hsmeta) that the backend seals the app's state with. */
export const SEAL_KEY_SECRET = 'COSELL_SEAL_KEY';

export function sealKeyFromEnvironment(): string {
  const key = process.env[SEAL_KEY_SECRET];
  if (!key)
    throw new FunctionFailure(
      'MISCONFIGURED',
      `The function secret ${SEAL_KEY_SECRET} is not set: add it with \`hs secret add ${SEAL_KEY_SECRET}\` (the same value as the backend's).`,
    );
  return key;
}

/** A record whose app state was checked against the seal and HubSpot's property history. */
export interface VerifiedRecord {
  record: CrmRecord;
  /** The values the app wrote last: what the card shows and computes with. */
  trusted: AuthoritativeValues;
  verification: Verification;
}

/**
 * Functions cannot see the backend's ledger, so they check the seal and the history themselves and
 * act on the app's last genuine values; the backend repairs the record when its webhook arrives.
 */
export function verifyRecord(type: ProtectedObjectType, record: CrmRecord, history: PropertyHistory, key: string): VerifiedRecord {
  const verification = verifyProtected({ key, objectType: type, id: record.id, properties: record.properties, history });
  return { record, trusted: verification.status === 'empty' ? normalizeAuthoritative(type, {}) : verification.trusted, verification };
}
