/**
 * Country names as HubSpot stores them ("United States", "UK") reduced to ISO 3166 alpha-2 codes, so that
 * MACC-country and multiparty-offer checks compare like with like. Unknown names pass through upper-cased.
 */
const CODE_BY_NAME: ReadonlyMap<string, string> = buildCodeByName();

export function normalizeCountry(value: string): string {
  const key = value.trim().toUpperCase();
  return CODE_BY_NAME.get(key) ?? key;
}

function buildCodeByName(): Map<string, string> {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const byName = new Map<string, string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const first of letters) {
    for (const second of letters) {
      const code = first + second;
      const name = names.of(code);
      // First code wins: "France" is FR, not the reserved FX; "United Kingdom" is GB, not UK.
      if (name && name !== code && !byName.has(name.toUpperCase())) byName.set(name.toUpperCase(), code);
    }
  }
  const aliases: Record<string, string> = {
    USA: 'US',
    'U.S.': 'US',
    'U.S.A.': 'US',
    'UNITED STATES OF AMERICA': 'US',
    AMERICA: 'US',
    UK: 'GB',
    'U.K.': 'GB',
    'GREAT BRITAIN': 'GB',
    BRITAIN: 'GB',
    ENGLAND: 'GB',
    SCOTLAND: 'GB',
    WALES: 'GB',
    'NORTHERN IRELAND': 'GB',
  };
  for (const [alias, code] of Object.entries(aliases)) byName.set(alias, code);
  return byName;
}
