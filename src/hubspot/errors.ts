/** What went wrong talking to HubSpot, in terms the app can act on. */
export type HubSpotErrorKind =
  'not_found' | 'validation' | 'conflict' | 'unauthorized' | 'forbidden' | 'rate_limited' | 'daily_limit' | 'unavailable' | 'unexpected';

export class HubSpotError extends Error {
  override readonly name = 'HubSpotError';
  constructor(
    readonly kind: HubSpotErrorKind,
    message: string,
    readonly details: {
      status?: number;
      category?: string;
      correlationId?: string;
      operation: string;
      attempts: number;
    },
  ) {
    super(message);
  }
}

interface HubSpotErrorBody {
  message?: unknown;
  category?: unknown;
  correlationId?: unknown;
  policyName?: unknown;
  errorType?: unknown;
}

/** The shape `@hubspot/api-client` rejects with: `ApiException { code, body, headers }`. */
export interface ApiFailure {
  code: number;
  body: HubSpotErrorBody | string | undefined;
  headers: Record<string, string> | undefined;
}

export function asApiFailure(error: unknown): ApiFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, body, headers } = error as { code?: unknown; body?: unknown; headers?: unknown };
  if (typeof code !== 'number') return undefined;
  return {
    code,
    body: typeof body === 'object' && body !== null ? body : typeof body === 'string' ? body : undefined,
    headers: typeof headers === 'object' && headers !== null ? (headers as Record<string, string>) : undefined,
  };
}

function bodyField(body: ApiFailure['body'], field: keyof HubSpotErrorBody): string | undefined {
  if (typeof body !== 'object' || body === undefined) return undefined;
  const value = body[field];
  return typeof value === 'string' ? value : undefined;
}

export function isDailyLimit(failure: ApiFailure): boolean {
  return failure.code === 429 && (bodyField(failure.body, 'policyName') ?? '').toUpperCase() === 'DAILY';
}

/** True for failures that HubSpot says to retry: burst 429s and server errors. */
export function isTransient(failure: ApiFailure): boolean {
  return (failure.code === 429 && !isDailyLimit(failure)) || failure.code >= 500;
}

const kindByStatus: Record<number, HubSpotErrorKind> = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'validation',
};

export function toHubSpotError(error: unknown, operation: string, attempts: number): HubSpotError {
  const failure = asApiFailure(error);
  if (!failure) {
    const reason = error instanceof Error ? error.message : String(error);
    return new HubSpotError('unavailable', `HubSpot could not be reached for ${operation}: ${reason}`, {
      operation,
      attempts,
    });
  }
  const kind: HubSpotErrorKind = isDailyLimit(failure)
    ? 'daily_limit'
    : failure.code === 429
      ? 'rate_limited'
      : failure.code >= 500
        ? 'unavailable'
        : (kindByStatus[failure.code] ?? 'unexpected');
  const hubspotMessage = bodyField(failure.body, 'message') ?? (typeof failure.body === 'string' ? failure.body : '');
  const summary: Record<HubSpotErrorKind, string> = {
    not_found: 'the record does not exist or was deleted',
    validation: 'HubSpot rejected the values',
    conflict: 'it conflicts with what HubSpot already has',
    unauthorized: 'the app token is missing, invalid or expired',
    forbidden: 'the app lacks the scope for it',
    rate_limited: `HubSpot's burst rate limit was still exceeded after ${attempts} attempt(s)`,
    daily_limit: "the portal's daily API limit is used up; retry tomorrow",
    unavailable: `HubSpot answered ${failure.code} after ${attempts} attempt(s)`,
    unexpected: `HubSpot answered ${failure.code}`,
  };
  const message = `${operation} failed: ${summary[kind]}${hubspotMessage ? ` (${hubspotMessage})` : ''}`;
  return new HubSpotError(kind, message, {
    status: failure.code,
    category: bodyField(failure.body, 'category') ?? bodyField(failure.body, 'errorType'),
    correlationId: bodyField(failure.body, 'correlationId'),
    operation,
    attempts,
  });
}
