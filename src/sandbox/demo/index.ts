import type { CrmStore } from '../crm/index.ts';
import type { DemoPortalSeed } from '../seed/index.ts';

export const DEMO_SEED_SOURCE = { changeSource: 'IMPORT', sourceId: 'demo-seed' } as const;

export interface AppDemoInput {
  store: CrmStore;
  seed: DemoPortalSeed;
  today: Date;
}

/**
 * The app's own demo values on the seeded records (co-sell statuses, commitments, ring-fences...),
 * written after setup has created the app's properties, as a portal that has used the app would
 * have them. Each area adds its module to this list.
 */
const areas: ReadonlyArray<(input: AppDemoInput) => void> = [];

export function seedAppDemo(input: AppDemoInput): void {
  // Demo history predates the app's webhooks: the dispatcher does not deliver DEMO_SEED_SOURCE changes.
  input.store.asSource(DEMO_SEED_SOURCE, () =>
    input.store.transaction(() => {
      for (const seedArea of areas) seedArea(input);
    }),
  );
}
