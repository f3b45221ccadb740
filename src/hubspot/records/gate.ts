import { z } from 'zod';
import { parseExceptionState, serializeExceptionState } from '../../domain/exception/state.ts';
import { ROUTES, type ExceptionState, type Route } from '../../domain/exception/types.ts';

/** The deal properties this mapping reads; pass them as `properties` when fetching the deal. */
export const GATE_PROPERTY_NAMES = [
  'cosell_exception_state',
  'cosell_exception_audited_version',
  'cosell_route_chosen',
  'cosell_gate_violation',
  'cosell_gate_violation_detected_at',
  'cosell_gate_violation_count',
] as const;

const emptyToNull = (value: string | null | undefined): string | null => (value === undefined || value === null || value.trim() === '' ? null : value);

const gateRecordSchema = z.object({
  cosell_exception_state: z.string().nullish().transform(emptyToNull),
  cosell_exception_audited_version: z
    .string()
    .nullish()
    .transform(emptyToNull)
    .pipe(
      z
        .string()
        .regex(/^\d{1,9}$/)
        .nullable(),
    ),
  cosell_route_chosen: z.string().nullish().transform(emptyToNull).pipe(z.enum(ROUTES).nullable()),
  cosell_gate_violation: z
    .string()
    .nullish()
    .transform(emptyToNull)
    .pipe(z.enum(['true', 'false']).nullable()),
  cosell_gate_violation_detected_at: z
    .string()
    .nullish()
    .transform(emptyToNull)
    .pipe(z.union([z.iso.datetime({ offset: true }), z.string().regex(/^\d{1,15}$/)]).nullable()),
  cosell_gate_violation_count: z
    .string()
    .nullish()
    .transform(emptyToNull)
    .pipe(
      z
        .string()
        .regex(/^\d{1,9}$/)
        .nullable(),
    ),
});

export interface GateViolationRecord {
  flagged: boolean;
  detectedAt: string | null;
  count: number;
}

export interface GateRecord {
  exception: ExceptionState;
  /** History entries up to this version have their audit note on the deal. */
  auditedVersion: number;
  routeChosen: Route | null;
  violation: GateViolationRecord;
}

export type GateRecordResult = { ok: true; record: GateRecord } | { ok: false; field: string; message: string };

/** HubSpot returns datetimes as ISO strings, but accepts and sometimes echoes epoch milliseconds. */
function toIso(value: string | null): string | null {
  if (value === null) return null;
  return /^\d+$/.test(value) ? new Date(Number(value)).toISOString() : new Date(value).toISOString();
}

/**
 * Maps a deal's raw properties. The state JSON is the source of truth; the flat exception
 * properties are projections written from it and are not read back.
 */
export function parseGateRecord(properties: Record<string, string | null>): GateRecordResult {
  const parsed = gateRecordSchema.safeParse(properties);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || 'properties';
    return { ok: false, field, message: `Deal property "${field}" is invalid: ${issue?.message ?? 'invalid'}` };
  }
  const values = parsed.data;
  const exception = parseExceptionState(values.cosell_exception_state);
  if (!exception.ok) return { ok: false, field: 'cosell_exception_state', message: exception.error.message };
  return {
    ok: true,
    record: {
      exception: exception.state,
      auditedVersion: values.cosell_exception_audited_version === null ? 0 : Number(values.cosell_exception_audited_version),
      routeChosen: values.cosell_route_chosen,
      violation: {
        flagged: values.cosell_gate_violation === 'true',
        detectedAt: toIso(values.cosell_gate_violation_detected_at),
        count: values.cosell_gate_violation_count === null ? 0 : Number(values.cosell_gate_violation_count),
      },
    },
  };
}

/** Any decision on the current request (an approval, or the rejection, which leaves no approval) was an override. */
function decidedByOverride(state: ExceptionState): boolean {
  const sinceRequest = state.history.slice(state.history.map((entry) => entry.action).lastIndexOf('request') + 1);
  return state.approvals.some((approval) => approval.override) || sinceRequest.some((entry) => entry.action === 'reject' && entry.override);
}

/** Every exception property in one update, so the flat projections never drift from the JSON. */
export function exceptionStateToProperties(state: ExceptionState): Record<string, string> {
  const request = state.request;
  const approverFor = (step: 'team' | 'senior') => state.approvals.find((approval) => approval.step === step)?.approverUserId ?? '';
  return {
    cosell_exception_status: state.status,
    cosell_exception_reason_code: request?.reasonCode ?? '',
    cosell_exception_requested_by: request?.requesterUserId ?? '',
    cosell_exception_requested_at: request?.requestedAt ?? '',
    cosell_exception_approver: approverFor('team'),
    cosell_exception_senior_approver: approverFor('senior'),
    cosell_exception_override: String(decidedByOverride(state)),
    cosell_exception_decided_at: state.decidedAt ?? '',
    cosell_exception_expires_at: state.expiresAt ?? '',
    cosell_exception_state: serializeExceptionState(state),
    cosell_exception_state_version: String(state.version),
  };
}

export function auditedVersionToProperties(version: number): Record<string, string> {
  return { cosell_exception_audited_version: String(version) };
}

export function routeChosenToProperties(route: Route | null): Record<string, string> {
  return { cosell_route_chosen: route ?? '' };
}

/** Clears the flag once the deal no longer breaks the gate; the count and the last detection stay. */
export function gateViolationClearedToProperties(): Record<string, string> {
  return { cosell_gate_violation: 'false' };
}

/** Flags a newly detected violation, keeping the running count. */
export function gateViolationToProperties(previous: GateViolationRecord, detectedAt: Date): Record<string, string> {
  return {
    cosell_gate_violation: 'true',
    cosell_gate_violation_detected_at: detectedAt.toISOString(),
    cosell_gate_violation_count: String(previous.count + 1),
  };
}
