/**
 * End to end in Chromium: the optional SMS reminder after a ticket. "Remind me by SMS" on the
 * ticket's screen, the separate consent, the number on the keypad (a number that is no mainland
 * mobile refused with a clear error, then corrected), the confirmation, and the reminder set; the
 * branch service holds it after the sync. Back and done leave at any step. In Chinese and in
 * English, with axe-core reporting no violation on any screen.
 */
import type { Page } from '@playwright/test';
import type { Language } from '../../src/domain/business-type.js';
import {
  auditScreen,
  businessTypeName,
  expect,
  expectScreen,
  say,
  shownTicketNumber,
  test,
  zh,
} from './fixtures.js';

const PHONE = '13912345678';

/** From the attract screen to an issued ticket of `personal`, in `language`. */
async function takeTicket(page: Page, language: Language): Promise<string> {
  const t = (key: Parameters<typeof say>[1]) => say(language, key);
  await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
  await expectScreen(page, 'menu');
  if (language === 'en') {
    await page.getByRole('button', { name: zh('common.language'), exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  await page.getByRole('button', { name: t('menu.takeTicket'), exact: true }).click();
  await expectScreen(page, 'chooseBusinessType');
  await page.getByRole('button', { name: businessTypeName('personal', language) }).click();
  await expectScreen(page, 'confirmTicket');
  await page.getByRole('button', { name: t('confirmTicket.confirm'), exact: true }).click();
  await expectScreen(page, 'ticketIssued');
  return shownTicketNumber(page, language);
}

async function typeOnKeypad(page: Page, digits: string) {
  for (const digit of digits) await page.getByTestId(`phone-key-${digit}`).click();
}

for (const language of ['zh-CN', 'en'] as const) {
  const t = (key: Parameters<typeof say>[1], params?: Record<string, string | number>) =>
    say(language, key, params);

  test(`an SMS reminder: consent, a refused number, a corrected one, confirmed (${language})`, async ({
    kioskPage: page,
    branchService,
    syncNow,
    pageErrors,
  }) => {
    const number = await takeTicket(page, language);
    const remind = page.getByRole('button', { name: t('reminder.remindMe'), exact: true });
    await expect(remind).toBeVisible();
    await auditScreen(page, `reminder-ticket-${language}`);
    await remind.click();

    await expectScreen(page, 'reminderConsent');
    await expect(page.getByRole('heading', { name: t('reminder.consentTitle') })).toBeVisible();
    await expect(page.getByText(t('reminder.consentUse'))).toBeVisible();
    await expect(page.getByText(t('reminder.consentKeep'))).toBeVisible();
    await expect(page.getByText(t('reminder.yourNumber', { number }))).toBeVisible();
    await auditScreen(page, `reminder-consent-${language}`);
    await page.getByRole('button', { name: t('reminder.agree'), exact: true }).click();

    await expectScreen(page, 'reminderPhone');
    const next = page.getByRole('button', { name: t('reminder.next'), exact: true });
    await expect(next).toBeDisabled();
    await auditScreen(page, `reminder-phone-${language}`);
    // 12… is no mainland mobile range: refused, said why, the digits kept to correct.
    await typeOnKeypad(page, '12345678901');
    await expect(page.getByTestId('reminder-phone')).toHaveText('123 4567 8901');
    await next.click();
    // Said twice: in the notice banner (announced) and beside the number.
    await expect(page.getByRole('alert')).toContainText(t('reminder.invalidPhone'));
    await expect(page.getByTestId('reminder-phone-error')).toHaveText(t('reminder.invalidPhone'));
    await expect(page.getByTestId('reminder-phone')).toHaveText('123 4567 8901');
    await auditScreen(page, `reminder-phone-invalid-${language}`);
    for (let i = 0; i < 11; i++) await page.getByTestId('phone-key-erase').click();
    await expect(page.getByTestId('reminder-phone')).toHaveText('');
    await expect(page.getByTestId('reminder-phone-error')).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);
    await typeOnKeypad(page, PHONE);
    await expect(page.getByTestId('reminder-phone')).toHaveText('139 1234 5678');
    await next.click();

    await expectScreen(page, 'reminderConfirm');
    await expect(
      page.getByText(t('reminder.confirmBody', { phone: '139 1234 5678', count: 3, number })),
    ).toBeVisible();
    await auditScreen(page, `reminder-confirm-${language}`);
    // "Change the number": back to the keypad with the number kept, then on again.
    await page.getByRole('button', { name: t('common.back'), exact: true }).click();
    await expectScreen(page, 'reminderPhone');
    await expect(page.getByTestId('reminder-phone')).toHaveText('139 1234 5678');
    await next.click();
    await expectScreen(page, 'reminderConfirm');
    await page.getByRole('button', { name: t('reminder.confirm'), exact: true }).click();

    await expectScreen(page, 'reminderDone');
    await expect(page.getByRole('heading', { name: t('reminder.saved') })).toBeVisible();
    await expect(page.getByTestId('reminder-ticket')).toHaveText(
      t('reminder.yourNumber', { number }),
    );
    // "Rate us" is offered here as after the ticket (optional: "done" still leaves).
    await expect(page.getByTestId('rate-us')).toHaveText(t('feedback.rateUs'));
    await auditScreen(page, `reminder-done-${language}`);

    // Delivered: the branch service holds the reminder for this ticket (queued, or handed to the
    // SMS gateway already when few enough are ahead).
    await syncNow();
    const rows = await branchService.query<{ state: string }>(
      'SELECT state FROM sms_reminders WHERE ticket_number = $1',
      [number],
    );
    expect(rows.map((r) => r.state)).toEqual([expect.stringMatching(/^(queued|handedOff)$/)]);

    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
    await expect(page.getByText('139 1234 5678')).toHaveCount(0);
    expect(pageErrors).toEqual([]);
  });

  test(`the SMS reminder is never required: back and done leave it (${language})`, async ({
    kioskPage: page,
    pageErrors,
  }) => {
    await takeTicket(page, language);
    await page.getByRole('button', { name: t('reminder.remindMe'), exact: true }).click();
    await expectScreen(page, 'reminderConsent');
    await page.getByRole('button', { name: t('reminder.agree'), exact: true }).click();
    await expectScreen(page, 'reminderPhone');
    await typeOnKeypad(page, '139');
    // Back to the consent forgets the digits; back again leaves for the next customer.
    await page.getByRole('button', { name: t('common.back'), exact: true }).click();
    await expectScreen(page, 'reminderConsent');
    await page.getByRole('button', { name: t('common.back'), exact: true }).click();
    await expectScreen(page, 'attract');
    expect(pageErrors).toEqual([]);
  });
}

test('"rate us" after the reminder is set: the feedback flow for the ticket\'s business type, as after the ticket', async ({
  kioskPage: page,
}) => {
  const t = (key: Parameters<typeof say>[1]) => say('zh-CN', key);
  await takeTicket(page, 'zh-CN');
  await page.getByRole('button', { name: t('reminder.remindMe'), exact: true }).click();
  await expectScreen(page, 'reminderConsent');
  await page.getByRole('button', { name: t('reminder.agree'), exact: true }).click();
  await expectScreen(page, 'reminderPhone');
  await typeOnKeypad(page, PHONE);
  await page.getByRole('button', { name: t('reminder.next'), exact: true }).click();
  await expectScreen(page, 'reminderConfirm');
  await page.getByRole('button', { name: t('reminder.confirm'), exact: true }).click();
  await expectScreen(page, 'reminderDone');
  await expect(page.getByRole('heading', { name: t('reminder.saved') })).toBeVisible();

  await page.getByRole('button', { name: t('feedback.rateUs'), exact: true }).click();
  await expectScreen(page, 'feedbackRating');
  // Nothing of the phone number follows the customer into the feedback flow.
  expect(await page.content()).not.toContain('139 1234 5678');
  // Rating is never required: "done" ends the customer's visit (and leaves the kiosk, shared with
  // the next spec, on its start screen).
  await page.getByTestId('finish').click();
  await expectScreen(page, 'attract');
});
