export type RingfenceErrorCode =
  | 'not_alliance_manager'
  | 'idempotency_key_reused'
  | 'concurrent_change'
  | 'already_ringfenced'
  | 'retroactive_claim'
  | 'stage_order_unknown'
  | 'engagement_in_future'
  | 'engagement_too_old'
  | 'ringfence_not_found'
  | 'ringfence_not_active'
  | 'evidence_not_newer'
  | 'extension_not_later'
  | 'extension_limit_reached'
  | 'span_limit_reached'
  | 'not_ringfence_owner'
  | 'cooling_off'
  | 'evidence_cloud_mismatch'
  | 'contact_domain_not_hyperscaler'
  | 'domain_override_not_allowed';

/** A refused command: `message` is written for the person who issued it; `details` for code and tests. */
export interface RingfenceError {
  code: RingfenceErrorCode;
  message: string;
  details: Readonly<Record<string, string | number | null>>;
}

export function ringfenceError(code: RingfenceErrorCode, message: string, details: Record<string, string | number | null> = {}): RingfenceError {
  return { code, message, details };
}
