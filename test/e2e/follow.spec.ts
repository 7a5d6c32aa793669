/**
 * End to end, scan-to-follow (issue 8): a ticket taken at the kiosk in Chromium, its QR code read
 * off the screen, and the page it leads to opened on a phone-sized Chromium: the number, the
 * people ahead, a counter calling the next customers and the page following by itself, in
 * zh-CN and English, with axe-core reporting nothing and pictures kept.
 */
import type { Page } from '@playwright/test';
import { localDay } from '../../src/domain/local-time.js';
import { uuidv7 } from '../../src/uuidv7.js';
import { qrDrawing } from '../../renderer/screens/ticket/TicketQrCode.js';
import {
  auditScreen,
  businessTypeName,
  en,
  expect,
  expectScreen,
  shownTicketNumber,
  test,
  zh,
} from './fixtures.js';

/** A phone: small portrait screen, touch, its own browser profile. */
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};

test.describe('follow my ticket on a phone', () => {
  test('scan the QR code, see the number and the people ahead, and follow the calls', async ({
    kioskPage: page,
    kiosk,
    printer,
    branchService,
    browser,
  }) => {
    // The counter's side, as the demo counter calls it (the kiosk's own credential).
    const counterApi = async (path: string, body: unknown) => {
      const response = await fetch(`${branchService.url}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${kiosk.config.kioskToken}`,
          'x-kiosk-id': kiosk.config.kioskId,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      expect(response.status, path).toBe(200);
      return (await response.json()) as { called: { number: string } | null };
    };
    const serviceDay = localDay(new Date());
    const callNext = () =>
      counterApi('/v1/counter/call-next', {
        counterId: 'w2',
        businessTypeIds: ['personal'],
        serviceDay,
      });
    // An empty queue, then one customer ahead of ours (a number taken at another kiosk).
    while ((await callNext()).called !== null);
    await counterApi('/v1/numbers', {
      ticketId: uuidv7(),
      businessTypeId: 'personal',
      serviceDay,
    });

    await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
    await page.getByRole('button', { name: zh('menu.takeTicket'), exact: true }).click();
    await page.getByRole('button', { name: businessTypeName('personal', 'zh-CN') }).click();
    await expectScreen(page, 'confirmTicket');
    await page.getByRole('button', { name: zh('confirmTicket.confirm'), exact: true }).click();
    await expectScreen(page, 'ticketIssued');
    const number = await shownTicketNumber(page, 'zh-CN');

    // The QR code on screen: the printed ticket's payload, drawn module for module.
    const receipt = await printer.waitForReceipt((r) =>
      r.lines.some((l) => l.text.includes(number)),
    );
    const payload = receipt.qrCodes[0]!;
    const shown = await page
      .getByRole('img', { name: zh('ticketIssued.scanToFollow') })
      .locator('path')
      .getAttribute('d');
    expect(shown).toBe(qrDrawing(payload)?.path);
    // It leads to the branch service's follow page (the embedded one: no address configured).
    const link = new URL(payload);
    expect(link.origin).toBe(new URL(branchService.url).origin);
    expect(link.pathname).toMatch(/^\/t\/[0-9a-f-]{36}$/);
    expect(link.searchParams.get('n')).toBe(number);
    expect(link.searchParams.get('k')).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const phone = await browser.newContext(PHONE);
    const phoneErrors: string[] = [];
    try {
      const mobile: Page = await phone.newPage();
      // A CSP violation, a failed script or a refused request shows here.
      mobile.on('console', (m) => {
        if (m.type() === 'error') phoneErrors.push(m.text());
      });
      mobile.on('pageerror', (e) => phoneErrors.push(e.message));
      const answer = await mobile.goto(payload);
      expect(answer?.status()).toBe(200);
      expect(answer?.headers()['content-security-policy']).toContain("default-src 'none'");
      await expect(mobile.locator('html')).toHaveAttribute('lang', 'zh-CN');
      await expect(mobile.getByRole('heading', { level: 1 })).toHaveText(zh('follow.title'));
      const numberShown = mobile.getByText(number, { exact: true });
      await expect(numberShown).toBeVisible();
      await expect(numberShown).toHaveAccessibleDescription(zh('follow.yourNumber'));
      const state = mobile.getByRole('status');
      await expect(state).toContainText(zh('follow.ahead', { count: 1 }));
      // The estimate the service computes (unknown on a queue nobody was served in yet; the
      // queue's history depends on the specs before this one): the page shows exactly that.
      const statusUrl = new URL(link.pathname.replace(/^\/t\//, '/v1/follow/'), link.origin);
      statusUrl.searchParams.set('k', link.searchParams.get('k')!);
      const status = (await (await fetch(statusUrl)).json()) as {
        estimatedWaitMinutes: number | null;
      };
      await expect(state).toContainText(
        status.estimatedWaitMinutes === null
          ? zh('follow.estimateUnknown')
          : zh('follow.estimate', { minutes: status.estimatedWaitMinutes }),
      );
      // Fits the phone: nothing scrolls sideways.
      expect(
        await mobile.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      ).toBe(true);
      await auditScreen(mobile, 'follow-waiting-zh-CN');

      // The counter calls the customer ahead: ours is next, and the page sees it by itself.
      expect((await callNext()).called?.number).not.toBe(number);
      await expect(state).toContainText(zh('follow.youAreNext'), { timeout: 25_000 });
      await auditScreen(mobile, 'follow-next-zh-CN');

      // Called to counter w2: named as customers read it (no names configured: from the id).
      expect((await callNext()).called?.number).toBe(number);
      await expect(state).toContainText(zh('follow.goToCounter', { counter: '2号窗口' }), {
        timeout: 25_000,
      });
      await auditScreen(mobile, 'follow-called-zh-CN');

      // In English, by the switch link.
      await mobile.getByRole('link', { name: 'English' }).click();
      await expect(mobile.locator('html')).toHaveAttribute('lang', 'en');
      await expect(mobile.getByRole('status')).toContainText(
        en('follow.goToCounter', { counter: 'Counter 2' }),
      );
      await auditScreen(mobile, 'follow-called-en');

      // Served: the final page, which stops refreshing.
      await callNext();
      await mobile.reload();
      await expect(mobile.getByRole('status')).toContainText(en('follow.served'));
      await auditScreen(mobile, 'follow-served-en');

      // A link whose token is not the ticket's: the clear "not found" page.
      const forged = new URL(payload);
      forged.searchParams.set('k', 'A'.repeat(22));
      const refused = await mobile.goto(forged.toString());
      expect(refused?.status()).toBe(404);
      await expect(mobile.getByRole('heading', { level: 1 })).toHaveText(
        zh('follow.notFoundTitle'),
      );
      await expect(mobile.getByText(number)).toHaveCount(0);
      await auditScreen(mobile, 'follow-not-found-zh-CN');
    } finally {
      await phone.close();
    }
    // The 404 page load logs its status as a console error in Chromium; nothing else may.
    expect(phoneErrors.filter((e) => !/status of 404/.test(e))).toEqual([]);

    await page.getByRole('button', { name: zh('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
  });
});
