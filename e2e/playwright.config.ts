import { defineConfig, devices } from '@playwright/test';
import {
  BASE_URL,
  BUILT_DIST,
  E2E_PORT,
  REPO_ROOT,
  RUN_DIR,
  SERVED_DIST,
  SQLITE_PATH,
} from './support/env';

/**
 * End-to-end suite: the BUILT PWA served by the real API on a fresh SQLite file, driven in
 * Debian's Chromium (never a downloaded browser). The build must exist: `npm run test:e2e`
 * builds first; running this config alone checks for web/dist and stops if it is missing.
 */
export default defineConfig({
  testDir: './tests',
  outputDir: '../test-results/e2e',
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // One server, one database, one service-worker scope: scenarios run one after another so
  // offline spells, deployments and sync counts of one never bleed into another.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI
    ? [['list'], ['html', { open: 'never', outputFolder: '../playwright-report' }]]
    : 'list',
  use: {
    baseURL: BASE_URL,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
  },
  projects: [
    {
      name: 'chromium-360',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 360, height: 760 },
        deviceScaleFactor: 1,
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: {
    // A fresh database and a private copy of the build on every run.
    command: [
      `test -f "${BUILT_DIST}/index.html" -a -f "${BUILT_DIST}/sw.js" || { echo "${BUILT_DIST} is missing: run npx vite build first" >&2; exit 1; }`,
      `rm -rf "${RUN_DIR}"`,
      `mkdir -p "${RUN_DIR}"`,
      `cp -r "${BUILT_DIST}" "${SERVED_DIST}"`,
      'test -f dist/server/main.js || { echo "dist/server is missing: run npm run build first" >&2; exit 1; }',
      // The built server, as production runs it (docs/operations.md).
      'exec node --enable-source-maps dist/server/main.js',
    ].join(' && '),
    cwd: REPO_ROOT,
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(E2E_PORT),
      HOST: '127.0.0.1',
      SQLITE_PATH,
      WEB_DIST: SERVED_DIST,
      SMS_LOG_PATH: `${RUN_DIR}/sms.log`,
      // One access line per request would bury the test report; warnings and errors still show.
      LOG_LEVEL: 'warn',
    },
  },
});
