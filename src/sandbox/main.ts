import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bootSandbox } from './boot.ts';
import { SANDBOX_DEFAULT_PORT } from './constants.ts';
import { demoUsers } from './seed/index.ts';
import { DEMO_ACE, startDemoAce } from './ace/demo.ts';

const { values } = parseArgs({
  options: {
    reset: { type: 'boolean', default: false },
    port: { type: 'string', default: String(process.env.PORT ?? SANDBOX_DEFAULT_PORT) },
    'rate-limit': { type: 'boolean', default: false },
    deals: { type: 'string' },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a port number, not "${values.port}".`);
  process.exit(2);
}

const deals = values.deals === undefined ? undefined : Number(values.deals);
if (deals !== undefined && (!Number.isInteger(deals) || deals < 1)) {
  console.error(`--deals must be a whole number of deals, such as 100000, not "${values.deals}".`);
  process.exit(2);
}

const dbFile = path.join(fileURLToPath(new URL('../..', import.meta.url)), '.sandbox', 'portal.sqlite');
const sandbox = await bootSandbox({
  dbFile,
  reset: values.reset ?? false,
  port,
  rateLimit: values['rate-limit'] ?? false,
  ...(deals ? { deals, onGrowth: (created: number) => process.stdout.write(`\rGrowing the demo portal: ${created.toLocaleString('en-US')} deals added`) } : {}),
  ace: DEMO_ACE,
}).catch((error: NodeJS.ErrnoException) => {
  if (error.code !== 'EADDRINUSE') throw error;
  console.error(`Port ${port} is in use: stop the other process or choose another port (npm start -- --port 3001).`);
  process.exit(1);
});

console.log(`Cloud co-sell sandbox: ${sandbox.url}  (a local stand-in for HubSpot; no account needed)`);
console.log(`Demo portal in .sandbox/portal.sqlite${values.reset ? ' (reseeded)' : ''}; npm start -- --reset reseeds it.`);
console.log('Demo people (choose one with "View as" in the preview):');
for (const user of demoUsers) console.log(`  ${user.email.padEnd(40)} ${user.role}${user.team ? `, ${user.team}` : ''}`);

const aceLoop = startDemoAce(sandbox);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void aceLoop
      .stop()
      .then(() => sandbox.close())
      .then(() => {
        sandbox.store.close();
        process.exit(0);
      });
  });
}
