/**
 * The one place the end-to-end tests start a kiosk: a whole kiosk in the test worker (temp data
 * folder, virtual printer, embedded branch service), the browser shell serving the built renderer
 * over the bridge, and a page opened on the shell's own address. The kiosk runs in-process so a
 * test can reach into it: the printer's receipts and faults, the branch service's rows, the sync
 * worker, the session timers (through `kioskOverrides`).
 *
 * Tests find things as a customer does: by role and visible text from the message catalogue
 * (src/i18n/messages.ts), and the screen by the `data-screen` attribute of the kiosk's root
 * element; never by CSS class or component structure.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { DEFAULT_BUSINESS_TYPES } from '../../branch-service/defaults.js';
import type { BranchService } from '../../branch-service/server.js';
import type { VirtualIdReader, VirtualPrinter } from '../../devices/sim/index.js';
import { startBrowserShell, type BrowserShell } from '../../main/browser-shell.js';
import { createVoicePrompts } from '../../main/voice-prompts.js';
import type { Kiosk } from '../../main/kiosk.js';
import type { KioskView } from '../../src/bridge/contract.js';
import type { KioskConfig } from '../../src/config.js';
import type { Language } from '../../src/domain/business-type.js';
import { formatMessage, type MessageKey } from '../../src/i18n/messages.js';
import { createMemoryLog } from '../../src/log/index.js';
import type { SyncResult } from '../../src/sync/index.js';
import { startTestKiosk } from '../support/kiosk-harness.js';
import { removeTempDir } from '../support/temp-dir.js';

const root = path.resolve(import.meta.dirname, '../..');
const rendererDir = path.join(root, 'dist/renderer');
/** One picture of every screen the tests visit, kept for review (and attached to the report). */
const screensDir = path.join(root, 'test-results/e2e/screens');

export type ScreenName = KioskView['screen'];

type TestKiosk = Awaited<ReturnType<typeof startTestKiosk>>;

interface KioskWorkerFixtures {
  /**
   * The worker's kiosk, with the embedded branch service and the default timers. It serves test
   * after test, as one kiosk serves customer after customer; a failed test restarts the worker,
   * so the next test never inherits a half-finished session.
   */
  sharedKiosk: TestKiosk;
}

interface KioskTestFixtures {
  /**
   * Config overrides: `test.use({ kioskOverrides: { session: … } })`. A test with overrides gets
   * a kiosk of its own, which uses the shared kiosk's branch service (one PGlite per worker: it
   * is most of a kiosk's start-up time).
   */
  kioskOverrides: Partial<KioskConfig>;
  /**
   * A kiosk of this test's own although it needs no overrides: `test.use({ ownKiosk: true })` for
   * a test that breaks its kiosk on purpose in a way a `finally` cannot undo (a store that failed
   * to record a ticket keeps the reserved number), so the worker's kiosk serves the next test as
   * it was. It uses the shared kiosk's branch service too.
   */
  ownKiosk: boolean;
  /** This test's kiosk as the harness started it, with the lines it logged. */
  testKiosk: TestKiosk;
  kiosk: Kiosk;
  /** The kiosk's simulated printer: receipts, and faults to inject (silent, paper, cover). */
  printer: VirtualPrinter;
  /**
   * The kiosk's simulated ID-card reader: place and take away test cards (TEST_CARDS), inject
   * faults (unreadable, silence…). Needs `test.use({ kioskOverrides: { idReader: { kind:
   * 'simulated' } } })`: the test kiosks have no reader unless asked.
   */
  idReader: VirtualIdReader;
  /** The embedded branch service, to read what the kiosk delivered. */
  branchService: BranchService;
  /** Delivers the kiosk's outbox to the branch service now, without waiting for the interval. */
  syncNow: () => Promise<SyncResult>;
  /** The browser shell in front of this test's kiosk; one per test, as a browser opens it once. */
  shell: BrowserShell;
  /** Errors the kiosk page logged; a kiosk page that logged any fails its test. */
  pageErrors: string[];
  /** A page opened on the kiosk and showing the attract screen (the kiosk log is attached on failure). */
  kioskPage: Page;
}

/** Starts a kiosk in a temp data folder; the returned stop also removes that folder. */
async function startKiosk(overrides: Partial<KioskConfig>) {
  const started = await startTestKiosk(overrides);
  const stop = async () => {
    await started.kiosk.stop();
    // The harness made <tmp>/kiosk-test-*/ for this kiosk's data folder (the worker's exit
    // removes it too, should this never run).
    const made = path.dirname(started.kiosk.config.dataDir);
    if (path.basename(made).startsWith('kiosk-test-')) removeTempDir(made);
  };
  return { started, stop };
}

