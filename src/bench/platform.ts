import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFunctions } from '../build/functions.ts';
import { functionContracts } from '../functions/contracts.ts';
import { HubSpotGateway } from '../hubspot/gateway.ts';
import { bootSandbox } from '../sandbox/boot.ts';
import { SANDBOX_ACCESS_TOKEN } from '../sandbox/constants.ts';
import { createFunctionRunner } from '../sandbox/function-runner.ts';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Wall time of a fresh `node -e <script>` process, median of `runs`. */
function processMs(script: string, runs: number): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['-e', script], { cwd: path.join(projectDir, 'app/functions') });
    if (result.status !== 0) throw new Error(`node -e failed: ${result.stderr.toString()}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

/** Function bundles: size, and cold load (a new process that requires the bundle) against a bare Node process. */
export async function benchBundles(): Promise<string[]> {
  await buildFunctions();
  const runs = 15;
  const bare = processMs('', runs);
  const lines = [`bare node process: ${bare.toFixed(1)} ms (median of ${runs})`];
  for (const contract of functionContracts) {
    const bundle = path.join(projectDir, 'app/functions', `${contract.file}.js`);
    const kb = statSync(bundle).size / 1024;
    const loaded = processMs(`require(${JSON.stringify(bundle)})`, runs);
    lines.push(`${contract.uid}: ${kb.toFixed(0)} KB, cold load ${loaded.toFixed(1)} ms = ${(loaded / bare).toFixed(2)}x a bare node process`);
  }
  return lines;
}

/**
 * HubSpot API calls per card load: the first load on a cold function instance (empty caches), then
 * a repeat load of every demo record on the warm instance (the first load of a record may also
 * write the app's computed values once; the repeat shows the steady cost).
 */
export async function benchCardLoadCalls(): Promise<string[]> {
  const sandbox = await bootSandbox({ dbFile: ':memory:' });
  try {
    const lines: string[] = [];
    for (const contract of functionContracts) {
      const objectType = contract.objectType!;
      const ids = sandbox.store.listObjects(objectType).map((record) => record.id);
      // A new runner is a new function instance: its module caches start empty, as on a cold start.
      const runner = createFunctionRunner({ projectDir, apiBasePath: sandbox.url, accessToken: SANDBOX_ACCESS_TOKEN });
      const load = async (id: string): Promise<number> => {
        const before = sandbox.apiRequestCount();
        const response = (await runner({ uid: contract.uid, parameters: {}, propertiesToSend: { hs_object_id: id } })) as { ok: boolean };
        if (!response.ok) throw new Error(`${contract.uid} failed: ${JSON.stringify(response)}`);
        await sandbox.webhooksIdle();
        return sandbox.apiRequestCount() - before;
      };
      const cold = await load(ids[0]!);
      for (const id of ids) await load(id);
      const warm: number[] = [];
      for (const id of ids) warm.push(await load(id));
      const withinTarget = warm.filter((calls) => calls <= 2).length;
      lines.push(
        `${contract.uid}: ${cold} calls on a cold instance; warm, over ${ids.length} demo records: median ${median(warm)}, max ${Math.max(...warm)}, ` +
          `${withinTarget}/${ids.length} loads within the target of at most 2`,
      );
    }
    return lines;
  } finally {
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
