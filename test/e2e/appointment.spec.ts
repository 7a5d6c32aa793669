/**
 * End to end in Chromium: appointment check-in. A booked appointment checked in by its code on
 * the keypad gives a priority ticket for its business type; an unknown code is told as "no
 * appointment today" with a walk-in ticket offered; an unreachable branch service is told as such,
 * with a walk-in ticket offered. In Chinese and in English, with axe-core reporting no violation
 * on any screen.
 */
import type { Page } from '@playwright/test';
import { createAppointment } from '../../branch-service/appointments.js';
import { DEFAULT_BUSINESS_TYPES } from '../../branch-service/defaults.js';
import type { Language } from '../../src/domain/business-type.js';
import { RESIDENT_CARD } from '../../devices/sim/virtual-id-reader-cards.js';
import { decodeField, RESIDENT_ID_LAYOUT } from '../../src/domain/identity-layout.js';
import { serviceDayOf } from '../../src/store/index.js';
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

async function begin(page: Page, language: Language) {
  await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
  await expectScreen(page, 'menu');
  if (language === 'en') {
    await page.getByRole('button', { name: zh('common.language'), exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
}

/** Opens appointment check-in from the menu and types the code on the keypad. */
async function enterCode(page: Page, language: Language, code: string) {
  const t = (key: Parameters<typeof say>[1]) => say(language, key);
  await page.getByRole('button', { name: t('menu.appointment'), exact: true }).click();
  await expectScreen(page, 'appointmentCode');
  const checkIn = page.getByRole('button', { name: t('appointment.checkIn'), exact: true });
  await expect(checkIn).toBeDisabled();
  for (const digit of code) {
    await page.getByRole('button', { name: digit, exact: true }).click();
  }
  await expect(page.getByTestId('appointment-input')).toHaveText(code);
  await auditScreen(page, `appointment-code-${language}`);
  await checkIn.click();
}

for (const language of ['zh-CN', 'en'] as const) {
  const t = (key: Parameters<typeof say>[1], params?: Record<string, string | number>) =>
    say(language, key, params);

  test(`an appointment checked in by code gives a priority ticket (${language})`, async ({
    kioskPage: page,
    branchService,
    pageErrors,
  }) => {
    const code = language === 'en' ? '31000002' : '31000001';
    await createAppointment(
      branchService.db,
      {
        code,
        businessTypeId: 'business',
        serviceDay: serviceDayOf(new Date()),
        timeSlot: '10:00-10:30',
      },
      DEFAULT_BUSINESS_TYPES,
    );
    await begin(page, language);
    await enterCode(page, language, code);

    await expectScreen(page, 'appointmentFound');
    await expect(page.getByRole('heading', { name: t('appointment.found') })).toBeVisible();
    await expect(page.getByText(businessTypeName('business', language))).toBeVisible();
    await expect(page.getByText(t('appointment.slot', { slot: '10:00-10:30' }))).toBeVisible();
    await auditScreen(page, `appointment-found-${language}`);
    await page.getByRole('button', { name: t('appointment.takeTicket') }).click();

    await expectScreen(page, 'confirmTicket');
    await page
      .getByRole('button', { name: say(language, 'confirmTicket.confirm'), exact: true })
      .click();
    await expectScreen(page, 'ticketIssued');
    await shownTicketNumber(page, language);
    await expect(page.getByTestId('ticket-priority')).toHaveText(t('ticket.priority.appointment'));
    await auditScreen(page, `appointment-ticket-${language}`);
    const [row] = await branchService.query<{ status: string }>(
      'SELECT status FROM appointments WHERE code = $1',
      [code],
    );
    expect(row!.status).toBe('checkedIn');
    // Done: the shared kiosk is back on the attract screen for the next customer (test).
    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
    expect(pageErrors).toEqual([]);
  });

  test(`an unknown code: no appointment today, a walk-in ticket offered (${language})`, async ({
    kioskPage: page,
    pageErrors,
  }) => {
    await begin(page, language);
    await enterCode(page, language, '999999');
    await expectScreen(page, 'appointmentNotFound');
    await expect(page.getByText(t('appointment.noneToday'))).toBeVisible();
    await auditScreen(page, `appointment-none-today-${language}`);
    // "Enter the code again" clears the keypad.
    await page.getByRole('button', { name: t('appointment.tryAgain') }).click();
    await expectScreen(page, 'appointmentCode');
    await expect(page.getByTestId('appointment-input')).toHaveText('');
    await page.getByRole('button', { name: t('common.back'), exact: true }).click();
    await expectScreen(page, 'menu');
    await enterCode(page, language, '999999');
    await expectScreen(page, 'appointmentNotFound');
    await page.getByRole('button', { name: t('appointment.walkIn') }).click();
    await expectScreen(page, 'chooseBusinessType');
    await page.getByRole('button', { name: businessTypeName('personal', language) }).click();
    await expectScreen(page, 'confirmTicket');
    await page
      .getByRole('button', { name: say(language, 'confirmTicket.confirm'), exact: true })
      .click();
    await expectScreen(page, 'ticketIssued');
    await expect(page.getByTestId('ticket-priority')).toHaveCount(0);
    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
    expect(pageErrors).toEqual([]);
  });
}

test.describe('the branch service cannot be reached', () => {
  test.use({ kioskOverrides: { branchService: { kind: 'remote', url: 'http://127.0.0.1:9' } } });

  for (const language of ['zh-CN', 'en'] as const) {
    test(`says so and offers a walk-in ticket (${language})`, async ({
      kioskPage: page,
      pageErrors,
    }) => {
      await begin(page, language);
      await enterCode(page, language, '123456');
      await expectScreen(page, 'appointmentNotFound');
      await expect(page.getByText(say(language, 'appointment.unreachable'))).toBeVisible();
      await auditScreen(page, `appointment-unreachable-${language}`);
      await page.getByRole('button', { name: say(language, 'appointment.walkIn') }).click();
      await expectScreen(page, 'chooseBusinessType');
      expect(pageErrors).toEqual([]);
    });
  }
});

test.describe('check-in by ID card', () => {
  test.use({ kioskOverrides: { idReader: { kind: 'simulated' } } });

  for (const language of ['zh-CN', 'en'] as const) {
    const t = (key: Parameters<typeof say>[1], params?: Record<string, string | number>) =>
      say(language, key, params);

    test(`the card finds today's appointment and gives its priority ticket (${language})`, async ({
      kioskPage: page,
      idReader,
      branchService,
      pageErrors,
    }) => {
      // Booked by ID number, as a booking system would: the branch keeps only the key every
      // kiosk of the branch makes of the card.
      const idNumber = decodeField(RESIDENT_CARD.text, RESIDENT_ID_LAYOUT.idNumber);
      await createAppointment(
        branchService.db,
        {
          code: language === 'en' ? '41000002' : '41000001',
          businessTypeId: 'wealth',
          serviceDay: serviceDayOf(new Date()),
          timeSlot: '15:00-15:30',
          idNumber,
        },
        DEFAULT_BUSINESS_TYPES,
      );
      await begin(page, language);
      await page.getByRole('button', { name: t('menu.appointment'), exact: true }).click();
      await expectScreen(page, 'appointmentCode');
      await auditScreen(page, `appointment-code-with-reader-${language}`);
      await page.getByRole('button', { name: t('appointment.useIdCard') }).click();
      await expectScreen(page, 'idCardConsent');
      await page.getByRole('button', { name: t('identify.consent.agree') }).click();
      await expectScreen(page, 'placeIdCard');
      idReader.placeCard(RESIDENT_CARD);
      await expectScreen(page, 'idCardRead');
      idReader.removeCard();

      await expectScreen(page, 'appointmentFound');
      await expect(page.getByText(businessTypeName('wealth', language))).toBeVisible();
      await expect(page.getByText(t('appointment.slot', { slot: '15:00-15:30' }))).toBeVisible();
      await page.getByRole('button', { name: t('appointment.takeTicket') }).click();
      await expectScreen(page, 'confirmTicket');
      await page
        .getByRole('button', { name: say(language, 'confirmTicket.confirm'), exact: true })
        .click();
      await expectScreen(page, 'ticketIssued');
      await expect(page.getByTestId('ticket-priority')).toHaveText(
        t('ticket.priority.appointment'),
      );
      expect(pageErrors).toEqual([]);
    });
  }
});
