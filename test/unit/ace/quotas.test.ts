import { describe, expect, it } from 'vitest';
import {
  AWS_ACE_QUOTAS,
  aceDailyAllowance,
  aceDailyLimitMessage,
  aceDailyLimitReport,
  aceQuotaBucket,
  aceQuotaCountedFrom,
  aceQuotaFreesAt,
} from '../../../src/domain/ace/quotas.ts';

const at = (iso: string) => Date.parse(iso);

describe("AWS's daily quotas", () => {
  it('leaves the reserve to people: background work gets the rest, people the whole quota', () => {
    expect(aceDailyAllowance(AWS_ACE_QUOTAS.writesPerDay, 'background')).toBe(9_000);
    expect(aceDailyAllowance(AWS_ACE_QUOTAS.writesPerDay, 'person')).toBe(10_000);
    expect(aceDailyAllowance(20, 'background', 0.25)).toBe(15);
    // Never rounds in the background's favour.
    expect(aceDailyAllowance(7, 'background', 0.1)).toBe(6);
  });

  it('counts an hour until it has wholly left the last 24 hours, never less than AWS counts', () => {
    const call = at('2026-12-03T09:59:59.000Z');
    const bucket = aceQuotaBucket(call);
    expect(bucket).toBe(at('2026-12-03T09:00:00.000Z'));
    // AWS stops counting the call at 09:59:59 the next day; the hour is counted until 10:00.
    expect(aceQuotaCountedFrom(at('2026-12-04T09:59:59.000Z'))).toBe(bucket);
    expect(aceQuotaCountedFrom(at('2026-12-04T10:00:00.000Z'))).toBeGreaterThan(bucket);
    expect(aceQuotaFreesAt(bucket)).toBe(at('2026-12-04T10:00:00.000Z'));
  });

  it("says when held-back work goes out, with the day when it is not today's (UTC)", () => {
    const now = at('2026-12-03T09:30:00.000Z');
    expect(aceDailyLimitMessage(at('2026-12-03T17:00:00.000Z'), now)).toBe("AWS's daily limit reached; will send after 17:00 UTC.");
    expect(aceDailyLimitMessage(at('2026-12-04T10:00:00.000Z'), now)).toBe("AWS's daily limit reached; will send after 10:00 UTC on 4 December.");
  });

  it('reports use and what waits in one line for the diagnostics view', () => {
    const now = at('2026-12-03T09:30:00.000Z');
    const reads = { used: 120, limit: 100_000, backgroundLimit: 90_000, waitingUntil: null };
    const spent = { used: 9_000, limit: 10_000, backgroundLimit: 9_000, waitingUntil: '2026-12-04T10:00:00.000Z' };
    expect(aceDailyLimitReport({ reads, writes: spent }, 3, now)).toBe(
      "Writes: 9,000 of 10,000 in the last 24 hours (1,000 kept for people's own actions). Reads: 120 of 100,000 in the last 24 hours (10,000 kept for people's own actions). AWS's daily limit reached; will send after 10:00 UTC on 4 December: 3 changes wait.",
    );
    expect(aceDailyLimitReport({ reads, writes: { ...spent, used: 10, waitingUntil: null } }, 0, now)).not.toMatch(/limit reached/);
  });
});
