import { PartnerCentralSellingClient, type PartnerCentralSellingClientConfig } from '@aws-sdk/client-partnercentral-selling';

export type AceCatalog = 'AWS' | 'Sandbox';

export interface AceConnection {
  /** `AWS` for real opportunities, `Sandbox` for AWS's own test catalog. */
  catalog: AceCatalog;
  /** Partner Central Selling is served from us-east-1 only. */
  region?: string;
  /** Only for the local ACE stand-in; a real deployment leaves it unset. */
  endpoint?: string;
  /** Only for tests against the stand-in; otherwise the SDK's standard credential chain (an IAM role). */
  credentials?: PartnerCentralSellingClientConfig['credentials'];
  /** The SDK's own retries; the sync retries by itself, so one attempt by default. */
  maxAttempts?: number;
}

export const ACE_REGION = 'us-east-1';

/** The real SDK client: credentials from the standard chain unless a test passes static ones. */
export function createAceClient(connection: AceConnection): PartnerCentralSellingClient {
  return new PartnerCentralSellingClient({
    region: connection.region ?? ACE_REGION,
    maxAttempts: connection.maxAttempts ?? 1,
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
    ...(connection.credentials ? { credentials: connection.credentials } : {}),
  });
}
