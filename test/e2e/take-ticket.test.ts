/**
 * End to end: Debian Chromium drives the real renderer, served by the browser shell, over the
 * WebSocket bridge, into the kiosk host with the virtual printer and the embedded branch service.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startBrowserShell, type BrowserShell } from '../../main/browser-shell.js';
import type { Kiosk } from '../../main/kiosk.js';
import { launchChromium } from '../support/chromium.js';
import { startTestKiosk } from '../support/kiosk-harness.js';

const root = path.resolve(import.meta.dirname, '../..');
const rendererDir = path.join(root, 'dist/renderer');
const shots = path.join(root, 'test-results/e2e');

let kiosk: Kiosk;
let shell: BrowserShell;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error('the renderer is not built: run "npm run build" (npm test does it first)');
  }
  mkdirSync(shots, { recursive: true });
  ({ kiosk } = await startTestKiosk());
  shell = await startBrowserShell({ bridge: kiosk.bridge, staticDir: rendererDir, port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await shell?.close();
  await kiosk?.stop();
});

async function openKiosk(viewport = { width: 1080, height: 1920 }): Promise<Page> {
  const page = await browser.newPage({ viewport, hasTouch: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(shell.url);
  await page.getByTestId('screen-attract').waitFor();
  (page as Page & { errors: string[] }).errors = errors;
  return page;
}

async function axeViolations(page: Page): Promise<string[]> {
  const axe = readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
  // Evaluated over the devtools protocol: the page's CSP (rightly) refuses inline scripts.
  await page.evaluate(axe);
  return page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run(): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
    };
    const result = await w.axe.run();
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
}

describe('take a queue ticket in Chromium', () => {
  it('tap, choose a business type, see the number; printed with QR; held by the branch service', async () => {
    const page = await openKiosk();
    await page.screenshot({ path: path.join(shots, 'attract-zh-CN.png') });
    await page.getByTestId('start').click();
    await page.getByTestId('take-ticket').click();
    await page.getByTestId('screen-chooseBusinessType').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'choose-zh-CN.png') });
    await page.getByTestId('business-type-personal').click();

    const numberEl = page.getByTestId('ticket-number');
    await numberEl.waitFor();
    const number = (await numberEl.innerText()).trim();
    expect(number).toMatch(/^A\d{3}$/);
    await page.screenshot({ path: path.join(shots, 'issued-zh-CN.png') });
    expect(await axeViolations(page)).toEqual([]);

    // The virtual printer got that number, in large type, and a QR code for the ticket.
    const receipt = await kiosk.virtualPrinter!.waitForReceipt((r) =>
      r.lines.some((l) => l.text.includes(number)),
    );
    const numberLine = receipt.lines.find((l) => l.text.includes(number))!;
    expect(numberLine.width).toBeGreaterThan(1);
    expect(receipt.qrCodes).toHaveLength(1);
    expect(receipt.qrCodes[0]).toContain(`n=${number}`);

    // The branch service holds the ticket once the outbox is synced.
    await kiosk.sync.syncNow();
    const rows = await kiosk.branchService!.query<{ number: string }>(
      'select number from tickets where number = $1',
      [number],
    );
    expect(rows).toHaveLength(1);

    await page.getByTestId('finish').click();
    await page.getByTestId('screen-attract').waitFor();
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('works in English and resets the language for the next customer', async () => {
    const page = await openKiosk({ width: 1920, height: 1080 });
    await page.getByTestId('start').click();
    await page.getByTestId('language-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('take-ticket').click();
    await page.getByTestId('business-type-personal').click();
    await page.getByTestId('ticket-number').waitFor();
    await expect.poll(() => page.getByTestId('screen-ticketIssued').innerText()).toMatch(/ticket/i);
    // The paper speaks the customer's language too.
    const number = (await page.getByTestId('ticket-number').innerText()).trim();
    const receipt = await kiosk.virtualPrinter!.waitForReceipt((r) =>
      r.lines.some((l) => l.text.includes(number)),
    );
    expect(receipt.lines.map((l) => l.text).join('\n')).toContain('Personal banking');
    await page.screenshot({ path: path.join(shots, 'issued-en.png') });
    await page.getByTestId('finish').click();
    await page.getByTestId('screen-attract').waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.close();
  });

  it('keeps the number on screen and says why when the printer does not answer', async () => {
    const page = await openKiosk();
    kiosk.virtualPrinter!.setSilent(true);
    try {
      await page.getByTestId('start').click();
      await page.getByTestId('take-ticket').click();
      await page.getByTestId('business-type-personal').click();
      await page.getByTestId('screen-ticketNotPrinted').waitFor({ timeout: 30_000 });
      const number = (await page.getByTestId('ticket-number').innerText()).trim();
      expect(number).toMatch(/^A\d{3}$/);
      await expect.poll(() => page.getByTestId('notice').innerText()).toContain('打印机未响应');
      await page.screenshot({ path: path.join(shots, 'not-printed-zh-CN.png') });
      expect(await axeViolations(page)).toEqual([]);
      expect(
        kiosk.virtualPrinter!.receipts().some((r) => r.lines.some((l) => l.text.includes(number))),
      ).toBe(false);
      await page.getByTestId('finish').click();
      await page.getByTestId('screen-attract').waitFor();
    } finally {
      kiosk.virtualPrinter!.setSilent(false);
      await page.close();
    }
  });

  it('refuses a bridge connection without the per-boot token', async () => {
    const page = await browser.newPage();
    await page.goto(shell.origin + '/');
    const refused = await page.evaluate(
      (url) =>
        new Promise<boolean>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve(false);
          ws.onerror = () => resolve(true);
        }),
      shell.origin.replace('http', 'ws') + '/bridge?token=wrong',
    );
    expect(refused).toBe(true);
    await page.close();
  });
});