export const test = base.extend<KioskTestFixtures, KioskWorkerFixtures>({
  sharedKiosk: [
    // Playwright reads a fixture's dependencies from this pattern: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const { started, stop } = await startKiosk({});
      try {
        await use(started);
      } finally {
        await stop();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  kioskOverrides: [{}, { option: true }],

  ownKiosk: [false, { option: true }],

  testKiosk: async ({ sharedKiosk, kioskOverrides, ownKiosk }, use) => {
    if (!ownKiosk && Object.keys(kioskOverrides).length === 0) {
      await use(sharedKiosk);
      return;
    }
    const { started, stop } = await startKiosk({
      branchService: { kind: 'remote', url: sharedKiosk.kiosk.branchServiceUrl },
      ...kioskOverrides,
    });
    try {
      await use(started);
    } finally {
      await stop();
    }
  },

  kiosk: async ({ testKiosk }, use) => {
    await use(testKiosk.kiosk);
  },

  printer: async ({ kiosk }, use) => {
    if (!kiosk.virtualPrinter) throw new Error('the test kiosk has no virtual printer');
    await use(kiosk.virtualPrinter);
  },

  idReader: async ({ kiosk }, use) => {
    const reader = kiosk.devices.virtualIdReader;
    if (!reader) {
      throw new Error(
        "the test kiosk has no virtual ID reader: use kioskOverrides idReader 'simulated'",
      );
    }
    try {
      await use(reader);
    } finally {
      reader.removeCard();
      reader.setFault(undefined);
    }
  },

  branchService: async ({ sharedKiosk }, use) => {
    const service = sharedKiosk.kiosk.branchService;
    if (!service) throw new Error('the shared test kiosk has no embedded branch service');
    await use(service);
  },

  syncNow: async ({ kiosk }, use) => {
    await use(() => kiosk.sync.syncNow());
  },

  shell: async ({ kiosk }, use) => {
    // As start.ts gives the kiosk: espeak-ng audio generated into the kiosk's data folder.
    const voice = createVoicePrompts({
      dataDir: kiosk.config.dataDir,
      logger: createMemoryLog().logger,
    });
    const shell = await startBrowserShell({
      bridge: kiosk.bridge,
      staticDir: rendererDir,
      port: 0,
      voice,
    });
    try {
      await use(shell);
    } finally {
      await shell.close();
    }
  },

  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await use(errors);
  },

  kioskPage: async ({ page, shell, pageErrors, testKiosk }, use, testInfo) => {
    // The shell mints the address to open (a one-time launch code); never built by hand here.
    await page.goto(shell.launchUrl());
    await expectScreen(page, 'attract');
    await use(page);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('kiosk log', {
        body: testKiosk.log
          .events()
          .map((event) => JSON.stringify(event))
          .join('\n'),
        contentType: 'text/plain',
      });
    }
    expect(pageErrors, 'errors logged by the kiosk page').toEqual([]);
  },
});

export { expect };

/** The kiosk's root element, which names the screen it shows in `data-screen`. */
/** What the lobby's keyboard-wedge scanner does: the code's text a few ms per key, then Enter. */
export async function scanCode(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press('Enter');
}

export function kioskRoot(page: Page) {
  return page.locator('[data-screen]');
}

export async function expectScreen(
  page: Page,
  screen: ScreenName,
  options: { timeout?: number } = {},
): Promise<void> {
  await expect(kioskRoot(page)).toHaveAttribute('data-screen', screen, options);
}

/**
 * Keeps a picture of the screen (test-results/e2e/screens/<name>.png, also in the report) and
 * checks it with axe-core: no violation of the rules axe runs by default.
 */
export async function auditScreen(page: Page, name: string): Promise<void> {
  const file = path.join(screensDir, `${name}.png`);
  await page.screenshot({ path: file });
  await test.info().attach(name, { path: file, contentType: 'image/png' });
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help}`),
    `axe-core on ${name}`,
  ).toEqual([]);
}

/** A catalogue message as the customer reads it. */
export const say = formatMessage;

type Params = Readonly<Record<string, string | number>>;
/** A catalogue sentence in Chinese / in English, as the screen shows it. */
export const zh = (key: MessageKey, params?: Params) => say('zh-CN', key, params);
export const en = (key: MessageKey, params?: Params) => say('en', key, params);

/** A business type's name as the embedded branch service's defaults give it. */
export function businessTypeName(id: string, language: Language): string {
  const type = DEFAULT_BUSINESS_TYPES.find((t) => t.id === id);
  if (!type) throw new Error(`no business type "${id}" in the branch service defaults`);
  return type.name[language];
}

/** The ticket number on screen (the text described as "your number"), read as the customer does. */
export async function shownTicketNumber(page: Page, language: Language): Promise<string> {
  const number = page.getByText(/^[A-Z]+\d{4}$/);
  await expect(number).toBeVisible();
  await expect(number).toHaveAccessibleDescription(
    formatMessage(language, 'ticketIssued.yourNumber'),
  );
  return (await number.innerText()).trim();
}

/** Whether espeak-ng runs here: without it the voice prompts have no recorded fallback. */
export const hasEspeak = spawnSync('espeak-ng', ['--version'], { stdio: 'ignore' }).status === 0;

/** What the page's voice did last (App.tsx writes it on a hidden element). */
export function voiceStatus(page: Page) {
  return kioskRoot(page).getByTestId('voice');
}
