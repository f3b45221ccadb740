export type GateErrorCode =
  | 'INVALID_COMMAND'
  | 'INVALID_STATE'
  | 'VERSION_CONFLICT'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INVALID_TRANSITION'
  | 'EXCEPTION_NOT_NEEDED'
  | 'FACTS_CHANGED'
  | 'NOT_ON_DEAL'
  | 'NOT_THE_REQUESTER'
  | 'SELF_APPROVAL'
  | 'SAME_APPROVER_TWICE'
  | 'NOT_AN_APPROVER'
  | 'NOT_SENIOR';

export interface GateError {
  code: GateErrorCode;
  message: string;
  /** The offending input field, for parse errors. */
  field?: string;
  /** For VERSION_CONFLICT: the version the caller should reload. */
  currentVersion?: number;
}

export type Result<T> = ({ ok: true } & T) | { ok: false; error: GateError };

export function gateError(code: GateErrorCode, message: string, extra: Omit<GateError, 'code' | 'message'> = {}): { ok: false; error: GateError } {
  return { ok: false, error: { code, message, ...extra } };
}
