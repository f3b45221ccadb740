import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExceptionCommand, parseExceptionState, serializeExceptionState, initialExceptionState } from '../../../src/domain/exception/index.ts';
import { JUSTIFICATION } from './fixtures.ts';

const validRequest = { kind: 'request', idempotencyKey: 'click-0001', expectedVersion: 3, reasonCode: 'timing', justification: JUSTIFICATION };

describe('parseExceptionCommand', () => {
  it('accepts each command kind', () => {
    expect(parseExceptionCommand(validRequest)).toMatchObject({ ok: true, command: validRequest });
    expect(parseExceptionCommand({ kind: 'withdraw', idempotencyKey: 'click-0002', expectedVersion: 1 })).toMatchObject({ ok: true });
    expect(parseExceptionCommand({ kind: 'approve', idempotencyKey: 'click-0003', expectedVersion: 1, comment: 'ok' })).toMatchObject({ ok: true });
    expect(parseExceptionCommand({ kind: 'reject', idempotencyKey: 'click-0004', expectedVersion: 1, comment: 'EDP headroom exists.' })).toMatchObject({
      ok: true,
    });
  });

  it.each([
    ['justification', { ...validRequest, justification: 'x'.repeat(29) }],
    ['justification', { ...validRequest, justification: `   ${'short'}            ` }],
    ['reasonCode', { ...validRequest, reasonCode: 'because' }],
    ['idempotencyKey', { ...validRequest, idempotencyKey: 'bad key with spaces' }],
    ['expectedVersion', { ...validRequest, expectedVersion: -1 }],
    ['comment', { kind: 'reject', idempotencyKey: 'click-0005', expectedVersion: 0, comment: 'no' }],
  ])('names the invalid field %s', (field, input) => {
    expect(parseExceptionCommand(input)).toMatchObject({ ok: false, error: { code: 'INVALID_COMMAND', field } });
  });

  it('accepts a justification of exactly 30 characters after trimming', () => {
    expect(parseExceptionCommand({ ...validRequest, justification: `  ${'j'.repeat(30)}  ` })).toMatchObject({ ok: true });
  });

  it('refuses identity smuggled into the command', () => {
    const outcome = parseExceptionCommand({ ...validRequest, actorUserId: '201' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INVALID_COMMAND' } });
    expect(!outcome.ok && outcome.error.message).toContain('actorUserId');
  });

  it('refuses oversized input with a clear error', () => {
    const outcome = parseExceptionCommand({ ...validRequest, justification: 'x'.repeat(1_000_000) });
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'INVALID_COMMAND', field: 'justification', message: expect.stringContaining('at most 2000') as unknown },
    });
  });

  it('never throws and always returns a coded error for arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withNullPrototype: true }), (input) => {
        const outcome = parseExceptionCommand(input);
        expect(outcome.ok).toBe(false);
        if (!outcome.ok) {
          expect(outcome.error.code).toBe('INVALID_COMMAND');
          expect(outcome.error.message.length).toBeGreaterThan(0);
          expect(outcome.error.message.length).toBeLessThan(300);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on near-valid commands with fuzzed fields', () => {
    const field = fc.oneof(fc.string({ maxLength: 3000 }), fc.integer(), fc.double(), fc.constant(null), fc.constant(undefined), fc.array(fc.string()));
    fc.assert(
      fc.property(
        fc.record(
          {
            kind: fc.oneof(fc.constantFrom('request', 'withdraw', 'approve', 'reject'), field),
            idempotencyKey: field,
            expectedVersion: field,
            reasonCode: field,
            justification: field,
            comment: field,
          },
          { requiredKeys: [] },
        ),
        (input) => {
          const outcome = parseExceptionCommand(input);
          if (outcome.ok) {
            expect(['request', 'withdraw', 'approve', 'reject']).toContain(outcome.command.kind);
          } else {
            expect(outcome.error.code).toBe('INVALID_COMMAND');
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('exception state JSON', () => {
  it('round-trips and treats an empty property as no exception', () => {
    const state = initialExceptionState();
    expect(parseExceptionState(serializeExceptionState(state))).toEqual({ ok: true, state });
    expect(parseExceptionState('')).toEqual({ ok: true, state });
    expect(parseExceptionState(null)).toEqual({ ok: true, state });
  });

  it('refuses corrupt or hand-edited state with a clear error', () => {
    expect(parseExceptionState('{not json')).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } });
    const edited = { ...initialExceptionState(), status: 'approved-by-me' };
    expect(parseExceptionState(JSON.stringify(edited))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_STATE', message: expect.stringContaining('status') as unknown },
    });
  });
});
