/**
 * End to end in Chromium: "my ticket" by scanning the ticket's QR code. The lobby scanner is a
 * USB keyboard ("keyboard wedge"): it types the code's text a few milliseconds per character and
 * ends with Enter, which page.keyboard.type(text, { delay: 5 }) + Enter reproduces. The printed
 * ticket's QR payload (the follow link, from the virtual printer's receipt) scanned on the keypad
 * screen shows the same answer as the typed number; another branch's link shows "this code is not
 * a ticket of this branch" with the keypad still usable; a bare number scanned on the query menu
 * is answered too; a person typing the same keys slowly is not a scan. The screen says scanning
 * is possible. In Chinese, in English and in elder mode, with axe-core reporting no violation on
 * any screen.
 */
import { formatMessageInMode, type MessageKey } from '../../src/i18n/messages.js';
import {
  auditScreen,
  businessTypeName,
  expect,
  expectScreen,
  say,
  scanCode,
  shownTicketNumber,
  test,
  zh,
} from './fixtures.js';

const MODES = [
  { language: 'zh-CN', elder: false },
  { language: 'en', elder: false },
  { language: 'zh-CN', elder: true },
  { language: 'en', elder: true },
] as const;

for (const { language, elder } of MODES) {
  const name = `${language}${elder ? '-elder' : ''}`;

  test(`my ticket: its QR code scanned, another branch's refused, the keypad still there (${name})`, async ({
    kioskPage: page,
    printer,
    pageErrors,
  }) => {
    // The customer's words: elder mode's plainer ones once it is on.
    let t = (key: MessageKey, params?: Record<string, string | number>) =>
      say(language, key, params);
    // Answers come in the standard words in elder mode too (the host's answer blocks); notices
    // take elder mode's plainer words, as the screens do.
    const standard = (key: MessageKey) => say(language, key);

    await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
    await expectScreen(page, 'menu');
    await page.getByRole('button', { name: zh('menu.takeTicket'), exact: true }).click();
    await expectScreen(page, 'chooseBusinessType');
    await page.getByRole('button', { name: businessTypeName('personal', 'zh-CN') }).click();
    await expectScreen(page, 'confirmTicket');
    await page.getByTestId('confirm-ticket').click();
    await expectScreen(page, 'ticketIssued');
    const number = await shownTicketNumber(page, 'zh-CN');
    // What the printed ticket's QR code carries: the kiosk's follow link.
    const receipt = await printer.waitForReceipt((r) =>
      r.lines.some((l) => l.text.includes(number)),
    );
    const link = receipt.qrCodes[0]!;
    expect(new URL(link).searchParams.get('n')).toBe(number);
    await page.getByRole('button', { name: zh('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');

    await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
    await expectScreen(page, 'menu');
    if (language === 'en') {
      await page.getByRole('button', { name: zh('common.language'), exact: true }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    }
    if (elder) {
      await page.getByRole('button', { name: t('header.elder'), exact: true }).click();
      await expect(page.locator('html')).toHaveClass(/elder/);
      t = (key, params) => formatMessageInMode({ language, elder: true }, key, params);
    }
    await page.getByRole('button', { name: t('menu.queries'), exact: true }).click();
    await expectScreen(page, 'queryMenu');
    // Elder mode shows fewer topics per page: "my ticket" is on the second.
    if (elder) await page.getByRole('button', { name: t('paging.more') }).click();
    await page.getByRole('button', { name: t('query.myTicket'), exact: true }).click();
    await expectScreen(page, 'queryInput');
    // The screen says the ticket's QR code can be scanned, and the keypad is there.
    await expect(page.getByText(t('query.scanOrEnter'), { exact: true })).toBeVisible();
    await auditScreen(page, `query-scan-keypad-${name}`);

    // A person typing the number slowly on a keyboard is not a scan: nothing happens.
    await page.keyboard.type(number, { delay: 150 });
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    await expectScreen(page, 'queryInput');
    await expect(page.getByTestId('query-input')).toHaveText('');

    // The ticket's QR code held to the scanner: its answer, as for the typed number.
    await scanCode(page, link);
    await expectScreen(page, 'queryAnswer');
    await expect(page.getByRole('heading', { level: 1, name: t('query.myTicket') })).toBeVisible();
    await expect(page.getByText(number, { exact: true })).toBeVisible();
    await expect(page.getByText(standard('query.aheadNow'), { exact: true })).toBeVisible();
    await expect(page.getByText(standard('query.positionUnknown'))).toHaveCount(0);
    await auditScreen(page, `query-scan-answer-${name}`);

    // Another branch's ticket held to the scanner on the answer: refused, on the keypad.
    const other = new URL(link);
    other.hostname = 'queue.other-branch.example.cn';
    await scanCode(page, other.toString());
    await expectScreen(page, 'queryInput');
    await expect(page.getByTestId('notice')).toContainText(t('notice.scanNotATicket'));
    await auditScreen(page, `query-scan-refused-${name}`);
    // The keypad still works (and the reason goes once the customer types).
    await page.getByRole('button', { name: 'A', exact: true }).click();
    await expect(page.getByTestId('query-input')).toHaveText('A');
    await expect(page.getByTestId('notice')).toHaveCount(0);

    // Back on the query menu: a bare number scanned there is "my ticket" at once.
    await page.getByRole('button', { name: t('common.back'), exact: true }).click();
    await expectScreen(page, 'queryMenu');
    await scanCode(page, number);
    await expectScreen(page, 'queryAnswer');
    await expect(page.getByText(number, { exact: true })).toBeVisible();
    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
    expect(pageErrors).toEqual([]);
  });
}
