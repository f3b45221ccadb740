/**
 * `cosell ace-check`: one ACE CreateOpportunity JSON per input line, one result per output line:
 *   {"ready":true|false,"problems":[{"field","code","message"}]}
 * Blank lines are skipped. A line that is not JSON gives ready:false with one problem on field "$",
 * code INVALID_VALUE (AWS's code for a value it cannot accept; there is no closer ACE code).
 * Exit code 0 once every line was checked, whatever the results; checking is offline.
 */
import { checkAceCreateOpportunity, type AceCheckOptions } from '../domain/ace/check-payload.ts';

export async function runAceCheck(
  lines: AsyncIterable<string>,
  write: (s: string) => void,
  options: AceCheckOptions = { today: new Date().toISOString().slice(0, 10) },
): Promise<number> {
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let payload: unknown;
    try {
      payload = JSON.parse(line);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      write(`${JSON.stringify({ ready: false, problems: [{ field: '$', code: 'INVALID_VALUE', message: `The line is not JSON: ${reason}` }] })}\n`);
      continue;
    }
    const problems = checkAceCreateOpportunity(payload, options);
    write(`${JSON.stringify({ ready: problems.length === 0, problems })}\n`);
  }
  return 0;
}
