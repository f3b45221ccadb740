import { describe, expect, it } from 'vitest';
import { readBackendAnswer } from '../../app/cards/backendActions.ts';

describe("what the card makes of an answer through HubSpot's proxy", () => {
  it('reads the backend envelope as it is, and unwrapped from the proxy envelope', () => {
    expect(readBackendAnswer(200, JSON.stringify({ ok: true, result: { message: 'Done it.' } }))).toEqual({
      ok: true,
      result: { message: 'Done it.' },
      message: 'Done it.',
    });
    const wrapped = {
      status: 'error',
      category: 'BAD_GATEWAY',
      message: 'Error returned from Request Uri',
      responseBody: JSON.stringify({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'Not accepted: expired.' } }),
    };
    expect(readBackendAnswer(401, JSON.stringify(wrapped))).toEqual({
      ok: false,
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('Reload the page') as unknown,
    });
  });

  it.each([
    [413, /larger than HubSpot allows/],
    [429, /Too many requests/],
    [502, /HubSpot tried twice/],
    [504, /may still have been made/],
  ])('says what HubSpot status %s means for the person', (status, message) => {
    const envelope = { status: 'error', category: 'X', message: 'proxy says no', responseBody: '' };
    expect(readBackendAnswer(status, JSON.stringify(envelope))).toMatchObject({ ok: false, message: expect.stringMatching(message) as unknown });
    expect(readBackendAnswer(status, 'not json')).toMatchObject({ ok: false, message: expect.stringMatching(message) as unknown });
  });
});
