import { DEMO_SEED_SOURCE, type AppDemoInput } from './writes.ts';
import { seedCoSellDemo } from './cosell.ts';
import { seedGateDemo } from './gate.ts';
import { seedRoutingDemo } from './routing.ts';
import { seedRingfenceDemo } from './ringfence.ts';

export { asApp, DEMO_SEED_SOURCE, writeAsApp, type AppDemoInput } from './writes.ts';

/**
 * The app's own demo values on the seeded records (co-sell statuses, commitments, ring-fences...),
 * written after setup has created the app's properties, as a portal that has used the app would
 * have them. Each area adds its module to this list.
 */
// The gate's demo runs after the others that write routing inputs: it sets the ones its deals need.
// The ring-fence demo comes last (it writes only attribution) so it attributes every demo deal, whoever created it.
const areas: ReadonlyArray<(input: AppDemoInput) => void> = [seedCoSellDemo, seedRoutingDemo, seedGateDemo, seedRingfenceDemo];

export function seedAppDemo(input: AppDemoInput): void {
  // Demo history predates the app's webhooks: the dispatcher does not deliver DEMO_SEED_SOURCE changes.
  input.store.asSource(DEMO_SEED_SOURCE, () =>
    input.store.transaction(() => {
      for (const seedArea of areas) seedArea(input);
    }),
  );
}
