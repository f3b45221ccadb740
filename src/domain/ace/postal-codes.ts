import { ACE_COUNTRIES_WITHOUT_POSTAL_CODE, ACE_COUNTRY_NAME_BY_CODE, ACE_POSTAL_CODE_RULES, type AcePostalCodeRule } from './aws-data.generated.ts';

export interface CompiledPostalCodeRule extends AcePostalCodeRule {
  regex: RegExp;
}

/** Every row of PostalCodeValidations.csv, compiled once at load. */
export const POSTAL_CODE_RULES: readonly CompiledPostalCodeRule[] = ACE_POSTAL_CODE_RULES.map((rule) => ({
  ...rule,
  // AWS's formats are upper case; customers type either.
  regex: new RegExp(rule.pattern, 'i'),
}));

const RULE_BY_COUNTRY_CODE = new Map<string, CompiledPostalCodeRule>(POSTAL_CODE_RULES.filter((r) => r.appliesToCountryCode).map((r) => [r.countryCode!, r]));

const WITHOUT_POSTAL_CODE = new Set<string>(ACE_COUNTRIES_WITHOUT_POSTAL_CODE.map((c) => c.countryCode));

export function countryHasPostalCodes(countryCode: string): boolean {
  return !WITHOUT_POSTAL_CODE.has(countryCode);
}

export function postalCodeRuleFor(countryCode: string): CompiledPostalCodeRule | undefined {
  return RULE_BY_COUNTRY_CODE.get(countryCode);
}

export function aceCountryName(countryCode: string): string {
  return ACE_COUNTRY_NAME_BY_CODE[countryCode] ?? countryCode;
}
