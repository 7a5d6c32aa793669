/**
 * End to end: the device simulator panel, as a person trying the kiosk on `npm start` uses it.
 * The panel opens in a second tab from its own one-time address (the shell serves it only for
 * simulated devices); placing the senior's sample card there is read by the kiosk's identify
 * flow, and taking the printer's paper out there gives the not-printed path. Axe checks the
 * panel page; nothing here touches the simulators in-process.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startBrowserShell } from '../../main/browser-shell.js';
import { createDeviceSimulatorPanel } from '../../main/device-simulator/panel.js';
import { createMemoryLog } from '../../src/log/index.js';
import {
  auditScreen,
  businessTypeName,
  expect,
  expectScreen,
  test as base,
  zh,
} from './fixtures.js';

const rendererDir = path.resolve(import.meta.dirname, '../../dist/renderer');

/** The fixtures' kiosk, behind a shell that also serves the device simulator panel. */
const test = base.extend({
  shell: async ({ kiosk }, use) => {
    const logger = createMemoryLog().logger;
    const shell = await startBrowserShell({
      bridge: kiosk.bridge,
      staticDir: rendererDir,
      port: 0,
      logger,
      simulator: createDeviceSimulatorPanel(kiosk.devices, logger),
    });
    try {
      await use(shell);
    } finally {
      await shell.close();
    }
  },
});

test.use({ kioskOverrides: { idReader: { kind: 'simulated' } } });

/** The queue this spec takes tickets in (as identify.spec.ts: the other specs read 'personal'). */
const QUEUE = 'wealth';

async function openPanel(page: Page, address: string | null): Promise<Page> {
  expect(address, 'the shell serves a panel for the simulated devices').not.toBeNull();
  const panel = await page.context().newPage();
  await panel.goto(address!);
  // The one-time code left the address bar: the panel's session is in its cookie.
  await expect(panel).toHaveURL(/\/simulator$/);
  await expect(panel.getByRole('heading', { name: 'Device simulator', level: 1 })).toBeVisible();
  return panel;
}

/** A state value the panel shows (it refreshes every second and after every action). */
function shownState(panel: Page, field: string) {
  return panel.locator(`[data-field="${field}"]`);
}

test('a sample card placed on the panel is read by the kiosk, and paper out gives the not-printed path', async ({
  kioskPage: page,
  shell,
}) => {
  const panel = await openPanel(page, shell.simulatorUrl());
  await auditScreen(panel, 'simulator-panel');

  // The customer, on the kiosk tab: take a ticket with the ID card.
  await page.bringToFront();
  await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
  await expectScreen(page, 'menu');
  await page.getByRole('button', { name: zh('menu.takeTicket'), exact: true }).click();
  await expectScreen(page, 'idCardOffer');
  await page.getByRole('button', { name: zh('identify.offer.useCard') }).click();
  await expectScreen(page, 'idCardConsent');
  await page.getByRole('button', { name: zh('identify.consent.agree') }).click();
  await expectScreen(page, 'placeIdCard');

  // The person trying the kiosk, on the panel tab: the senior's sample card.
  await panel.getByLabel('Sample card').selectOption('resident long-term');
  await panel.getByRole('button', { name: 'Place the card', exact: true }).click();
  await expect(panel.getByRole('status')).toHaveText('Done: Place the card');
  await expect(shownState(panel, 'idReader.card')).toHaveText('resident long-term');

  await expectScreen(page, 'idCardRead');
  await expect(page.getByTestId('masked-name')).toHaveText('刘*');
  await expect(page.getByText(zh('identify.read.prioritySenior'))).toBeVisible();
  await expect(shownState(panel, 'idReader.status.media')).toHaveText('read');

  await panel.getByRole('button', { name: 'Take the card away' }).click();
  await expectScreen(page, 'chooseBusinessType');
  await expect(shownState(panel, 'idReader.card')).toHaveText('—');

  // The printer runs out of paper before the ticket is printed.
  await panel.getByRole('button', { name: 'Paper out' }).click();
  await expect(shownState(panel, 'printer.status.paper')).toHaveText('out');
  await auditScreen(panel, 'simulator-panel-paper-out');

  await page.getByRole('button', { name: businessTypeName(QUEUE, 'zh-CN') }).click();
  await expectScreen(page, 'confirmTicket');
  await page.getByTestId('confirm-ticket').click();
  await expectScreen(page, 'ticketNotPrinted');

  // Paper loaded again: the printer says so on the panel (and the kiosk offers a reprint).
  await panel.getByRole('button', { name: 'Paper full' }).click();
  await expect(shownState(panel, 'printer.status.paper')).toHaveText('full');
  await expect(page.getByRole('button', { name: zh('ticketNotPrinted.printAgain') })).toBeVisible();
  await panel.close();
});

test('the kiosk page cannot open the panel: it has no session of its own there', async ({
  kioskPage: page,
  shell,
}) => {
  const response = await page.request.get(`${shell.origin}/simulator/state`);
  expect(response.status()).toBe(403);
  const action = await page.request.post(`${shell.origin}/simulator/action`, {
    headers: { Origin: shell.origin },
    data: { action: 'setPaper', paper: 'out' },
  });
  expect(action.status()).toBe(403);
});
