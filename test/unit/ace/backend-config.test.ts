import { describe, expect, it } from 'vitest';
import { backendConfigFromEnv } from '../../../src/backend/main.ts';
import { createAceClient } from '../../../src/backend/ace/client.ts';

const base = {
  HUBSPOT_CLIENT_SECRET: 's',
  PRIVATE_APP_ACCESS_TOKEN: 't',
  COSELL_SEAL_KEY: 'k'.repeat(32),
  BACKEND_IDENTITY_MODE: 'hubspot',
  BACKEND_PUBLIC_URL: 'https://backend.example.com',
};

describe('the AWS sync configuration', () => {
  it('is off without a catalog, takes AWS or Sandbox, and an endpoint only with a catalog', () => {
    expect(backendConfigFromEnv(base).ace).toBeNull();
    expect(backendConfigFromEnv({ ...base, ACE_CATALOG: 'Sandbox' }).ace).toEqual({ catalog: 'Sandbox', endpoint: undefined });
    expect(() => backendConfigFromEnv({ ...base, ACE_CATALOG: 'Prod' })).toThrow(/ACE_CATALOG must be AWS or Sandbox/);
    expect(() => backendConfigFromEnv({ ...base, ACE_ENDPOINT: 'http://127.0.0.1:4000' })).toThrow(/ACE_ENDPOINT needs ACE_CATALOG/);
  });

  it("uses AWS's own endpoint in us-east-1 unless pointed at the stand-in", async () => {
    const client = createAceClient({ catalog: 'AWS', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } });
    expect(await client.config.region()).toBe('us-east-1');
    const endpoint = client.config.endpointProvider({ Region: 'us-east-1', UseFIPS: false });
    expect(endpoint.url.hostname).toBe('partnercentral-selling.us-east-1.api.aws');
  });
});
