import { attributionProperties } from './attribution.ts';
import type { DealReadPlan } from './context.ts';
import { coSellProperties } from './cosell.ts';
import { gateProperties } from './gate.ts';
import { routingProperties } from './routing.ts';

/** The properties each deal card section needs; every section adds its own lists here. */
export const dealReadPlan: DealReadPlan = {
  deal: [...coSellProperties.deal, ...attributionProperties.deal, ...gateProperties.deal, ...routingProperties.deal],
  company: [...coSellProperties.company, ...attributionProperties.company, ...gateProperties.company, ...routingProperties.company],
  contact: [...coSellProperties.contact, ...attributionProperties.contact],
};
