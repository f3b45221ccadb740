import type { CrmObjectType, HubSpotGateway, RecordRead } from '../hubspot/gateway.ts';
import { displayName, type PortalDirectory } from '../hubspot/directory.ts';
import { ensureNote, ensureTask } from '../hubspot/records/engagements.ts';
import { escapeNoteText, referenceLine } from '../hubspot/records/gate-audit.ts';
import { appProperties } from '../hubspot/schema/index.ts';
import {
  normalizeAuthoritative,
  protectedPropertyNames,
  sameValues,
  sealedProperties,
  type AuthoritativeValues,
  type ProtectedObjectType,
} from '../hubspot/integrity/seal.ts';
import { verifyProtected, type OutsideWriter } from '../hubspot/integrity/verify.ts';
import type { BackendStore } from './store/index.ts';

/** What one kind of protected record needs besides its authoritative values. */
export interface ProtectedKind {
  objectType: ProtectedObjectType;
  /** What people call the state in notes: "the exception gate state". */
  description: string;
  /** Flat properties derived from the trusted values; written with them, so reports never disagree. */
  projections(trusted: AuthoritativeValues, now: Date, id: string): Record<string, string>;
  /** Every property `projections` writes, so a read can tell when one was changed. */
  projectionNames: readonly string[];
  /** The HubSpot owner who gets a task when someone edits the record's app state outside the app. */
  notifyOwnerId(read: RecordRead, trusted: AuthoritativeValues, directory: PortalDirectory): string | null;
}

export interface TamperReport {
  changed: string[];
  writers: OutsideWriter[];
  count: number;
}

export interface TrustedRead extends RecordRead {
  /** The values the app last wrote: what every decision, card and note uses. */
  trusted: AuthoritativeValues;
  /** Set when this read found an outside edit and put the app's values back. */
  repaired: TamperReport | null;
}

interface LedgerState {
  values: AuthoritativeValues;
  sealedAt: number;
}

const LEDGER_NAME = 'authoritative';

/** HubSpot returns numbers and instants in its own form; a flat copy matches when it means the same. */
function sameStored(stored: string | null | undefined, wanted: string | undefined): boolean {
  const a = stored ?? '';
  const b = wanted ?? '';
  if (a === b) return true;
  if (a === '' || b === '') return false;
  if (Number.isFinite(Number(a)) && Number.isFinite(Number(b))) return Number(a) === Number(b);
  const [ta, tb] = [Date.parse(a), Date.parse(b)];
  return !Number.isNaN(ta) && ta === tb && /\d{4}-\d{2}-\d{2}/.test(a) && /\d{4}-\d{2}-\d{2}/.test(b);
}

function projectionWriters(loaded: RecordRead, names: readonly string[]): OutsideWriter[] {
  return names.flatMap((name) => {
    const newest = [...(loaded.history[name] ?? [])].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp))[0];
    if (!newest) return [];
    const userId =
      newest.updatedByUserId ?? (/^userId:(\d+)$/.exec(newest.sourceId ?? '')?.[1] ? Number(/^userId:(\d+)$/.exec(newest.sourceId ?? '')![1]) : undefined);
    return [
      {
        sourceType: newest.sourceType,
        sourceId: newest.sourceId ?? null,
        sourceLabel: newest.sourceLabel ?? null,
        userId: userId === undefined ? null : String(userId),
        at: newest.timestamp,
        properties: [name],
      },
    ];
  });
}
const labelOf = new Map(appProperties.map((property) => [`${property.objectType}:${property.name}`, property.label]));

function describeWriter(writer: OutsideWriter, directory: PortalDirectory): string {
  const person = writer.userId ? `${displayName(directory, writer.userId)}` : null;
  const who =
    writer.sourceType === 'CRM_UI'
      ? `${person ?? 'someone'}${writer.userId ? ` (HubSpot user ${writer.userId})` : ''} in HubSpot`
      : writer.sourceType === 'IMPORT'
        ? `an import (${writer.sourceId ?? 'unknown id'})${person ? ` run by ${person}` : ''}`
        : writer.sourceType === 'INTEGRATION'
          ? `another integration (${[writer.sourceLabel, writer.sourceId].filter(Boolean).join(' ') || 'unknown'})`
          : writer.sourceType === 'AUTOMATION_PLATFORM'
            ? `a workflow (${writer.sourceId ?? 'unknown'})`
            : `${writer.sourceLabel ?? 'an unnamed source'}${person ? ` for ${person}` : ''}`;
  return `${who}, recorded by HubSpot as ${writer.sourceType} at ${writer.at}`;
}

