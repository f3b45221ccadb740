/**
 * `npm run bench`: every performance goal, measured in one run on this machine and printed as
 * ratios or rates. Not a test: shared machines are noisy, so nothing here passes or fails.
 */
type Bench = () => Promise<string[]>;

const benches: ReadonlyArray<[title: string, run: Bench]> = [];

for (const [title, run] of benches) {
  console.log(`\n== ${title}`);
  for (const line of await run()) console.log(`  ${line}`);
}
