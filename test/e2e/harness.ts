import { chromium, type Browser, type Page } from 'playwright-core';
import { bootSandbox, type BootOptions } from '../../src/sandbox/boot.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface E2E {
  sandbox: Sandbox;
  browser: Browser;
  /** A fresh browser page signed in (through "View as") as the demo user with this email. */
  pageAs(email: string): Promise<Page>;
  close(): Promise<void>;
}

/** A fresh in-memory demo portal and a headless Chromium; every test file gets its own. */
export async function startE2E(options: Omit<BootOptions, 'dbFile'> = {}): Promise<E2E> {
  const sandbox = await bootSandbox({ dbFile: ':memory:', ...options });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const pages: Page[] = [];
  return {
    sandbox,
    browser,
    async pageAs(email) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
      await page.goto(sandbox.url);
      // Choosing a person submits the form and reloads the page: wait for that reload to finish.
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('view-as').selectOption(email)]);
      const selected = await page.getByTestId('view-as').inputValue();
      if (selected !== email) throw new Error(`View as did not switch to ${email} (shows ${selected})`);
      pages.push(page);
      return page;
    },
    async close() {
      await browser.close();
      await sandbox.close();
      sandbox.store.close();
    },
  };
}

/** The id of the first seeded record whose name property matches. */
export function recordId(sandbox: Sandbox, type: 'deals' | 'companies', predicate: (properties: Record<string, string>) => boolean): string {
  const record = sandbox.store.listObjects(type).find((candidate) => predicate(candidate.properties));
  if (!record) throw new Error(`No ${type} record matches`);
  return record.id;
}
