import { CountryCode } from '@aws-sdk/client-partnercentral-selling';
import { describe, expect, it } from 'vitest';
import { aceCountryName, resolveAceCountryCode } from '../../../src/domain/ace/countries.ts';

describe("AWS's country codes in people's words", () => {
  it('names every country AWS sends, and the name reads back as the same code', () => {
    for (const code of Object.values(CountryCode)) {
      const name = aceCountryName(code);
      expect(name, code).not.toBe(code);
      expect(resolveAceCountryCode(name), name).toBe(code);
    }
    expect(aceCountryName('US')).toBe('United States');
    expect(aceCountryName('GB')).toBe('United Kingdom');
  });
});
