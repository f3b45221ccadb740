import { createInterface } from 'node:readline';
import { compileRoutingPolicy } from '../domain/routing/policy.ts';
import { HubSpotError } from '../hubspot/errors.ts';
import { appPolicy, PolicyConfigError } from '../policy/app-policy.ts';
import { marketplacePolicy } from '../policy/marketplace-policy.ts';
import { runAceCheck } from './ace-check.ts';
import { chunkedLines, runEvaluate } from './evaluate.ts';
import { runAuditCommand } from './audit.ts';
import { runKpisCommand } from './kpis.ts';
import { runRouteCommand } from './route.ts';
import { runSetupCommand } from './setup.ts';
import { CliError } from './target.ts';

const usage = `Usage: npm run -s cosell -- <command> [flags]

Commands:
  setup [--live] [--dry-run] [--json]   create or update the app's properties (sandbox unless --live)
  route --tcv N --close-date YYYY-MM-DD [flags] [--json]
                                        what-if routing recommendation (route --help lists the flags)
  evaluate                              routing for HubSpot-shaped {deal, company} JSON lines on stdin
  ace-check                             ACE readiness for CreateOpportunity JSON lines on stdin
  audit [--live] [--checkpoint FILE] [--restart] [--dry-run] [--burst-limit N] [--json]
                                        re-evaluate every open deal at HubSpot's rate limit; resumes after an interruption
  kpis --month YYYY-MM [--live] [--csv] [--team ID] [--owner USER_ID]
                                        the alliance metrics for one month (the metrics page's figures)
`;

type Out = (line: string) => void;
type Command = (argv: string[], out: Out) => Promise<number> | number;

const today = () => new Date().toISOString().slice(0, 10);
const stdinLines = () => createInterface({ input: process.stdin, crlfDelay: Infinity });
const routingPolicy = () => compileRoutingPolicy(marketplacePolicy, appPolicy.routing);

const commands: Record<string, Command> = {
  setup: runSetupCommand,
  route: (argv, out) => runRouteCommand(argv, routingPolicy(), out, { err: (line) => process.stderr.write(`${line}\n`), today: today() }),
  evaluate: async () => {
    const output = chunkedLines((text) => process.stdout.write(text));
    const summary = await runEvaluate(stdinLines(), routingPolicy(), output.line);
    output.flush();
    process.stderr.write(`evaluated ${summary.evaluated} deal(s), ${summary.failed} failed\n`);
    return 0;
  },
  audit: (argv, out) => {
    const stop = new AbortController();
    // The first Ctrl-C finishes the pages under way and saves the checkpoint; a second one ends at once.
    process.once('SIGINT', () => {
      process.stderr.write('\nStopping after the pages under way (Ctrl-C again to quit now)...\n');
      stop.abort();
      process.once('SIGINT', () => process.exit(130));
    });
    const terminal = process.stderr.isTTY;
    let lastPrinted = 0;
    return runAuditCommand(argv, {
      out,
      now: new Date(),
      signal: stop.signal,
      progress: (line, final) => {
        if (terminal) process.stderr.write(final ? '\n' : `\r${line}\u001b[K`);
        else if (!final && Date.now() - lastPrinted > 10_000) {
          lastPrinted = Date.now();
          process.stderr.write(`${line}\n`);
        }
      },
    });
  },
  kpis: (argv, out) => runKpisCommand(argv, out, { now: new Date(), err: (line) => process.stderr.write(`${line}\n`) }),
  'ace-check': (_argv, _out) => runAceCheck(stdinLines(), (text) => process.stdout.write(text), { today: today() }),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(name && name !== '--help' ? `Unknown command "${name}".\n${usage}` : usage);
    return name && name !== '--help' ? 2 : 0;
  }
  try {
    return await command(rest, (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    const known = error instanceof CliError || error instanceof HubSpotError || error instanceof PolicyConfigError;
    if (known || (error instanceof TypeError && 'code' in error)) {
      process.stderr.write(`cosell ${name}: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