/**
 * Keeps the app's state in HubSpot honest. The backend's own store holds the last authoritative
 * values the app wrote for each record (the ledger); HubSpot holds the same values with the app's
 * seal, which functions can check without the ledger. Every read compares the two with HubSpot's
 * property history; anything written by anyone else is put back, counted, noted on the record and
 * turned into a task. Callers hold the record's lock.
 */
export class AppStateKeeper {
  constructor(
    private readonly gateway: HubSpotGateway,
    private readonly store: BackendStore,
    private readonly sealKey: string,
    /** Ledger rows are kept per portal, so one database can serve a test and a production portal. */
    private readonly portalId: string,
    /** The app's id, as HubSpot names the app's own writes; without it a changed projection is only refreshed, never counted. */
    private readonly appId: string | null = null,
  ) {}

  /** The record, its associations and the trusted values; repairs first when someone else changed them. */
  async read(
    kind: ProtectedKind,
    id: string,
    read: { properties: readonly string[]; history?: readonly string[]; associations?: readonly CrmObjectType[] },
    now: Date,
    directory: PortalDirectory,
  ): Promise<TrustedRead> {
    const names = [...protectedPropertyNames(kind.objectType), ...kind.projectionNames];
    const loaded = await this.gateway.readRecord(kind.objectType, id, {
      properties: [...new Set([...read.properties, ...names])],
      history: [...new Set([...(read.history ?? []), ...names])],
      associations: read.associations ?? [],
    });
    const decision = await this.reconcile(kind, id, loaded);
    if (!decision.tampered) {
      if (decision.adopt) await this.remember(kind, id, decision.trusted, decision.sealedAt ?? now.getTime(), now);
      // The flat copies: changed by someone else is an outside edit; merely out of date (a status that
      // expired with the calendar, a write that failed) is brought up to date.
      const stale = this.staleProjections(kind, id, loaded, decision.trusted, now);
      if (stale.byOthers.length > 0) {
        const report = await this.repair(kind, id, loaded, { ...decision, changedProjections: stale.byOthers }, now, directory);
        const repaired = normalizeAuthoritative(kind.objectType, {
          ...decision.trusted,
          cosell_tamper_count: String(report.count),
          cosell_tamper_detected_at: now.toISOString(),
        });
        return { ...loaded, trusted: repaired, repaired: report };
      }
      if (stale.names.length > 0)
        await this.gateway.updateRecord(
          kind.objectType,
          id,
          Object.fromEntries(stale.names.map((name) => [name, kind.projections(decision.trusted, now, id)[name] ?? ''])),
        );
      return { ...loaded, trusted: decision.trusted, repaired: null };
    }
    const report = await this.repair(kind, id, loaded, decision, now, directory);
    const repaired = normalizeAuthoritative(kind.objectType, {
      ...decision.trusted,
      cosell_tamper_count: String(report.count),
      cosell_tamper_detected_at: now.toISOString(),
    });
    return { ...loaded, trusted: repaired, repaired: report };
  }

  /** Writes new authoritative values (merged over `trusted`), their seal and projections in one update, then the ledger. */
  async write(
    kind: ProtectedKind,
    id: string,
    trusted: AuthoritativeValues,
    changes: Readonly<Record<string, string>>,
    now: Date,
    extra: Readonly<Record<string, string>> = {},
  ): Promise<AuthoritativeValues> {
    const values = normalizeAuthoritative(kind.objectType, { ...trusted, ...changes });
    const sealedAt = now.getTime();
    await this.gateway.updateRecord(kind.objectType, id, {
      ...kind.projections(values, now, id),
      ...extra,
      ...sealedProperties(this.sealKey, kind.objectType, id, values, sealedAt),
    });
    // HubSpot first: a crash here leaves HubSpot ahead, which the next read adopts (newer genuine seal).
    await this.remember(kind, id, values, sealedAt, now);
    return values;
  }

  /**
   * An outside edit of a value the app derives elsewhere (a deal's alliance attribution): counted,
   * noted and tasked like any other. `read` must carry the history of `changed`, to name the writer;
   * the caller writes the right value back.
   */
  async recordOutsideEdit(
    kind: ProtectedKind,
    id: string,
    read: TrustedRead,
    changed: readonly string[],
    now: Date,
    directory: PortalDirectory,
  ): Promise<TamperReport> {
    const verification = verifyProtected({
      key: this.sealKey,
      objectType: kind.objectType,
      id,
      properties: { ...read.record.properties, ...read.trusted },
      history: {},
    });
    return this.repair(
      kind,
      id,
      read,
      {
        verification: { ...verification, current: read.trusted },
        trusted: read.trusted,
        sealedAt: null,
        tampered: true,
        adopt: false,
        changedProjections: changed,
      },
      now,
      directory,
    );
  }

