import { HubSpotError } from '../hubspot/errors.ts';
import { runSetupCommand } from './setup.ts';
import { CliError } from './target.ts';

const usage = `Usage: npm run -s cosell -- <command> [flags]

Commands:
  setup [--live] [--dry-run] [--json]   create or update the app's properties (sandbox unless --live)
`;

type Command = (argv: string[], out: (line: string) => void) => Promise<number> | number;

const commands: Record<string, Command> = {
  setup: runSetupCommand,
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
    if (error instanceof CliError || error instanceof HubSpotError || (error instanceof TypeError && 'code' in error)) {
      process.stderr.write(`cosell ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
