import { asApiFailure, isTransient, toHubSpotError, type ApiFailure } from './errors.ts';

export interface RetryPolicy {
  /** Total attempts, the first included (the same meaning as api-client's `numberOfApiCallRetries`). */
  maxAttempts: number;
  /** No retry of one call may start after this much time has gone by. */
  budgetMs: number;
  /**
   * The whole invocation's end (epoch ms), shared by every call: a function has 15 s in all, so its
   * retries together must finish before HubSpot stops it, not each call on its own budget.
   */
  deadline?: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** What a retried call needs at least, after its wait, to be worth starting. */
const MIN_CALL_MS = 500;

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  budgetMs: 8_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};

function header(failure: ApiFailure, name: string): string | undefined {
  const headers = failure.headers ?? {};
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** How long HubSpot wants us to wait before attempt `attempt + 1`. */
export function backoffMs(failure: ApiFailure, attempt: number): number {
  const retryAfterSeconds = Number(header(failure, 'retry-after'));
  if (Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0) return retryAfterSeconds * 1000;
  if (failure.code === 429) {
    const policyName = typeof failure.body === 'object' ? failure.body?.policyName : undefined;
    const policy = typeof policyName === 'string' ? policyName : '';
    // The secondly (search) limit clears within a second; the ten-secondly window drains gradually.
    return policy === 'TEN_SECONDLY_ROLLING' ? 1_000 * 2 ** (attempt - 1) : 1_000;
  }
  return 200 * 2 ** (attempt - 1);
}

/**
 * Runs one HubSpot call with retries on burst 429s and 5xx. Writes that are not idempotent
 * (creates) retry only on 429, which HubSpot answers before doing anything; a 5xx on a create may
 * have created the record, so it surfaces instead of risking a duplicate.
 */
export async function withRetry<T>(operation: string, call: () => Promise<T>, policy: RetryPolicy, idempotent = true): Promise<T> {
  const startedAt = policy.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const failure = asApiFailure(error);
      const retryable = failure !== undefined && isTransient(failure) && (idempotent || failure.code === 429);
      if (!retryable || attempt >= policy.maxAttempts) throw toHubSpotError(error, operation, attempt);
      const wait = backoffMs(failure, attempt);
      if (policy.now() - startedAt + wait > policy.budgetMs) throw toHubSpotError(error, operation, attempt);
      // The retry, and the call after it, must still fit before the invocation's end.
      if (policy.deadline !== undefined && policy.now() + wait + MIN_CALL_MS > policy.deadline) throw toHubSpotError(error, operation, attempt);
      await policy.sleep(wait);
    }
  }
}
