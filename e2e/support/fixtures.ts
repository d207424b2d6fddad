import { test as base, type ConsoleMessage, expect, type Page } from '@playwright/test';
import { AppPage } from '../pages/app';
import { ApiClient } from './api';
import { BASE_URL } from './env';

/**
 * Console errors the browser itself prints for requests the app makes while the test has
 * cut the network (the sync engine retrying, an update check): expected while offline, and
 * the app's handling of them is what the scenarios assert. Anything else fails the test.
 */
const OFFLINE_NOISE = [
  /net::ERR_INTERNET_DISCONNECTED/,
  /net::ERR_NETWORK_CHANGED/,
  /Failed to fetch/,
];

interface Fixtures {
  /** Extra patterns a test declares as expected console errors. */
  allowConsoleErrors: RegExp[];
  consoleErrors: string[];
  app: AppPage;
  officerApi: ApiClient;
  officeApi: ApiClient;
}

export const test = base.extend<Fixtures>({
  allowConsoleErrors: [[], { option: true }],
  consoleErrors: [
    async ({ context, allowConsoleErrors }, use, testInfo) => {
      const errors: string[] = [];
      const allowed = [...OFFLINE_NOISE, ...allowConsoleErrors];
      const watch = (page: Page) => {
        page.on('console', (msg: ConsoleMessage) => {
          if (msg.type() !== 'error') return;
          const text = `${msg.text()} @ ${msg.location().url}`;
          if (!allowed.some((re) => re.test(text))) errors.push(text);
        });
        page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      };
      for (const p of context.pages()) watch(p);
      context.on('page', watch);
      await use(errors);
      if (errors.length > 0) {
        await testInfo.attach('console-errors', {
          body: errors.join('\n'),
          contentType: 'text/plain',
        });
      }
      expect(errors, 'unexpected console.error / page errors').toEqual([]);
    },
    { auto: true },
  ],
  app: async ({ page }, use) => {
    await use(new AppPage(page));
  },
  officerApi: async ({ playwright }, use) => {
    const request = await playwright.request.newContext({ baseURL: BASE_URL });
    await use(await ApiClient.login(request, 'officer.choucheng'));
    await request.dispose();
  },
  officeApi: async ({ playwright }, use) => {
    const request = await playwright.request.newContext({ baseURL: BASE_URL });
    await use(await ApiClient.login(request, 'office.1'));
    await request.dispose();
  },
});

export { expect };
