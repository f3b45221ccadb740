import { SANDBOX_APP_ID, SANDBOX_SEAL_KEY } from '../constants.ts';
import type { CrmStore } from '../crm/index.ts';
import type { ChangeSource } from '../crm/store.ts';
import type { ProtectedKind } from '../../backend/integrity.ts';
import { normalizeAuthoritative, sealedProperties } from '../../hubspot/integrity/seal.ts';
import type { DemoPortalSeed } from '../seed/index.ts';

/** The demo portal's own history, as if imported before the app was installed: no webhooks. */
export const DEMO_SEED_SOURCE: ChangeSource = { sourceType: 'IMPORT', sourceId: 'demo-seed', sourceLabel: 'Demo import', updatedByUserId: null, silent: true };
/** The app's state in the demo, written by the app (sealed) before the sandbox's webhooks existed. */
const DEMO_APP_SOURCE: ChangeSource = {
  sourceType: 'INTEGRATION',
  sourceId: String(SANDBOX_APP_ID),
  sourceLabel: 'Cloud co-sell',
  updatedByUserId: null,
  silent: true,
};

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
    store.updateObject(
      kind.objectType,
      id,
      { ...kind.projections(values, options.projectAt ?? at, id), ...extra, ...sealedProperties(SANDBOX_SEAL_KEY, kind.objectType, id, values, at.getTime()) },
      at,
    ),
  );
}

export interface AppDemoInput {
  store: CrmStore;
  seed: DemoPortalSeed;
  today: Date;
}
