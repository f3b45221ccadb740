import { spawnSync } from 'node:child_process';
import type { Metafile } from 'esbuild';
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFunctions } from '../build/functions.ts';
import { functionContracts } from '../functions/contracts.ts';
import { HubSpotGateway } from '../hubspot/gateway.ts';
import { bootSandbox } from '../sandbox/boot.ts';
import { SANDBOX_ACCESS_TOKEN } from '../sandbox/constants.ts';
import { startFunctionInstance } from '../sandbox/function-instance.ts';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Wall time of fresh `node -e <script>` processes, `runs` of each script taken in turn (so load on the machine hits all alike), median per script. */
function processMs(scripts: readonly string[], runs: number): number[] {
  const times = scripts.map((): number[] => []);
  for (let run = 0; run < runs; run++) {
    scripts.forEach((script, index) => {
      const started = process.hrtime.bigint();
      const result = spawnSync(process.execPath, ['-e', script], { cwd: path.join(projectDir, 'app/functions') });
      if (result.status !== 0) throw new Error(`node -e failed: ${result.stderr.toString()}`);
      times[index]!.push(Number(process.hrtime.bigint() - started) / 1e6);
    });
  }
  return times.map(median);
}

/** The biggest packages and source folders in a bundle, by their share of its code before minification (esbuild's metafile). */
function largestParts(metafile: Metafile, count = 4): string[] {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, input] of Object.entries(output.inputs)) {
      const part = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? path.dirname(file);
      bytes.set(part, (bytes.get(part) ?? 0) + input.bytesInOutput);
    }
  }
  const total = [...bytes.values()].reduce((sum, value) => sum + value, 0);
  return [...bytes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([part, size]) => `${part} ${((100 * size) / total).toFixed(0)}%`);
}

/** At most this much slower than the floor: a new Node process that only requires @hubspot/api-client. */
const COLD_LOAD_TARGET = 1.15;

/**
 * Function bundles: size, and cold load (a new process that requires the bundle) as a ratio to the
 * floor every function pays anyway. The first call is shown beside it: it evaluates what the entry
 * defers (zod and the schemas, the policy, the api-client), here with parameters refused before any
 * HubSpot call.
 */
export async function benchBundles(): Promise<string[]> {
  const built = await buildFunctions();
  const runs = 15;
  const bundles = functionContracts.map((contract) => JSON.stringify(path.join(projectDir, 'app/functions', `${contract.file}.js`)));
  const refused = JSON.stringify({ parameters: { unknownParameter: true }, propertiesToSend: { hs_object_id: '1' } });
  const [floor, ...measured] = processMs(
    ["require('@hubspot/api-client')", ...bundles.flatMap((bundle) => [`require(${bundle})`, `require(${bundle}).main(${refused})`])],
    runs,
  );
  const lines = [`floor: a new node process requiring @hubspot/api-client, ${floor!.toFixed(1)} ms (median of ${runs})`];
  functionContracts.forEach((contract, index) => {
    const kb = statSync(path.join(projectDir, 'app/functions', `${contract.file}.js`)).size / 1024;
    const [load, firstCall] = [measured[2 * index]!, measured[2 * index + 1]!];
    const ratio = load / floor!;
    lines.push(
      `${contract.uid}: ${kb.toFixed(0)} KB, cold load ${load.toFixed(1)} ms = ${ratio.toFixed(2)}x the floor ` +
        `(target at most ${COLD_LOAD_TARGET}: ${ratio <= COLD_LOAD_TARGET ? 'met' : 'NOT met'}); ` +
        `load and first call ${firstCall.toFixed(1)} ms = ${(firstCall / floor!).toFixed(2)}x`,
      `  largest parts: ${largestParts(built[index]!.metafile).join(', ')}`,
    );
  });
  return lines;
}

const CALL_TARGET = { warm: 1, cold: 3 };

