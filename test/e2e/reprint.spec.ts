/**
 * "Print again" in Chromium: the not-printed screen offers it only once the printer is ready
 * again (the virtual printer reports the new roll by itself, Automatic Status Back), a tap
 * prints the ticket once, and nothing prints before the tap.
 */
import {
  auditScreen,
  businessTypeName,
  expect,
  expectScreen,
  shownTicketNumber,
  test,
  zh,
} from './fixtures.js';

test('print again: offered once the printer is ready, one tap, one ticket', async ({
  kioskPage: page,
  printer,
}) => {
  const printedBefore = printer.receiptsPrinted;
  const reprint = page.getByRole('button', { name: zh('ticketNotPrinted.printAgain') });
  printer.setPaper('out');
  try {
    await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
    await expectScreen(page, 'menu');
    await page.getByRole('button', { name: zh('menu.takeTicket'), exact: true }).click();
    await expectScreen(page, 'chooseBusinessType');
    await page.getByRole('button', { name: businessTypeName('personal', 'zh-CN') }).click();
    // Before printing: the people ahead and the wait, confirmed.
    await expectScreen(page, 'confirmTicket');
    await page.getByTestId('confirm-ticket').click();
    await expectScreen(page, 'ticketNotPrinted');
    const number = await shownTicketNumber(page, 'zh-CN');
    await expect(reprint).toHaveCount(0);

    printer.setPaper('full');
    await expect(reprint).toBeVisible();
    await auditScreen(page, 'not-printed-print-again-zh-CN');
    expect(printer.receiptsPrinted).toBe(printedBefore);

    await reprint.click();
    await expectScreen(page, 'ticketIssued');
    expect(await shownTicketNumber(page, 'zh-CN')).toBe(number);
    const receipt = await printer.waitForReceipt((r) => r.lines.some((l) => l.text === number));
    expect(receipt.qrCodes).toHaveLength(1);
    expect(printer.receiptsPrinted).toBe(printedBefore + 1);

    await page.getByRole('button', { name: zh('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
  } finally {
    printer.setPaper('full');
  }
});
