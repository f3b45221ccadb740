import { SANDBOX_APP_ID, SANDBOX_SEAL_KEY } from '../constants.ts';
import type { CrmStore } from '../crm/index.ts';
import type { ChangeSource } from '../crm/store.ts';
import type { ProtectedKind } from '../../backend/integrity.ts';
import { normalizeAuthoritative, sealedProperties } from '../../hubspot/integrity/seal.ts';
import type { DemoPortalSeed } from '../seed/index.ts';
import { seedCoSellDemo } from './cosell.ts';
import { seedGateDemo } from './gate.ts';
import { seedRoutingDemo } from './routing.ts';
import { seedRingfenceDemo } from './ringfence.ts';

/** The demo portal's own history, as if imported before the app was installed: no webhooks. */
export const DEMO_SEED_SOURCE: ChangeSource = { sourceType: 'IMPORT', sourceId: 'demo-seed', sourceLabel: 'Demo import', updatedByUserId: null, silent: true };
/** The app's state in the demo, written by the app (sealed) before the sandbox's webhooks existed. */
const DEMO_APP_SOURCE: ChangeSource = { sourceType: 'INTEGRATION', sourceId: String(SANDBOX_APP_ID), sourceLabel: 'Cloud co-sell', updatedByUserId: null, silent: true };

const { silent: _silent, ...APP_SOURCE } = DEMO_APP_SOURCE;

/** Runs demo writes as the app's own (derived values such as deal attribution). */
export function asApp<T>(store: CrmStore, write: () => T): T {
  return store.asSource(DEMO_APP_SOURCE, write);
}

/**
 * Writes app state into the demo as the app would: the authoritative values merged over the
 * record's, their projections and the app's seal, recorded in history as the app's write at `at`.
 */
export function writeAsApp(
  store: CrmStore,
  kind: ProtectedKind,
  id: string,
  changes: Readonly<Record<string, string>>,
  at: Date,
  options: { extra?: Readonly<Record<string, string>>; webhooks?: boolean; projectAt?: Date } = {},
): void {
  const extra = options.extra ?? {};
  const record = store.getObject(kind.objectType, id);
  if (!record) throw new Error(`No ${kind.objectType} record ${id} in the demo portal`);
  const values = normalizeAuthoritative(kind.objectType, { ...normalizeAuthoritative(kind.objectType, record.properties), ...changes });
  store.asSource(options.webhooks ? APP_SOURCE : DEMO_APP_SOURCE, () =>
    store.updateObject(kind.objectType, id, { ...kind.projections(values, options.projectAt ?? at, id), ...extra, ...sealedProperties(SANDBOX_SEAL_KEY, kind.objectType, id, values, at.getTime()) }, at),
  );
}

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