function callSummary(label: string, counts: number[], target: number): string {
  const within = counts.filter((calls) => calls <= target).length;
  return `${label}: median ${median(counts)}, max ${Math.max(...counts)} (target at most ${target}; ${within}/${counts.length} loads within)`;
}

/**
 * HubSpot API calls per card load, counted on the function's own instance (the backend's calls for
 * webhooks are not the card's). Every demo record is loaded once first: that load has no snapshot of
 * the records around it yet, so it reads them, writes the app's derived values and saves the
 * snapshot (printed as "first load"). Warm: every record again on that instance (owners, users and
 * acceptance rates cached; the snapshot on the record). Cold: every record on a new instance.
 */
export async function benchCardLoadCalls(): Promise<string[]> {
  const sandbox = await bootSandbox({ dbFile: ':memory:' });
  const instance = await startFunctionInstance(sandbox);
  try {
    const lines: string[] = [];
    for (const contract of functionContracts) {
      const objectType = contract.objectType!;
      const ids = sandbox.store.listObjects(objectType).map((record) => record.id);
      const load = async (id: string) => {
        const { response, calls } = await instance.load(contract, id);
        if (!(response as { ok: boolean }).ok) throw new Error(`${contract.uid} failed: ${JSON.stringify(response)}`);
        await sandbox.webhooksIdle();
        return calls;
      };
      const first: number[] = [];
      for (const id of ids) first.push((await load(id)).length);
      const warm: string[][] = [];
      for (const id of ids) warm.push(await load(id));
      const cold: number[] = [];
      for (const id of ids) {
        instance.restart();
        cold.push((await load(id)).length);
      }
      const warmCounts = warm.map((calls) => calls.length);
      const kinds = new Map<string, number>();
      for (const call of warm.flat()) {
        const kind = call.replace(/\d{4,}/g, '{id}');
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
      lines.push(
        `${contract.uid}, over ${ids.length} demo ${objectType}:`,
        `  ${callSummary('warm', warmCounts, CALL_TARGET.warm)}`,
        `  ${callSummary('cold', cold, CALL_TARGET.cold)}`,
        `  first load (no snapshot yet; reads around the record and saves the snapshot): median ${median(first)}, max ${Math.max(...first)}`,
        `  warm calls: ${[...kinds].map(([kind, count]) => `${kind} ×${count}`).join(', ')}`,
      );
    }
    return lines;
  } finally {
    await instance.close();
    await sandbox.close();
    sandbox.store.close();
  }
}

/** The sandbox serving HubSpot's batch read of 100 deals through the real api-client. */
export async function benchSandboxBatchRead(): Promise<string[]> {
  const sandbox = await bootSandbox({ dbFile: ':memory:' });
  try {
    const ids = sandbox.store.listObjects('deals').map((deal) => deal.id);
    const batch = Array.from({ length: 100 }, (_, index) => ids[index % ids.length]!.toString());
    // 100 distinct ids: the seeded deals plus ids HubSpot would not find (still read and answered).
    const inputs = [...new Set([...ids, ...Array.from({ length: 100 }, (_, index) => String(80_000_000_000 + index))])].slice(0, 100);
    const gateway = new HubSpotGateway({ accessToken: SANDBOX_ACCESS_TOKEN, basePath: sandbox.url });
    const lines: string[] = [];
    for (const concurrency of [1, 4]) {
      const deadline = Date.now() + 3_000;
      let requests = 0;
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (Date.now() < deadline) {
            await gateway.readRecords('deals', inputs, ['dealname', 'amount', 'dealstage']);
            requests += 1;
          }
        }),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      lines.push(
        `batch read of 100 deals, ${concurrency} client(s): ${(requests / seconds).toFixed(0)} requests/s (${((requests * batch.length) / seconds).toFixed(0)} records/s)`,
      );
    }
    return lines;
  } finally {
    await sandbox.close();
    sandbox.store.close();
  }
}
