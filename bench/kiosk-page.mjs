// A whole kiosk host with its browser shell, opened in Debian's Chromium as the e2e tests do
// (test/e2e/fixtures.ts, playwright.config.ts): compiled host code from dist/, simulated printer
// and ID-card reader in-process, the embedded branch service, the built renderer from
// dist/renderer, and one page on the shell's own launch address showing the attract screen.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { chromium } from 'playwright-core';
import { startBrowserShell } from '../dist/main/browser-shell.js';
import { kioskChromiumArgs } from '../dist/main/chromium-switches.js';
import { createKiosk } from '../dist/main/kiosk.js';
import { defaultConfig } from '../dist/src/config.js';
import { createLogger } from '../dist/src/log/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const CHROMIUM = process.env.KIOSK_CHROMIUM ?? '/usr/bin/chromium';
/**
 * The flags of playwright.config.ts, which the e2e tests run with, and the kiosk's own Chromium
 * switches (main/chromium-switches.ts), so what is measured is what ships.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  ...kioskChromiumArgs(),
];
/** The kiosk's portrait touch screen (playwright.config.ts). */
export const VIEWPORT = { width: 1080, height: 1920 };

/**
 * The kiosk's bridge as the shell sees it, with the host's own part of a command timed on the
 * host's clock: `dispatched` when the shell hands over the validated command, `published` when
 * the first view after it reaches the shell's listener, `sent` when that listener (JSON and
 * the WebSocket write) returned. ACTIVITY commands are not counted (they precede the tap's).
 */
function timedBridge(bridge) {
  let pending = null;
  return {
    bridge: {
      view: () => bridge.view(),
      onView(listener) {
        return bridge.onView((view) => {
          const published = performance.now();
          listener(view);
          if (pending && pending.published === undefined) {
            pending.published = published;
            pending.sent = performance.now();
          }
        });
      },
      dispatch(command) {
        if (command.type !== 'ACTIVITY') pending = { dispatched: performance.now() };
        bridge.dispatch(command);
        if (pending && pending.returned === undefined) pending.returned = performance.now();
      },
    },
    /** The last command's timings (and forgets them). */
    take() {
      const taken = pending;
      pending = null;
      return taken;
    },
  };
}

/**
 * Starts the kiosk, the shell and Chromium inside `scope` (all closed with it) and returns the
 * page on the attract screen. `initScript`: a function run in the page before the renderer.
 */
export async function openKioskPage(scope, { name, initScript }) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM}: apt-get install chromium or set KIOSK_CHROMIUM`,
    );
  }
  const staticDir = join(root, 'dist/renderer');
  const dir = scope.tempDir(name);
  // The default kiosk: simulated printer and ID-card reader, embedded branch service, sync on
  // its interval; the sessions's default timers (a journey never waits a minute on one screen).
  const config = { ...defaultConfig(dir), shell: { port: 0, launchBrowser: false } };
  // The last lines only, for a failure's message (a log growing per customer is not the kiosk's).
  const kioskLog = [];
  const logger = createLogger({
    destination: new Writable({
      write(chunk, _encoding, callback) {
        kioskLog.push(chunk.toString('utf8').trimEnd());
        if (kioskLog.length > 100) kioskLog.splice(0, kioskLog.length - 100);
        callback();
      },
    }),
  });
  const kiosk = await createKiosk(config, { logger });
  scope.add('stop the kiosk', () => kiosk.stop());
  await kiosk.start();
  const timed = timedBridge(kiosk.bridge);
  const shell = await startBrowserShell({ bridge: timed.bridge, staticDir, port: 0 });
  scope.add('close the browser shell', () => shell.close());

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    // On Ctrl-C Playwright would close Chromium and exit at once, before the scope stops the
    // kiosk and removes its data folder: the scope closes Chromium (and its temp profile) itself.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  scope.add('close Chromium', () => browser.close());
  const context = await browser.newContext({ viewport: VIEWPORT, hasTouch: true });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  if (initScript) await page.addInitScript(initScript);
  await page.goto(shell.launchUrl());
  await page.locator('[data-screen="attract"]').waitFor({ timeout: 15_000 });
  const cdp = await context.newCDPSession(page);
  return {
    kiosk,
    shell,
    browser,
    page,
    cdp,
    pageErrors,
    chromiumVersion: browser.version(),
    takeHostTimings: () => timed.take(),
    /** Throws when the page logged an error: a fast figure from a broken page is no figure. */
    assertNoPageErrors() {
      if (pageErrors.length > 0) {
        throw new Error(`the kiosk page logged errors:\n${pageErrors.slice(0, 10).join('\n')}`);
      }
    },
    kioskLog: () => kioskLog.slice(-30).join('\n'),
  };
}
