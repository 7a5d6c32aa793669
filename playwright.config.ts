/**
 * End-to-end tests: Debian's Chromium drives the built renderer, served by the browser shell,
 * into a whole kiosk started in the test worker (test/e2e/fixtures.ts). Playwright cannot
 * download its own browsers here, so it launches the system one.
 *
 * Playwright Test loads the TypeScript sources as they are (ESM; the `.js` import specifiers
 * resolve to the `.ts` files), so the kiosk runs from source like under vitest; only the renderer
 * comes from dist/renderer (`npm run build`, which `npm test` and `npm run test:e2e` run first).
 *
 * Sized for a 2-core machine: one worker, tests in file order (they share one kiosk per worker).
 * No retries: a flaky failure must show, not pass on a second try.
 */
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { kioskChromiumArgs } from './main/chromium-switches.js';

const chromium = process.env.KIOSK_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  throw new Error(
    `Chromium is not at ${chromium}: install it (apt-get install chromium) or set KIOSK_CHROMIUM.`,
  );
}

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  // Traces and failure screenshots; the report is a sibling (Playwright empties this folder).
  outputDir: 'test-results/e2e/artifacts',
  // The run gets a temp folder of its own (kiosks' data folders, Chromium's profiles and
  // Playwright's own artefacts land there) and fails naming whatever is left in it at the end.
  globalSetup: './test/support/temp-guard.ts',
  reporter: [['list'], ['html', { outputFolder: 'test-results/e2e/report', open: 'never' }]],
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // A silent printer takes the kiosk ~3 s to give up on; a kiosk boots in a few seconds.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalTimeout: 10 * 60_000,
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // The kiosk's own switches (main/chromium-switches.ts), as every kiosk browser has them.
        ...kioskChromiumArgs(),
      ],
    },
    // The kiosk's portrait touch screen; a test may ask for another (test.use).
    viewport: { width: 1080, height: 1920 },
    hasTouch: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
  },
});
