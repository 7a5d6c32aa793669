/**
 * End to end in Chromium: "call a guide" from the home menu, confirmed on screen ("your call has
 * been sent") and delivered to the branch service, where a guide's desk acknowledges it and the
 * screen says a guide is on the way; then the staff PIN keypad, where three wrong PINs lock it out (dots on
 * screen, never digits; every use audited). In Chinese and in English, with axe-core reporting
 * no violation on any screen.
 */
import type { Page } from '@playwright/test';
import type { Language } from '../../src/domain/business-type.js';
import { BranchServiceClient } from '../../src/sync/index.js';
import { auditScreen, expect, expectScreen, say, test, zh } from './fixtures.js';

async function begin(page: Page, language: Language) {
  await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
  await expectScreen(page, 'menu');
  if (language === 'en') {
    await page.getByRole('button', { name: zh('common.language'), exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
}

// Each test locks its own kiosk's keypad: the lockout lives in the host, across customers.
test.use({ ownKiosk: true });

for (const language of ['zh-CN', 'en'] as const) {
  const t = (key: Parameters<typeof say>[1], params?: Record<string, string | number>) =>
    say(language, key, params);

  test(`call a guide, then three wrong staff PINs lock the keypad out (${language})`, async ({
    kioskPage: page,
    branchService,
    kiosk,
    syncNow,
    pageErrors,
  }) => {
    // The test kiosks share one branch service and one kiosk id: this test's items are newer.
    const since = new Date().toISOString();
    await begin(page, language);
    await page.getByRole('button', { name: t('menu.callGuide'), exact: true }).click();
    await expectScreen(page, 'guideCalled');
    await expect(page.getByRole('heading', { level: 1, name: t('guide.sent') })).toBeVisible();
    await auditScreen(page, `guide-called-${language}`);

    await syncNow();
    const calls = await branchService.query<{ kiosk_id: string; id: string }>(
      `SELECT kiosk_id, payload->>'id' AS id FROM kiosk_items
       WHERE kind = 'guide.called' AND payload->>'calledAt' >= $1`,
      [since],
    );
    expect(calls.map((c) => c.kiosk_id)).toEqual([kiosk.config.kioskId]);
    // A guide's desk answers "on my way": the waiting customer's screen says so.
    const desk = new BranchServiceClient({
      baseUrl: branchService.url,
      kioskId: kiosk.config.kioskId,
      token: kiosk.config.kioskToken,
    });
    await desk.guideCallUpdate('acknowledge', calls[0]!.id, `guide-${language}`);
    await expect(page.getByRole('heading', { level: 1, name: t('guide.onTheWay') })).toBeVisible();
    await auditScreen(page, `guide-on-the-way-${language}`);

    // The way back works; the guide, once there, starts again from the menu.
    await page.getByRole('button', { name: t('common.back'), exact: true }).click();
    await expectScreen(page, 'menu');
    await page.getByRole('button', { name: t('menu.callGuide'), exact: true }).click();
    await expectScreen(page, 'guideCalled');
    await page.getByRole('button', { name: t('guide.staffUnlock'), exact: true }).click();
    await expectScreen(page, 'guidePin');
    await auditScreen(page, `guide-pin-${language}`);

    const dots = page.getByTestId('pin-dots');
    for (let attempt = 1; attempt <= 3; attempt++) {
      for (const digit of '1357') await page.getByTestId(`pin-${digit}`).click();
      await expect(dots).toHaveText('●●●●');
      await expect(dots).not.toContainText('1357');
      await page.getByRole('button', { name: t('guide.pinSubmit'), exact: true }).click();
      if (attempt < 3) {
        await expect(page.getByText(t('guide.wrongPin', { count: 3 - attempt }))).toBeVisible();
        if (attempt === 1) await auditScreen(page, `guide-wrong-pin-${language}`);
      }
    }
    await expectScreen(page, 'guideLockedOut');
    await expect(
      page.getByRole('heading', { level: 1, name: t('guide.lockedOut', { seconds: 30 }) }),
    ).toBeVisible();
    await auditScreen(page, `guide-locked-out-${language}`);

    // Even the right PIN is refused while locked.
    await page.getByRole('button', { name: t('guide.tryAgain'), exact: true }).click();
    await expectScreen(page, 'guidePin');
    for (const digit of '2580') await page.getByTestId(`pin-${digit}`).click();
    await page.getByRole('button', { name: t('guide.pinSubmit'), exact: true }).click();
    await expectScreen(page, 'guideLockedOut');

    await syncNow();
    const audits = await branchService.query<{ outcome: string; payload: unknown }>(
      `SELECT payload->>'outcome' AS outcome, payload FROM kiosk_items
       WHERE kind = 'guide.audit' AND payload->>'at' >= $1 ORDER BY payload->>'at', seq`,
      [since],
    );
    expect(audits.map((a) => a.outcome)).toEqual([
      'rejected',
      'rejected',
      'lockedOut',
      'lockedOut',
    ]);
    expect(JSON.stringify(audits)).not.toMatch(/1357|2580/);

    await page.getByRole('button', { name: t('common.back'), exact: true }).click();
    await expectScreen(page, 'guideCalled');
    await page.getByRole('button', { name: t('common.back'), exact: true }).click();
    await expectScreen(page, 'menu');
    expect(pageErrors).toEqual([]);
  });
}
