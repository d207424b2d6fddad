import {
  type BrowserContext,
  type BrowserContextOptions,
  test as base,
  type ConsoleMessage,
  expect,
  type Page,
} from '@playwright/test';
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

/** Records every console.error / page error of a page that is not an allowed pattern. */
function watchConsole(page: Page, allowed: RegExp[], errors: string[]): void {
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() !== 'error') return;
    const text = `${msg.text()} @ ${msg.location().url}`;
    if (!allowed.some((re) => re.test(text))) errors.push(text);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
}

/** Another person's device: its own browser context (storage, service worker, network). */
export interface Device {
  context: BrowserContext;
  page: Page;
  app: AppPage;
}

interface Fixtures {
  /** Extra patterns a test declares as expected console errors. */
  allowConsoleErrors: RegExp[];
  consoleErrors: string[];
  app: AppPage;
  officerApi: ApiClient;
  officeApi: ApiClient;
  /**
   * Opens a device for another user beside the test's own page: same settings as the
   * project (viewport, locale, time zone, service workers) and the same console-error watch.
   */
  openDevice: () => Promise<Device>;
}

export const test = base.extend<Fixtures>({
  allowConsoleErrors: [[], { option: true }],
  consoleErrors: [
    async ({ context, allowConsoleErrors }, use, testInfo) => {
      const errors: string[] = [];
      const allowed = [...OFFLINE_NOISE, ...allowConsoleErrors];
      const watch = (page: Page) => watchConsole(page, allowed, errors);
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
  openDevice: async (
    {
      browser,
      baseURL,
      locale,
      timezoneId,
      viewport,
      deviceScaleFactor,
      serviceWorkers,
      consoleErrors,
      allowConsoleErrors,
    },
    use,
  ) => {
    const contexts: BrowserContext[] = [];
    const allowed = [...OFFLINE_NOISE, ...allowConsoleErrors];
    await use(async () => {
      const options: BrowserContextOptions = { viewport };
      if (baseURL !== undefined) options.baseURL = baseURL;
      if (locale !== undefined) options.locale = locale;
      if (timezoneId !== undefined) options.timezoneId = timezoneId;
      if (deviceScaleFactor !== undefined) options.deviceScaleFactor = deviceScaleFactor;
      if (serviceWorkers !== undefined) options.serviceWorkers = serviceWorkers;
      const context = await browser.newContext(options);
      contexts.push(context);
      context.on('page', (p) => watchConsole(p, allowed, consoleErrors));
      const page = await context.newPage();
      return { context, page, app: new AppPage(page) };
    });
    for (const c of contexts) await c.close();
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
