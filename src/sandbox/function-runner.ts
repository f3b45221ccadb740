import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';

const functionMetaSchema = z.object({
  uid: z.string(),
  type: z.literal('app-function'),
  config: z.object({ entrypoint: z.string(), secretKeys: z.array(z.string()).default([]) }),
});

export interface FunctionCall {
  uid: string;
  parameters: unknown;
  /** Values HubSpot fetched for the record the card is on (server-side, with the app token). */
  propertiesToSend: Record<string, string | null>;
}

export class FunctionRunnerError extends Error {
  constructor(
    readonly status: 400 | 404 | 500 | 504,
    message: string,
  ) {
    super(message);
  }
}

export interface FunctionRunnerOptions {
  /** The project's source root (where app/ lives). */
  projectDir: string;
  /** The sandbox CRM's address, given to functions the way the app token is: through the environment. */
  apiBasePath: string;
  accessToken: string;
  secrets?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Plays HubSpot's function host: resolves a function uid through app/functions/*-hsmeta.json, loads
 * the built CommonJS bundle and calls `main(context)` with the context HubSpot documents.
 */
export function createFunctionRunner(options: FunctionRunnerOptions) {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const functionsDir = path.join(options.projectDir, 'app/functions');
  const requireBundle = createRequire(path.join(functionsDir, 'package.json'));
  const loaded = new Map<string, { mtimeMs: number; main: (context: unknown) => Promise<unknown> }>();

  function entrypointFor(uid: string): { path: string; secretKeys: string[] } {
    for (const file of readdirSync(functionsDir).filter((name) => name.endsWith('-hsmeta.json'))) {
      const meta = functionMetaSchema.parse(JSON.parse(readFileSync(path.join(functionsDir, file), 'utf8')));
      if (meta.uid === uid) {
        return { path: path.join(options.projectDir, meta.config.entrypoint), secretKeys: meta.config.secretKeys };
      }
    }
    throw new FunctionRunnerError(404, `No app function with uid "${uid}" in app/functions.`);
  }

  function load(bundlePath: string) {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(bundlePath).mtimeMs;
    } catch {
      throw new FunctionRunnerError(500, `${path.relative(options.projectDir, bundlePath)} is missing: run npm run build.`);
    }
    const cached = loaded.get(bundlePath);
    if (cached && cached.mtimeMs === mtimeMs) return cached.main;
    // A rebuilt bundle replaces the warm instance, as a new deploy would.
    delete requireBundle.cache[bundlePath];
    const module = requireBundle(bundlePath) as { main?: unknown };
    if (typeof module.main !== 'function') {
      throw new FunctionRunnerError(500, `${path.basename(bundlePath)} does not export main.`);
    }
    const main = module.main as (context: unknown) => Promise<unknown>;
    loaded.set(bundlePath, { mtimeMs, main });
    return main;
  }

  return async function run(call: FunctionCall): Promise<unknown> {
    const entry = entrypointFor(call.uid);
    const main = load(entry.path);
    process.env.PRIVATE_APP_ACCESS_TOKEN = options.accessToken;
    process.env.HUBSPOT_API_BASE_PATH = options.apiBasePath;
    const secrets = Object.fromEntries(entry.secretKeys.flatMap((key) => (options.secrets?.[key] !== undefined ? [[key, options.secrets[key]]] : [])));
    for (const [key, value] of Object.entries(secrets)) process.env[key] = value;
    const context = { parameters: call.parameters ?? {}, propertiesToSend: call.propertiesToSend, secrets };
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        main(context),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new FunctionRunnerError(504, `Function ${call.uid} timed out after ${timeoutMs / 1000} s.`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
}

export type FunctionRunner = ReturnType<typeof createFunctionRunner>;