  private staleProjections(
    kind: ProtectedKind,
    id: string,
    loaded: RecordRead,
    trusted: AuthoritativeValues,
    now: Date,
  ): { names: string[]; byOthers: string[] } {
    const wanted = kind.projections(trusted, now, id);
    const names = Object.keys(wanted).filter((name) => !sameStored(loaded.record.properties[name], wanted[name]));
    const byOthers = names.filter((name) => {
      const newest = [...(loaded.history[name] ?? [])].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp))[0];
      return this.appId !== null && newest !== undefined && !(newest.sourceType === 'INTEGRATION' && newest.sourceId === this.appId);
    });
    return { names, byOthers };
  }

  private async remember(kind: ProtectedKind, id: string, values: AuthoritativeValues, sealedAt: number, now: Date): Promise<void> {
    const state: LedgerState = { values, sealedAt };
    await this.store.ledgerWrite(kind.objectType, `${this.portalId}/${id}`, { [LEDGER_NAME]: JSON.stringify(state) }, now.getTime());
  }

  private async reconcile(kind: ProtectedKind, id: string, loaded: RecordRead) {
    const verification = verifyProtected({ key: this.sealKey, objectType: kind.objectType, id, properties: loaded.record.properties, history: loaded.history });
    const stored = (await this.store.ledgerRead(kind.objectType, `${this.portalId}/${id}`)).get(LEDGER_NAME);
    const ledger = stored ? (JSON.parse(stored.value) as LedgerState) : null;
    const base = { verification, sealedAt: verification.trustedAt };
    if (!ledger) {
      return { ...base, trusted: verification.trusted, tampered: verification.status === 'tampered', adopt: verification.status === 'sealed' };
    }
    if (verification.status === 'sealed' && sameValues(verification.current, ledger.values))
      return { ...base, trusted: ledger.values, tampered: false, adopt: false };
    // The app wrote HubSpot and stopped before its ledger: the newer genuine seal is the app's own write.
    if (verification.status === 'sealed' && (verification.trustedAt ?? 0) > ledger.sealedAt)
      return { ...base, trusted: verification.current, tampered: false, adopt: true };
    return { ...base, trusted: ledger.values, tampered: true, adopt: false };
  }

  private async repair(
    kind: ProtectedKind,
    id: string,
    loaded: RecordRead,
    decision: Awaited<ReturnType<AppStateKeeper['reconcile']>> & { changedProjections?: readonly string[] },
    now: Date,
    directory: PortalDirectory,
  ): Promise<TamperReport> {
    const { verification, trusted } = decision;
    const current = verification.current;
    const changed = [...Object.keys(trusted).filter((name) => (current[name] ?? '') !== (trusted[name] ?? '')), ...(decision.changedProjections ?? [])];
    // For a changed projection HubSpot's history names the writer; the verification only looks at the sealed values.
    const writers = decision.changedProjections?.length ? projectionWriters(loaded, decision.changedProjections) : verification.writers;
    const count = Number(trusted.cosell_tamper_count || 0) + 1;
    // Stable across retries of the same detection, so a crash after the note never writes a second one.
    const evidence = writers[0]?.at ?? loaded.record.properties.hs_lastmodifieddate ?? loaded.record.properties.cosell_app_seal ?? 'unknown';
    const marker = `cosell-tamper/${kind.objectType}/${id}/${Date.parse(evidence) || evidence}`;
    const labels = (changed.length > 0 ? changed : ['cosell_app_seal']).map((name) => labelOf.get(`${kind.objectType}:${name}`) ?? name);
    const body = [
      `<p><strong>App data changed outside Cloud co-sell, and restored</strong></p>`,
      `<p>Changed: ${escapeNoteText(labels.join(', '))}.</p>`,
      `<p>By ${writers.length > 0 ? escapeNoteText(writers.map((writer) => describeWriter(writer, directory)).join('; ')) : 'someone HubSpot did not name'}.</p>`,
      `<p>Only the app may write ${escapeNoteText(kind.description)}; its last values${verification.trustedAt ? ` (written ${new Date(verification.trustedAt).toISOString()})` : ''} are back. This is outside edit number ${count} on this record.</p>`,
      referenceLine(marker),
    ].join('');
    const on = { type: kind.objectType, id };
    await ensureNote(this.gateway, on, marker, body, now);
    const ownerId = kind.notifyOwnerId(loaded, trusted, directory);
    if (ownerId) {
      const name = loaded.record.properties.dealname ?? loaded.record.properties.name ?? `${kind.objectType === 'deals' ? 'Deal' : 'Company'} ${id}`;
      await ensureTask(this.gateway, on, marker, { subject: `Review: Cloud co-sell data on ${name} was changed outside the app`, body, ownerId, at: now });
    }
    await this.write(kind, id, trusted, { cosell_tamper_count: String(count), cosell_tamper_detected_at: now.toISOString() }, now);
    return { changed, writers, count };
  }
}
