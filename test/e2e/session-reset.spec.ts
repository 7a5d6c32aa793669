/**
 * The reset for the next customer leaves nothing of the last one (design.md §7): a customer in
 * English and elder mode takes a ticket and walks away; after the spoken, visible warning and
 * the reset, their number is nowhere: not in the host's session snapshot, not in the published
 * view, not in the page's DOM or web storage; and the language and elder mode are the defaults.
 */
import { sessionHostOf } from '../../main/session-host.js';
import {
  auditScreen,
  businessTypeName,
  en,
  expect,
  expectScreen,
  hasEspeak,
  shownTicketNumber,
  test,
  voiceStatus,
  zh,
} from './fixtures.js';

import { formatMessageInMode } from '../../src/i18n/messages.js';

// Elder mode doubles these (the default policy): 4 s before the warning, 6 s of warning.
test.use({ kioskOverrides: { session: { inactivityMs: 2_000, warningMs: 3_000 } } });

test('after the timeout reset no trace of the customer remains in the host, the view or the page', async ({
  kioskPage: page,
  kiosk,
}) => {
  const host = sessionHostOf(kiosk.bridge);
  if (!host) throw new Error('the kiosk bridge has no session host');

  await page.getByRole('button', { name: zh('common.language'), exact: true }).click();
  await expectScreen(page, 'menu');
  await page.getByRole('button', { name: en('header.elder'), exact: true }).click();
  await expect(page.locator('html')).toHaveClass(/\belder\b/);
  await page.getByRole('button', { name: en('menu.takeTicket'), exact: true }).click();
  await expectScreen(page, 'chooseBusinessType');
  await page.getByRole('button', { name: businessTypeName('personal', 'en') }).click();
  // Before printing: the people ahead and the wait, confirmed.
  await expectScreen(page, 'confirmTicket');
  await page.getByTestId('confirm-ticket').click();
  await expectScreen(page, 'ticketIssued');
  const number = await shownTicketNumber(page, 'en');

  // Something of the customer in the page's storage too (a component might have written it).
  await page.evaluate((n) => {
    sessionStorage.setItem('last', n);
    localStorage.setItem('last', n);
  }, number);
  // The search below finds the number where it is: the test can fail.
  expect(JSON.stringify(host.snapshot())).toContain(number);
  expect(JSON.stringify(kiosk.bridge.view())).toContain(number);
  expect(await page.content()).toContain(number);

  // The warning is shown and spoken (voice is on in elder mode), in elder mode's words.
  const warning = page.getByRole('alertdialog', { name: en('inactivity.title') });
  const elderWarning = formatMessageInMode({ language: 'en', elder: true }, 'inactivity.warning', {
    seconds: 6,
  });
  await warning.filter({ hasText: elderWarning }).waitFor({ timeout: 15_000 });
  if (hasEspeak) await expect(voiceStatus(page)).toHaveAttribute('data-key', 'inactivity.spoken');
  await auditScreen(page, 'inactivity-warning-elder-en');

  await expectScreen(page, 'attract', { timeout: 15_000 });
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('html')).not.toHaveClass(/\belder\b/);
  await expect(page.getByRole('button', { name: zh('header.elder'), exact: true })).toHaveAttribute(
    'aria-pressed',
    'false',
  );

  const snapshot = JSON.stringify(host.snapshot());
  expect(snapshot).not.toContain(number);
  expect(host.snapshot()).toMatchObject({
    value: 'attract',
    children: {},
    context: { language: 'zh-CN', elder: false, activeFlow: null, flowParams: null },
  });
  const view = kiosk.bridge.view();
  expect(JSON.stringify(view)).not.toContain(number);
  expect(view).toMatchObject({ screen: 'attract', language: 'zh-CN', elder: false });
  expect(await page.content()).not.toContain(number);
  const storage = await page.evaluate(() => ({
    session: sessionStorage.length,
    local: localStorage.length,
    text: document.body.innerText,
  }));
  expect(storage).toEqual({ session: 0, local: 0, text: expect.not.stringContaining(number) });
  await auditScreen(page, 'attract-after-reset');
});

test('"back to start" on the menu ends the session as the timeout reset does, without the wait', async ({
  kioskPage: page,
  kiosk,
}) => {
  const host = sessionHostOf(kiosk.bridge);
  if (!host) throw new Error('the kiosk bridge has no session host');

  await page.getByRole('button', { name: zh('common.language'), exact: true }).click();
  await expectScreen(page, 'menu');
  await page.getByRole('button', { name: en('header.elder'), exact: true }).click();
  await expect(page.locator('html')).toHaveClass(/\belder\b/);
  await page.evaluate(() => {
    sessionStorage.setItem('last', 'customer');
    localStorage.setItem('last', 'customer');
  });
  await auditScreen(page, 'menu-back-to-start-elder-en');

  const backToStart = page.getByRole('button', { name: en('menu.backToStart'), exact: true });
  await expect(backToStart).toHaveAttribute('data-testid', 'back-to-start');
  await backToStart.click();
  // Elder mode's inactivity warning would come after 4 s: this is the customer's tap, not it.
  await expectScreen(page, 'attract', { timeout: 3_000 });
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('html')).not.toHaveClass(/\belder\b/);
  expect(host.snapshot()).toMatchObject({
    value: 'attract',
    children: {},
    context: { language: 'zh-CN', elder: false, activeFlow: null, flowParams: null },
  });
  expect(kiosk.bridge.view()).toMatchObject({ screen: 'attract', language: 'zh-CN', elder: false });
  const storage = await page.evaluate(() => ({
    session: sessionStorage.length,
    local: localStorage.length,
  }));
  expect(storage).toEqual({ session: 0, local: 0 });
});
