import { CountryCode } from '@aws-sdk/client-partnercentral-selling';
import { ACE_COUNTRY_CODE_BY_NAME, ACE_COUNTRY_NAME_BY_CODE } from './aws-data.generated.ts';

const SDK_COUNTRY_CODES = new Set<string>(Object.values(CountryCode));

/** Spellings CRM users commonly type that are not in AWS's country list. */
const COMMON_ALIASES: Record<string, CountryCode> = {
  usa: 'US',
  'u.s.': 'US',
  'u.s.a.': 'US',
  'united states of america': 'US',
  uk: 'GB',
  'u.k.': 'GB',
  england: 'GB',
  'south korea': 'KR',
  'republic of korea': 'KR',
  vietnam: 'VN',
  czechia: 'CZ',
  türkiye: 'TR',
  turkiye: 'TR',
};

const CODE_BY_LOWER_NAME = new Map<string, CountryCode>([
  ...Object.entries(ACE_COUNTRY_CODE_BY_NAME).map(([name, code]) => [name.toLowerCase(), code] as const),
  ...Object.entries(COMMON_ALIASES),
]);

/** A HubSpot country value (free text: ISO code, AWS's name or a common alias) as the ISO code ACE takes. */
export function resolveAceCountryCode(value: string | null | undefined): CountryCode | null {
  const text = value?.trim();
  if (!text) return null;
  if (text.length === 2 && SDK_COUNTRY_CODES.has(text.toUpperCase())) return text.toUpperCase() as CountryCode;
  return CODE_BY_LOWER_NAME.get(text.toLowerCase()) ?? null;
}

export function isAceCountryCode(value: string): value is CountryCode {
  return SDK_COUNTRY_CODES.has(value);
}

/** An ISO code AWS sends, as the country's name people write (AWS's own name for it); the code when AWS names none. */
export function aceCountryName(code: string): string {
  return ACE_COUNTRY_NAME_BY_CODE[code] ?? code;
}
