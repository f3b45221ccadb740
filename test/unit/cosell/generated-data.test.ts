import { readFileSync } from 'node:fs';
import { ClosedLostReason, CountryCode, Industry, PrimaryNeedFromAws } from '@aws-sdk/client-partnercentral-selling';
import { describe, expect, it } from 'vitest';
import { ACE_COUNTRY_CODE_BY_NAME, ACE_STANDARD_VALUES } from '../../../src/domain/ace/aws-data.generated.ts';
import { GENERATED_MODULE_PATH, parseCsv, postalFormatToRegexSource, readAceDataSources, renderAceDataModule } from '../../../src/build/ace-data.ts';

describe('generated ACE data module', () => {
  it('matches what the generator renders from the CSV files (run `npx tsx src/build/ace-data.ts` when this fails)', () => {
    expect(readFileSync(GENERATED_MODULE_PATH, 'utf8')).toBe(renderAceDataModule(readAceDataSources()));
  });

  it('fails loudly when AWS adds a country the code table does not know', () => {
    const sources = readAceDataSources();
    const withNewCountry = { ...sources, countriesWithoutPostalCode: `${sources.countriesWithoutPostalCode}\nAtlantis\n` };
    expect(() => renderAceDataModule(withNewCountry)).toThrow('Country "Atlantis" is not in country-codes.csv');
  });

  it('fails loudly on a postal format the grammar cannot read', () => {
    expect(() => postalFormatToRegexSource('99/99')).toThrow('Unsupported postal code format');
  });

  it('parses quoted CSV fields with commas, quotes and line breaks', () => {
    expect(parseCsv('\uFEFFa,"b, ""c""\nd"\r\n1,2')).toEqual([
      ['a', 'b, "c"\nd'],
      ['1', '2'],
    ]);
  });

  it('maps every SDK country code to an AWS country name', () => {
    const named = new Set(Object.values(ACE_COUNTRY_CODE_BY_NAME));
    expect(Object.values(CountryCode).filter((code) => !named.has(code))).toEqual([]);
  });
});

describe("where AWS's CSV and the SDK disagree (pinned so a change is noticed)", () => {
  const csv = (column: string) => new Set(ACE_STANDARD_VALUES[column]);

  it('industries: the CSV writes "&" where the SDK writes "and"', () => {
    const onlyInSdk = Object.values(Industry).filter((v) => !csv('industry').has(v));
    expect(onlyInSdk).toEqual([
      'Computers and Electronics',
      'Energy - Oil and Gas',
      'Energy - Power and Utilities',
      'Marketing and Advertising',
      'Media and Entertainment',
      'Real Estate and Construction',
      'Software and Internet',
      'Transportation and Logistics',
      'Wholesale and Distribution',
    ]);
  });

  it('closed lost reasons: the CSV uses an en dash in "Lost to Competitor – X"', () => {
    expect(Object.values(ClosedLostReason).filter((v) => !csv('closedLostReason').has(v))).toEqual([
      'Lost to Competitor - Google',
      'Lost to Competitor - Microsoft',
      'Lost to Competitor - Other',
      'Lost to Competitor - SoftLayer',
      'Lost to Competitor - VMWare',
    ]);
  });

  it('primary needs: the CSV keeps "Do Not Need Support from AWS Sales Rep", which the SDK dropped', () => {
    expect([...csv('partnerPrimaryNeedFromAws')].filter((v) => !(Object.values(PrimaryNeedFromAws) as string[]).includes(v))).toEqual([
      'Do Not Need Support from AWS Sales Rep',
    ]);
  });
});
