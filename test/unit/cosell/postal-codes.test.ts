import { describe, expect, it } from 'vitest';
import { ACE_COUNTRIES_WITHOUT_POSTAL_CODE } from '../../../src/domain/ace/aws-data.generated.ts';
import { checkAceCreateOpportunity } from '../../../src/domain/ace/check-payload.ts';
import { parseCsv, readAceDataSources } from '../../../src/build/ace-data.ts';
import { POSTAL_CODE_RULES, postalCodeRuleFor } from '../../../src/domain/ace/postal-codes.ts';
import { TODAY, validPayload, withField } from './fixtures/payloads.ts';

const FIELD = 'Customer.Account.Address.PostalCode';

/** The simplest value a compiled pattern accepts: its first alternative with digits 1 and letters A. */
function exampleFor(pattern: string): string {
  const first = pattern.slice('^(?:'.length, -')$'.length).split('|')[0]!;
  return first
    .replace(/\\d\{(\d+)\}/g, (_, n) => '1'.repeat(Number(n)))
    .replace(/\\d/g, '1')
    .replace(/\[A-Z0-9\]\?|\[A-Z\]\?/g, '')
    .replace(/\[A-Z\]/g, 'A');
}

function postalProblems(countryCode: string, postalCode: string | undefined) {
  const payload = withField(validPayload(), 'Customer.Account.Address.CountryCode', countryCode);
  if (countryCode !== 'US') withField(payload, 'Customer.Account.Address.StateOrRegion', undefined);
  return checkAceCreateOpportunity(withField(payload, FIELD, postalCode), { today: TODAY }).filter((p) => p.field === FIELD);
}

const csvRows = parseCsv(readAceDataSources().postalCodeValidations)
  .slice(1)
  .filter((r) => r[0]);

describe('PostalCodeValidations.csv, row by row', () => {
  it("has one compiled rule per row, carrying AWS's message verbatim", () => {
    expect(POSTAL_CODE_RULES.map((r) => [r.country, r.message])).toEqual(csvRows.map((r) => [r[0], r[1]]));
  });

  it.each(POSTAL_CODE_RULES.map((rule) => [rule.country, rule.format, rule] as const))('%s (%s): one valid, one invalid', (_, __, rule) => {
    const valid = exampleFor(rule.pattern);
    const invalid = `${valid.slice(0, -1)}#`;
    expect(rule.regex.test(valid)).toBe(true);
    expect(rule.regex.test(invalid)).toBe(false);
    if (rule.appliesToCountryCode) {
      expect(postalProblems(rule.countryCode!, valid)).toEqual([]);
      expect(postalProblems(rule.countryCode!, invalid)).toEqual([{ field: FIELD, code: 'INVALID_STRING_FORMAT', message: rule.message }]);
    }
  });

  it.each([
    ['GB', 'SW1A 1AA'],
    ['GB', 'L2 2DP'],
    ['GB', 'EC1A1BB'],
    ['CA', 'K1A 0B1'],
    ['CA', 'k1a0b1'],
    ['NL', '1012 AB'],
    ['SE', 'SE-11122'],
    ['SE', '111 22'],
    ['BE', 'B-1000'],
    ['LT', 'LT-01100'],
    ['MT', 'VLT 1117'],
    ['BM', 'HM 12'],
    ['BM', 'HM HX'],
    ['BN', 'KB2333'],
    ['VC', 'VC0100'],
    ['MC', '98000'],
    ['SM', '47890'],
    ['SV', '1101'],
    ['SV', '2201'],
    ['SZ', 'H100'],
    ['US', '10001-1234'],
    ['JP', '100-0001'],
    ['PL', '00-950'],
  ])('%s accepts the real-world code %s', (country, code) => {
    expect(postalProblems(country, code)).toEqual([]);
  });

  it.each([
    ['GB', 'SW1A-1AA'],
    ['NL', '1012 A1'],
    ['SM', '47900'],
    ['BL', '97134'],
    ['US', '1000'],
  ])("%s refuses %s with AWS's message", (country, code) => {
    expect(postalProblems(country, code)).toEqual([{ field: FIELD, code: 'INVALID_STRING_FORMAT', message: postalCodeRuleFor(country)!.message }]);
  });

  it("mirrors AWS's Ireland format (A99 9A9A), which refuses real Eircodes such as D02 X285", () => {
    expect(postalProblems('IE', 'D02 X285')).toEqual([expect.objectContaining({ code: 'INVALID_STRING_FORMAT' })]);
  });

  it('uses the United Kingdom row for GB, which AWS also lists as Great Britain', () => {
    expect(postalCodeRuleFor('GB')!.country).toBe('United Kingdom');
    const greatBritain = POSTAL_CODE_RULES.find((r) => r.country === 'Great Britain')!;
    expect(greatBritain.appliesToCountryCode).toBe(false);
    expect(greatBritain.regex.test('DT3 6GB')).toBe(true);
  });

  it('keeps the Serbia and Montenegro row although no ISO code can select it', () => {
    expect(POSTAL_CODE_RULES.find((r) => r.country === 'Serbia and Montenegro')!.countryCode).toBeNull();
  });
});

describe('CountriesWithoutPostalCode.csv', () => {
  it.each(ACE_COUNTRIES_WITHOUT_POSTAL_CODE.map((c) => [c.country, c.countryCode] as const))('%s (%s) needs no postal code and takes none', (_, code) => {
    expect(postalProblems(code, undefined)).toEqual([]);
    expect(postalProblems(code, '12345')).toEqual([expect.objectContaining({ field: FIELD, code: 'INVALID_VALUE' })]);
  });

  it('requires a postal code elsewhere', () => {
    expect(postalProblems('DE', undefined)).toEqual([expect.objectContaining({ code: 'REQUIRED_FIELD_MISSING' })]);
  });
});
