/** Fictional customer accounts of the demo ISV, spread across regions and industries. */
export interface DemoCompany {
  name: string;
  domain: string;
  country: string;
  city: string;
  state?: string;
  industry: string;
  numberofemployees: number;
  /** Email of the owning AE in demoUsers. */
  ownerEmail: string;
}

const east = {
  jordan: 'jordan.patel@stratusdata.example',
  sofia: 'sofia.alvarez@stratusdata.example',
  liam: 'liam.oconnor@stratusdata.example',
};
const west = {
  priya: 'priya.raman@stratusdata.example',
  ethan: 'ethan.brooks@stratusdata.example',
  hannah: 'hannah.mueller@stratusdata.example',
};

export const demoCompanies: readonly DemoCompany[] = [
  { name: 'Harborline Financial', domain: 'harborlinefinancial.com', country: 'United States', city: 'Boston', state: 'MA', industry: 'FINANCIAL_SERVICES', numberofemployees: 8200, ownerEmail: east.jordan },
  { name: 'Keystone Health Partners', domain: 'keystonehealth.com', country: 'United States', city: 'Philadelphia', state: 'PA', industry: 'HOSPITAL_HEALTH_CARE', numberofemployees: 15400, ownerEmail: east.jordan },
  { name: 'Atlantic Freight Systems', domain: 'atlanticfreight.com', country: 'United States', city: 'Newark', state: 'NJ', industry: 'LOGISTICS_AND_SUPPLY_CHAIN', numberofemployees: 3100, ownerEmail: east.sofia },
  { name: 'Meridian Retail Group', domain: 'meridianretail.com', country: 'United States', city: 'New York', state: 'NY', industry: 'RETAIL', numberofemployees: 22000, ownerEmail: east.sofia },
  { name: 'Thameside Insurance', domain: 'thamesideinsurance.co.uk', country: 'United Kingdom', city: 'London', industry: 'INSURANCE', numberofemployees: 5600, ownerEmail: east.liam },
  { name: 'Northgate Telecom', domain: 'northgatetelecom.co.uk', country: 'United Kingdom', city: 'Manchester', industry: 'TELECOMMUNICATIONS', numberofemployees: 9800, ownerEmail: east.liam },
  { name: 'Rheinwerk Automotive', domain: 'rheinwerk-auto.de', country: 'Germany', city: 'Stuttgart', state: 'Baden-Württemberg', industry: 'AUTOMOTIVE', numberofemployees: 41000, ownerEmail: east.jordan },
  { name: 'Elbtal Pharma', domain: 'elbtal-pharma.de', country: 'Germany', city: 'Hamburg', industry: 'PHARMACEUTICALS', numberofemployees: 7300, ownerEmail: east.sofia },
  { name: 'Lumière Médias', domain: 'lumiere-medias.fr', country: 'France', city: 'Paris', industry: 'MEDIA_PRODUCTION', numberofemployees: 2400, ownerEmail: east.liam },
  { name: 'Banque Rive Gauche', domain: 'banquerivegauche.fr', country: 'France', city: 'Lyon', industry: 'BANKING', numberofemployees: 12500, ownerEmail: east.jordan },
  { name: 'Indus Digital Services', domain: 'indusdigital.in', country: 'India', city: 'Bengaluru', state: 'Karnataka', industry: 'INFORMATION_TECHNOLOGY_AND_SERVICES', numberofemployees: 56000, ownerEmail: east.sofia },
  { name: 'Deccan Power & Grid', domain: 'deccanpower.in', country: 'India', city: 'Hyderabad', state: 'Telangana', industry: 'OIL_ENERGY', numberofemployees: 18700, ownerEmail: east.liam },
  { name: 'Cascade Software Labs', domain: 'cascadesoftware.io', country: 'United States', city: 'Seattle', state: 'WA', industry: 'COMPUTER_SOFTWARE', numberofemployees: 1200, ownerEmail: west.priya },
  { name: 'Sierra Biotech', domain: 'sierrabiotech.com', country: 'United States', city: 'San Diego', state: 'CA', industry: 'PHARMACEUTICALS', numberofemployees: 2900, ownerEmail: west.priya },
  { name: 'Pacific Crest Airlines', domain: 'pacificcrestair.com', country: 'United States', city: 'San Francisco', state: 'CA', industry: 'AIRLINES_AVIATION', numberofemployees: 14800, ownerEmail: west.ethan },
  { name: 'Desert Sun Energy', domain: 'desertsunenergy.com', country: 'United States', city: 'Phoenix', state: 'AZ', industry: 'OIL_ENERGY', numberofemployees: 4300, ownerEmail: west.ethan },
  { name: 'Maple Ridge Grocers', domain: 'mapleridgegrocers.ca', country: 'Canada', city: 'Toronto', state: 'ON', industry: 'RETAIL', numberofemployees: 11000, ownerEmail: west.hannah },
  { name: 'Borealis Mining Technologies', domain: 'borealismining.ca', country: 'Canada', city: 'Vancouver', state: 'BC', industry: 'MACHINERY', numberofemployees: 3600, ownerEmail: west.hannah },
  { name: 'Sakura Precision Electronics', domain: 'sakura-precision.co.jp', country: 'Japan', city: 'Osaka', industry: 'ELECTRICAL_ELECTRONIC_MANUFACTURING', numberofemployees: 27000, ownerEmail: west.priya },
  { name: 'Kanto Logistics', domain: 'kanto-logistics.co.jp', country: 'Japan', city: 'Tokyo', industry: 'LOGISTICS_AND_SUPPLY_CHAIN', numberofemployees: 8800, ownerEmail: west.ethan },
  { name: 'Southern Cross Bank', domain: 'southerncrossbank.com.au', country: 'Australia', city: 'Sydney', state: 'NSW', industry: 'BANKING', numberofemployees: 19500, ownerEmail: west.hannah },
  { name: 'Outback Telco', domain: 'outbacktelco.com.au', country: 'Australia', city: 'Melbourne', state: 'VIC', industry: 'TELECOMMUNICATIONS', numberofemployees: 6200, ownerEmail: west.priya },
  { name: 'Verde Agro Comércio', domain: 'verdeagro.com.br', country: 'Brazil', city: 'São Paulo', state: 'SP', industry: 'CONSUMER_GOODS', numberofemployees: 9100, ownerEmail: west.ethan },
  { name: 'Lion City Payments', domain: 'lioncitypay.sg', country: 'Singapore', city: 'Singapore', industry: 'FINANCIAL_SERVICES', numberofemployees: 1600, ownerEmail: west.hannah },
];
