import { describe, expect, it } from 'vitest';
import { runAceCheck } from '../../../src/cli/ace-check.ts';
import { TODAY, validPayload, withField } from './fixtures/payloads.ts';

async function* linesOf(lines: string[]) {
  yield* lines;
}

async function run(lines: string[]) {
  const out: string[] = [];
  const code = await runAceCheck(linesOf(lines), (s) => out.push(s), { today: TODAY });
  return {
    code,
    results: out
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { ready: boolean; problems: unknown[] }),
  };
}

describe('cosell ace-check', () => {
  it('writes one result per payload line and exits 0', async () => {
    const broken = withField(validPayload(), 'Project.Title', undefined);
    const { code, results } = await run([JSON.stringify(validPayload()), JSON.stringify(broken)]);
    expect(code).toBe(0);
    expect(results).toEqual([
      { ready: true, problems: [] },
      { ready: false, problems: [{ field: 'Project.Title', code: 'REQUIRED_FIELD_MISSING', message: 'Project.Title is required: the project title.' }] },
    ]);
  });

  it('a line that is not JSON gives ready:false with an INVALID_VALUE problem on "$", and checking continues', async () => {
    const { code, results } = await run(['{not json', JSON.stringify(validPayload())]);
    expect(code).toBe(0);
    expect(results[0]).toEqual({
      ready: false,
      problems: [{ field: '$', code: 'INVALID_VALUE', message: expect.stringContaining('The line is not JSON') as unknown }],
    });
    expect(results[1]).toEqual({ ready: true, problems: [] });
  });

  it('skips blank lines and reports JSON that is not an object', async () => {
    const { results } = await run(['', '   ', '42']);
    expect(results).toEqual([{ ready: false, problems: [{ field: '$', code: 'INVALID_VALUE', message: 'The payload must be a JSON object.' }] }]);
  });

  it('checks 10,000 payloads in well under the test timeout', async () => {
    const line = JSON.stringify(validPayload());
    const { results } = await run(Array.from({ length: 10_000 }, () => line));
    expect(results).toHaveLength(10_000);
    expect(results.every((r) => r.ready)).toBe(true);
  });
});
