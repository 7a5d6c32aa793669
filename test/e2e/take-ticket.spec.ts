/**
 * End to end: Debian Chromium drives the real renderer, served by the browser shell, over the
 * bridge, into the kiosk host with the virtual printer and the embedded branch service.
 */
import {
  auditScreen,
  businessTypeName,
  expect,
  expectScreen,
  shownTicketNumber,
  test,
  zh,
  en,
} from './fixtures.js';

test.describe('take a queue ticket in Chromium', () => {
  test('tap, choose a business type, see the number; printed with QR; held by the branch service', async ({
    kioskPage: page,
    printer,
    branchService,
    syncNow,
    pageErrors,
  }) => {
    await auditScreen(page, 'attract-zh-CN');
    await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
    await expectScreen(page, 'menu');
    await auditScreen(page, 'menu-zh-CN');
    await page.getByRole('button', { name: zh('menu.takeTicket'), exact: true }).click();
    await expectScreen(page, 'chooseBusinessType');
    await expect(page.getByRole('heading', { name: zh('chooseBusinessType.title') })).toBeVisible();
    await auditScreen(page, 'choose-zh-CN');
    await page.getByRole('button', { name: businessTypeName('personal', 'zh-CN') }).click();
    // Before printing: the queue, the people ahead and the wait (or "wait unknown").
    await expectScreen(page, 'confirmTicket');
    await expect(page.getByRole('heading', { name: zh('confirmTicket.title') })).toBeVisible();
    await expect(page.getByTestId('confirm-business-type')).toContainText(
      businessTypeName('personal', 'zh-CN'),
    );
    await expect(page.getByTestId('waiting-ahead')).toBeVisible();
    await auditScreen(page, 'confirm-zh-CN');
    // Going back takes no number: the choice again, nothing printed (the printer of the worker's
    // shared kiosk may hold receipts of earlier specs: count from here).
    const printedBefore = printer.receipts().length;
    await page.getByRole('button', { name: zh('confirmTicket.chooseAgain'), exact: true }).click();
    await expectScreen(page, 'chooseBusinessType');
    expect(printer.receipts()).toHaveLength(printedBefore);
    await page.getByRole('button', { name: businessTypeName('personal', 'zh-CN') }).click();
    await expectScreen(page, 'confirmTicket');
    await page.getByRole('button', { name: zh('confirmTicket.confirm'), exact: true }).click();

    await expectScreen(page, 'ticketIssued');
    const number = await shownTicketNumber(page, 'zh-CN');
    expect(number).toMatch(/^A\d{4}$/);
    // The QR code to follow the queue, large enough for a phone, and what the ticket says.
    const qr = page.getByRole('img', { name: zh('ticketIssued.scanToFollow') });
    await expect(qr).toBeVisible();
    const box = await qr.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThanOrEqual(180);
    await expect(page.getByTestId('ticket-meta')).toContainText(/\d\d:\d\d/);
    await expect(page.getByTestId('ticket-business-type')).toHaveText(
      businessTypeName('personal', 'zh-CN'),
    );
    await auditScreen(page, 'issued-zh-CN');

    // The virtual printer got that number, in large type, and a QR code for the ticket.
    const receipt = await printer.waitForReceipt((r) =>
      r.lines.some((l) => l.text.includes(number)),
    );
    const numberLine = receipt.lines.find((l) => l.text.includes(number));
    expect(numberLine?.width ?? 0).toBeGreaterThan(1);
    expect(receipt.qrCodes).toHaveLength(1);
    expect(receipt.qrCodes[0]).toContain(`n=${number}`);

    // The branch service holds the ticket once the outbox is synced.
    await syncNow();
    const rows = await branchService.query<{ number: string }>(
      'select number from tickets where number = $1',
      [number],
    );
    expect(rows).toHaveLength(1);

    await page.getByRole('button', { name: zh('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
    expect(pageErrors).toEqual([]);
  });

  test.describe('on a landscape screen', () => {
    test.use({ viewport: { width: 1920, height: 1080 } });

    test('works in English and resets the language for the next customer', async ({
      kioskPage: page,
      printer,
    }) => {
      await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
      await expectScreen(page, 'menu');
      // The toggle is labelled in the language it switches to.
      await page.getByRole('button', { name: zh('common.language'), exact: true }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await auditScreen(page, 'menu-en');
      await page.getByRole('button', { name: en('menu.takeTicket'), exact: true }).click();
      await expectScreen(page, 'chooseBusinessType');
      await auditScreen(page, 'choose-en');
      await page.getByRole('button', { name: businessTypeName('personal', 'en') }).click();
      // Before printing: the people ahead and the wait, confirmed.
      await expectScreen(page, 'confirmTicket');
      await expect(page.getByRole('heading', { name: en('confirmTicket.title') })).toBeVisible();
      await auditScreen(page, 'confirm-en');
      await page.getByRole('button', { name: en('confirmTicket.confirm'), exact: true }).click();

      await expectScreen(page, 'ticketIssued');
      const number = await shownTicketNumber(page, 'en');
      await expect(page.getByRole('main')).toContainText(/ticket/i);
      await expect(page.getByRole('heading', { name: en('ticketIssued.title') })).toBeVisible();
      // The paper speaks the customer's language too.
      const receipt = await printer.waitForReceipt((r) =>
        r.lines.some((l) => l.text.includes(number)),
      );
      expect(receipt.lines.map((l) => l.text).join('\n')).toContain(
        businessTypeName('personal', 'en'),
      );
      await auditScreen(page, 'issued-en');

      await page.getByRole('button', { name: en('common.finish'), exact: true }).click();
      await expectScreen(page, 'attract');
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    });
  });

  test('keeps the number on screen and says why when the printer does not answer', async ({
    kioskPage: page,
    printer,
  }) => {
    printer.setSilent(true);
    try {
      await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
      await page.getByRole('button', { name: zh('menu.takeTicket'), exact: true }).click();
      await page.getByRole('button', { name: businessTypeName('personal', 'zh-CN') }).click();
      // Before printing: the people ahead and the wait, confirmed.
      await expectScreen(page, 'confirmTicket');
      await page.getByTestId('confirm-ticket').click();
      // The kiosk waits a few seconds for the silent printer before it gives up.
      await expectScreen(page, 'printing');
      await auditScreen(page, 'printing-zh-CN');

      await expectScreen(page, 'ticketNotPrinted', { timeout: 30_000 });
      const number = await shownTicketNumber(page, 'zh-CN');
      expect(number).toMatch(/^A\d{4}$/);
      const notice = page.getByRole('alert');
      await expect(notice).toContainText(zh('printerReason.offline'));
      await expect(notice).toContainText(
        zh('notice.printerFailed', { reason: zh('printerReason.offline') }),
      );
      await expect(page.getByText(zh('ticketNotPrinted.noteNumber', { number }))).toBeVisible();
      // What to do now, step by step, and the QR code to follow the queue without paper.
      await expect(page.getByTestId('next-steps')).toContainText(zh('ticketNotPrinted.stepListen'));
      await expect(page.getByRole('img', { name: zh('ticketIssued.scanToFollow') })).toBeVisible();
      await auditScreen(page, 'not-printed-zh-CN');
      expect(printer.receipts().some((r) => r.lines.some((l) => l.text.includes(number)))).toBe(
        false,
      );

      await page.getByRole('button', { name: zh('common.finish'), exact: true }).click();
      await expectScreen(page, 'attract');
    } finally {
      printer.setSilent(false);
    }
  });
});
