/**
 * What the customer sees when the kiosk's store cannot take work, drawn by the real renderer in
 * Chromium: the out-of-service screen with the technician's message when the store cannot open
 * (a database written by newer software), and the "go to a counter" notice on the attract screen
 * and the menu when the disk is full. No branch service is needed (nothing is sent).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { startBrowserShell, type BrowserShell } from '../../main/browser-shell.js';
import { startKioskHost, type KioskHost } from '../../main/kiosk.js';
import { formatMessage } from '../../src/i18n/messages.js';
import { createMemoryLog } from '../../src/log/index.js';
import { openStore } from '../../src/store/index.js';
import { testConfig } from '../support/kiosk-harness.js';
import type { KioskConfig } from '../../src/config.js';

const rendererDir = path.resolve(import.meta.dirname, '../../dist/renderer');
const offline = { branchService: { kind: 'remote', url: 'http://127.0.0.1:9' } } as const;

let host: KioskHost | null = null;
let shell: BrowserShell | null = null;
test.afterEach(async () => {
  await shell?.close();
  await host?.stop();
  shell = null;
  host = null;
});

async function serve(config: KioskConfig) {
  const log = createMemoryLog();
  host = await startKioskHost(config, { logger: log.logger });
  shell = await startBrowserShell({
    bridge: host.bridge,
    staticDir: rendererDir,
    port: 0,
    logger: log.logger,
  });
  return shell.launchUrl();
}

test('a database of newer software: the out-of-service screen with the technician’s message', async ({
  page,
}) => {
  const config = testConfig(offline);
  openStore({ dataDir: config.dataDir, kioskId: config.kioskId }).close();
  const db = new Database(path.join(config.dataDir, 'kiosk.db'));
  db.prepare(
    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (99, 'future', 'x', 'y')",
  ).run();
  db.close();

  await page.goto(await serve(config));
  await expect(page.locator('[data-screen]')).toHaveAttribute('data-screen', 'outOfService');
  await expect(
    page.getByRole('heading', { name: formatMessage('zh-CN', 'outOfService.title') }),
  ).toBeVisible();
  const notice = page.getByRole('alert');
  await expect(notice).toContainText('DATABASE_NEWER_THAN_SOFTWARE');
  await expect(notice).toContainText('Install the newer kiosk software');
});

test('a full disk: the customer is sent to a counter before choosing anything', async ({
  page,
}) => {
  const config = testConfig({
    ...offline,
    storage: { minFreeBytes: Number.MAX_SAFE_INTEGER, checkIntervalMs: 60_000 },
  });
  await page.goto(await serve(config));
  const root = page.locator('[data-screen]');
  await expect(root).toHaveAttribute('data-screen', 'attract');
  const said = formatMessage('zh-CN', 'notice.storeDown');
  await expect(page.getByRole('alert')).toContainText(said);
  await page.getByTestId('start').click();
  await expect(root).toHaveAttribute('data-screen', 'menu');
  await expect(page.getByRole('alert')).toContainText(said);
});
