/**
 * Generates `aws-data.generated.ts` from AWS's ACE CSV files in `aws-data/` (MIT, see aws-data/LICENSE)
 * and our own `country-codes.csv` (ACE country names to the ISO codes the Selling API takes).
 *
 *   npx tsx src/build/ace-data.ts
 *
 * This is a build step, not domain code: the domain imports only the generated module, so nothing reads
 * files at runtime. `renderAceDataModule` is pure so the staleness test can re-render and compare.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface AceDataSources {
  opportunityFields: string;
  postalCodeValidations: string;
  countriesWithoutPostalCode: string;
  standardValues: string;
  countryCodes: string;
}

/** The ACE data and the module generated from it live with the rules that use them. */
const HERE = fileURLToPath(new URL('../domain/ace/', import.meta.url));
export const GENERATED_MODULE_PATH = `${HERE}aws-data.generated.ts`;

export function readAceDataSources(dir: string = HERE): AceDataSources {
  const read = (name: string) => readFileSync(`${dir}${name}`, 'utf8');
  return {
    opportunityFields: read('aws-data/Opportunity-Fields.csv'),
    postalCodeValidations: read('aws-data/PostalCodeValidations.csv'),
    countriesWithoutPostalCode: read('aws-data/CountriesWithoutPostalCode.csv'),
    standardValues: read('aws-data/Opportunity_-_StandardValues.csv'),
    countryCodes: read('country-codes.csv'),
  };
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Drops the BOM. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (source[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Opportunity-Fields.csv names fields by the older APN CRM / Selling API paths; the SDK's
 * CreateOpportunityRequest spells several differently. null: not part of a CreateOpportunity payload.
 */
const CSV_PATH_TO_SDK_PATH: Record<string, string | null> = {
  'AccessControls.NationalSecurity': 'NationalSecurity',
  'Customer.Account.Address.City': 'Customer.Account.Address.City',
  'Customer.Account.Address.Country': 'Customer.Account.Address.CountryCode',
  'Customer.Account.WebsiteUrl': 'Customer.Account.WebsiteUrl',
  'Customer.Account.Duns': 'Customer.Account.Duns',
  'Customer.Account.Industry': 'Customer.Account.Industry',
  'Customer.Account.OtherIndustry': 'Customer.Account.OtherIndustry',
  'Customer.Account.CompanyName': 'Customer.Account.CompanyName',
  'Customer.Account.Address.PostalCode': 'Customer.Account.Address.PostalCode',
  'Customer.Account.Address.StateOrRegion': 'Customer.Account.Address.StateOrRegion',
  'Customer.Account.Address.StreetAddress': 'Customer.Account.Address.StreetAddress',
  'Marketing.CampaignName': 'Marketing.CampaignName',
  'RelatedEntityIdentifiers.AWSProducts': null,
  TargetCloseDate: 'LifeCycle.TargetCloseDate',
  'Project.DeliveryModel': 'Project.DeliveryModels',
  'Marketing.Source': 'Marketing.Source',
  'Marketing.ActivityChannels': 'Marketing.Channels',
  'Marketing.ActivityUseCases': 'Marketing.UseCases',
  'Marketing.AWSFundingUsed': 'Marketing.AwsFundingUsed',
  'LifeCycle.NextSteps': 'LifeCycle.NextSteps',
  OpportunityType: 'OpportunityType',
  'Project.OtherSolutionDescription': 'Project.OtherSolutionDescription',
  'Project.RelatedOpportunityIdentifier': 'Project.RelatedOpportunityIdentifier',
  PrimaryNeedsFromAWS: 'PrimaryNeedsFromAws',
  'Project.Title': 'Project.Title',
  'Project.SalesActivities': 'Project.SalesActivities',
  'Project.ExpectedMonthlyAWSRevenue.Amount': 'Project.ExpectedCustomerSpend.Amount',
  'Project.CustomerBusinessProblem': 'Project.CustomerBusinessProblem',
  'RelatedEntityIdentifiers.Solutions': null,
  'Project.CustomerUseCase': 'Project.CustomerUseCase',
  'Project.AdditionalComments': 'Project.AdditionalComments',
  'Customer.Account.AWSAccountId': 'Customer.Account.AwsAccountId',
  'Project.APNPrograms': 'Project.ApnPrograms',
  'Project.CompetitorNames': 'Project.CompetitorName',
  'Project.OtherCompetitorNames': 'Project.OtherCompetitorNames',
  PartnerOpportunityIdentifier: 'PartnerOpportunityIdentifier',
  'Customer.Contact.Email': 'Customer.Contacts.Email',
  'Customer.Contact.FirstName': 'Customer.Contacts.FirstName',
  'Customer.Contact.LastName': 'Customer.Contacts.LastName',
  'Customer.Contact.Phone': 'Customer.Contacts.Phone',
  'Customer.Contact.Title': 'Customer.Contacts.BusinessTitle',
  'PartnerOpportunityContact.PartnerAccountManager.Email': 'OpportunityTeam.Email',
  'PartnerOpportunityContact.PartnerAccountManager.FirstName': 'OpportunityTeam.FirstName',
  'PartnerOpportunityContact.PartnerAccountManager.LastName': 'OpportunityTeam.LastName',
  'PartnerOpportunityContact.PartnerAccountManager.Phone': 'OpportunityTeam.Phone',
  'PartnerOpportunityContact.PartnerAccountManager.Title': 'OpportunityTeam.BusinessTitle',
  Identifier: null,
  'AccessControls.Owner.Email': 'OpportunityTeam.Email',
  'AccessControls.Owner.FirstName AccessControls.Owner.LastName': 'OpportunityTeam.FirstName',
  'LifeCycle.Stage': 'LifeCycle.Stage',
  'RelatedEntityIdentifiers.AWSMarketplaceOffers': null,
  'SoftwareRevenue.ExpirationDate': 'SoftwareRevenue.ExpirationDate',
  'SoftwareRevenue.Value.Currency': 'SoftwareRevenue.Value.CurrencyCode',
  'SoftwareRevenue.Value.Amount': 'SoftwareRevenue.Value.Amount',
  'SoftwareRevenue.EffectiveDate': 'SoftwareRevenue.EffectiveDate',
  'SoftwareRevenue.DeliveryModel': 'SoftwareRevenue.DeliveryModel',
  'LifeCycle.PartnerAcceptanceStatus': null,
  RejectionReason: null,
  'LifeCycle.ClosedLostReason': 'LifeCycle.ClosedLostReason',
  '#N/A': null,
};

/**
 * How we read AWS's format text where its letters are examples rather than a grammar
 * (grammar: 9 and N a digit, A a letter, (A) an optional letter, (A/N) an optional letter or digit,
 * a run of digits that is not all 9s is literal, any other character is literal).
 */
const FORMAT_INTERPRETATIONS: Record<string, string> = {
  '9999 AC': '9999 AA', // Netherlands: "AC" stands for two letters
  '9999AC': '9999AA',
  '1101': '9999', // El Salvador: an example of its four-digit codes
  M999: 'A999', // Eswatini (Swaziland): a letter and three digits, M is one of four regions
  'DT3 6GB': 'A(A)N(A/N) NAA', // Great Britain: examples of UK postcodes
  'L2 2DP': 'A(A)N(A/N)NAA',
};

export function postalFormatToRegexSource(format: string): string {
  const alternatives = format.split(/\s+or\s+/i).map((alt) => {
    const spec = FORMAT_INTERPRETATIONS[alt] ?? alt;
    let out = '';
    for (let i = 0; i < spec.length;) {
      const ch = spec[i]!;
      if (ch === '(') {
        const end = spec.indexOf(')', i);
        const inner = spec.slice(i + 1, end);
        out += inner === 'A' ? '[A-Z]?' : inner === 'A/N' ? '[A-Z0-9]?' : unsupported(format);
        i = end + 1;
      } else if (/[0-9]/.test(ch)) {
        let j = i;
        while (j < spec.length && /[0-9]/.test(spec[j]!)) j++;
        const run = spec.slice(i, j);
        out += !/^9+$/.test(run) ? run : run.length === 1 ? '\\d' : `\\d{${run.length}}`;
        i = j;
      } else {
        out += ch === 'A' ? '[A-Z]' : ch === 'N' ? '\\d' : ch === ' ' ? ' ' : ch === '-' ? '-' : /[A-Z]/.test(ch) ? ch : unsupported(format);
        i++;
      }
    }
    return out;
  });
  return `^(?:${alternatives.join('|')})$`;
}

function unsupported(format: string): never {
  throw new Error(`Unsupported postal code format "${format}": extend FORMAT_INTERPRETATIONS`);
}

const MESSAGE_FORMAT = / postal code must be in (.+) format\.$/;

/** Names in AWS's files that the Selling API cannot express (no ISO code in the SDK's CountryCode). */
const COUNTRY_NAMES_WITHOUT_CODE = new Set(['Serbia and Montenegro']);

export function renderAceDataModule(sources: AceDataSources): string {
  const countryRows = parseCsv(sources.countryCodes)
    .slice(1)
    .filter((r) => r[0]);
  const codeByName = new Map<string, string>();
  const canonicalNameByCode = new Map<string, string>();
  for (const [name, code] of countryRows) {
    codeByName.set(name!, code!);
    if (!canonicalNameByCode.has(code!)) canonicalNameByCode.set(code!, name!);
  }
  const codeOf = (name: string): string | null => {
    const code = codeByName.get(name);
    if (code) return code;
    if (COUNTRY_NAMES_WITHOUT_CODE.has(name)) return null;
    throw new Error(`Country "${name}" is not in country-codes.csv`);
  };

  const standardRows = parseCsv(sources.standardValues);
  const header = standardRows[0]!.map((h) => h.trim());
  const standardValues: Record<string, string[]> = {};
  header.forEach((column, index) => {
    standardValues[column] = standardRows
      .slice(1)
      .map((r) => (r[index] ?? '').trim())
      .filter((v) => v !== '');
  });
  for (const name of standardValues['country'] ?? []) codeOf(name);

  const postalRules = parseCsv(sources.postalCodeValidations)
    .slice(1)
    .filter((r) => r[0])
    .map(([country, message]) => {
      const format = MESSAGE_FORMAT.exec(message!)?.[1];
      if (!format) throw new Error(`Cannot read the format in "${message}"`);
      const countryCode = codeOf(country!);
      return {
        country: country!,
        countryCode,
        // Two AWS rows can name one ISO code (Great Britain, United Kingdom): the canonical name's row applies.
        appliesToCountryCode: countryCode !== null && canonicalNameByCode.get(countryCode) === country,
        format,
        pattern: postalFormatToRegexSource(format),
        message: message!,
      };
    });
  for (const code of new Set(postalRules.map((r) => r.countryCode))) {
    if (code && !postalRules.some((r) => r.countryCode === code && r.appliesToCountryCode)) {
      throw new Error(`No postal rule row uses the canonical name for ${code}`);
    }
  }

  const withoutPostal = parseCsv(sources.countriesWithoutPostalCode)
    .slice(1)
    .filter((r) => r[0])
    .map(([country]) => ({ country: country!, countryCode: codeOf(country!) }));

  const fieldRows = parseCsv(sources.opportunityFields);
  const fields = fieldRows
    .slice(1)
    .filter((r) => r[0] && r[8]?.trim() !== 'NA')
    .map((r) => {
      const csvPath = r[3]!.replace(/\s+/g, ' ').trim();
      if (!(csvPath in CSV_PATH_TO_SDK_PATH)) throw new Error(`Unmapped ACE field path "${csvPath}"`);
      const yes = (cell: string | undefined) => (cell ?? '').trim().startsWith('Yes');
      return {
        csvName: r[0]!.trim(),
        label: r[1]!.trim(),
        csvPath,
        sdkPath: CSV_PATH_TO_SDK_PATH[csvPath]!,
        inbound: r[8]!.trim(),
        condition: r[9]!.replace(/\s+/g, ' ').trim(),
        validation: r[5]!.replace(/\s+/g, ' ').trim(),
        editableWhenActionRequired: yes(r[12]),
        editableAfterLaunched: yes(r[13]),
        editableUntilLaunchedOrLost: yes(r[14]),
        settableOnCreate: yes(r[15]),
      };
    });

  const json = (value: unknown) => JSON.stringify(value, null, 2);
  return `// GENERATED by src/build/ace-data.ts from AWS's ACE CSV files (MIT, see aws-data/LICENSE). Do not edit.
import type { CountryCode } from '@aws-sdk/client-partnercentral-selling';

export interface AceFieldRule {
  csvName: string;
  label: string;
  /** The path as Opportunity-Fields.csv writes it. */
  csvPath: string;
  /** The same field in the SDK's CreateOpportunityRequest; null when it is not part of that payload. */
  sdkPath: string | null;
  inbound: string;
  condition: string;
  validation: string;
  editableWhenActionRequired: boolean;
  editableAfterLaunched: boolean;
  editableUntilLaunchedOrLost: boolean;
  settableOnCreate: boolean;
}

export interface AcePostalCodeRule {
  country: string;
  countryCode: CountryCode | null;
  appliesToCountryCode: boolean;
  format: string;
  pattern: string;
  message: string;
}

export const ACE_FIELD_RULES: readonly AceFieldRule[] = ${json(fields)};

export const ACE_STANDARD_VALUES: Readonly<Record<string, readonly string[]>> = ${json(standardValues)};

export const ACE_COUNTRY_CODE_BY_NAME: Readonly<Record<string, CountryCode>> = ${json(Object.fromEntries(codeByName))};

export const ACE_COUNTRY_NAME_BY_CODE: Readonly<Record<string, string>> = ${json(Object.fromEntries(canonicalNameByCode))};

export const ACE_POSTAL_CODE_RULES: readonly AcePostalCodeRule[] = ${json(postalRules)};

export const ACE_COUNTRIES_WITHOUT_POSTAL_CODE: readonly { country: string; countryCode: CountryCode }[] = ${json(withoutPostal)};
`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(GENERATED_MODULE_PATH, renderAceDataModule(readAceDataSources()));
  console.log(`wrote ${GENERATED_MODULE_PATH}`);
}
