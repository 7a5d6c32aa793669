/**
 * End to end in Chromium: a customer walks up and holds their ticket to the lobby scanner on the
 * attract screen (or the home menu), without touching anything first. The scanner is a USB
 * keyboard ("keyboard wedge"): page.keyboard.type(text, { delay: 5 }) + Enter. The session starts
 * straight in "my ticket" for the code: the printed ticket's QR payload is answered; another
 * branch's link gets "this code is not a ticket of this branch" on the my-ticket keypad, which
 * stays usable. The attract screen's language and no elder mode stay; back and done lead where
 * they lead after any query. In Chinese (the default) and on a kiosk whose default language is
 * English, with axe-core reporting no violation on any screen.
 */
import type { Language } from '../../src/domain/business-type.js';
import type { MessageKey } from '../../src/i18n/messages.js';
import {
  auditScreen,
  businessTypeName,
  expect,
  expectScreen,
  say,
  scanCode,
  shownTicketNumber,
  test,
} from './fixtures.js';

for (const language of ['zh-CN', 'en'] as const satisfies readonly Language[]) {
  test.describe(`a ticket scanned on the attract screen (${language})`, () => {
    // English: a kiosk configured so, whose attract screen speaks English before any touch.
    if (language === 'en') test.use({ kioskOverrides: { defaultLanguage: 'en' } });

    test(`goes straight to "my ticket"; another branch's code is refused on the keypad (${language})`, async ({
      kioskPage: page,
      printer,
      pageErrors,
    }) => {
      const t = (key: MessageKey) => say(language, key);
      const button = (key: MessageKey) => page.getByRole('button', { name: t(key), exact: true });
      await expect(page.locator('html')).toHaveAttribute('lang', language);

      // A ticket taken by touch, as printed.
      await button('attract.touchToStart').click();
      await expectScreen(page, 'menu');
      await button('menu.takeTicket').click();
      await expectScreen(page, 'chooseBusinessType');
      await page.getByRole('button', { name: businessTypeName('personal', language) }).click();
      await expectScreen(page, 'confirmTicket');
      await page.getByTestId('confirm-ticket').click();
      await expectScreen(page, 'ticketIssued');
      const number = await shownTicketNumber(page, language);
      const receipt = await printer.waitForReceipt((r) =>
        r.lines.some((l) => l.text.includes(number)),
      );
      const link = receipt.qrCodes[0]!;
      expect(new URL(link).searchParams.get('n')).toBe(number);
      await button('common.finish').click();
      await expectScreen(page, 'attract');

      // The next customer holds the ticket to the scanner on the attract screen: its answer.
      await scanCode(page, link);
      await expectScreen(page, 'queryAnswer');
      await expect(
        page.getByRole('heading', { level: 1, name: t('query.myTicket') }),
      ).toBeVisible();
      await expect(page.getByText(number, { exact: true })).toBeVisible();
      await expect(page.getByText(t('query.aheadNow'), { exact: true })).toBeVisible();
      // The attract screen's defaults: its language, no elder mode.
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await expect(page.locator('html')).not.toHaveClass(/elder/);
      await auditScreen(page, `query-scan-attract-answer-${language}`);

      // Back as after any query: the query menu, then the home menu.
      await button('common.back').click();
      await expectScreen(page, 'queryMenu');
      await button('common.back').click();
      await expectScreen(page, 'menu');
      // On the home menu, a bare number held to the scanner: "my ticket" too.
      await scanCode(page, number);
      await expectScreen(page, 'queryAnswer');
      await expect(page.getByText(number, { exact: true })).toBeVisible();
      await button('common.finish').click();
      await expectScreen(page, 'attract');

      // Another branch's ticket on the attract screen: refused, on the my-ticket keypad.
      const other = new URL(link);
      other.hostname = 'queue.other-branch.example.cn';
      await scanCode(page, other.toString());
      await expectScreen(page, 'queryInput');
      await expect(
        page.getByRole('heading', { level: 1, name: t('query.myTicket') }),
      ).toBeVisible();
      await expect(page.getByTestId('notice')).toContainText(t('notice.scanNotATicket'));
      await expect(page.getByText(t('query.scanOrEnter'), { exact: true })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await auditScreen(page, `query-scan-attract-refused-${language}`);
      // The keypad still works (and the reason goes once the customer types).
      await page.getByRole('button', { name: 'A', exact: true }).click();
      await expect(page.getByTestId('query-input')).toHaveText('A');
      await expect(page.getByTestId('notice')).toHaveCount(0);
      await button('common.back').click();
      await expectScreen(page, 'queryMenu');
      await button('common.back').click();
      await expectScreen(page, 'menu');
      await button('menu.backToStart').click();
      await expectScreen(page, 'attract');
      expect(pageErrors).toEqual([]);
    });
  });
}
