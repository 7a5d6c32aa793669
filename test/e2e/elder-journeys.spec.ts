/**
 * End to end in Chromium: the journeys in elder mode (design.md §7), in Chinese and in English.
 * A senior's ID card offers elder mode by itself ("Switch to larger text and voice?"), accepted,
 * then a priority ticket chosen from a list paged four at a time; appointment check-in, a query
 * and "call a guide" with elder mode switched on from the header. Every screen: larger type and
 * targets, elder mode's plainer words, axe-core with no violation, a screenshot kept.
 */
import type { Page } from '@playwright/test';
import { createAppointment } from '../../branch-service/appointments.js';
import { DEFAULT_BUSINESS_TYPES } from '../../branch-service/defaults.js';
import { LONG_TERM_CARD } from '../../devices/sim/virtual-id-reader-cards.js';
import { sessionHostOf } from '../../main/session-host.js';
import type { BranchConfig } from '../../src/contract/sync.js';
import type { Language } from '../../src/domain/business-type.js';
import { formatMessageInMode, type MessageKey } from '../../src/i18n/messages.js';
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

const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

/** At most this many choices per screen in elder mode (renderer/components/ChoicePages.tsx). */
const PER_PAGE = 4;

type Params = Readonly<Record<string, string | number>>;
/** A catalogue sentence in elder mode's words. */
const elderSay = (language: Language, key: MessageKey, params?: Params) =>
  formatMessageInMode({ language, elder: true }, key, params);

/** Attract → menu, in the customer's language; elder mode from the header when asked. */
async function begin(page: Page, language: Language, elder: boolean) {
  await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
  await expectScreen(page, 'menu');
  if (language === 'en') {
    await page.getByRole('button', { name: zh('common.language'), exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  if (elder) {
    await page.getByTestId('elder-toggle').click();
    await expect(page.locator('html')).toHaveClass(/\belder\b/);
    await expect(
      page.getByRole('heading', { level: 1, name: elderSay(language, 'menu.title') }),
    ).toBeVisible();
  }
}

/**
 * Elder mode's sizes on the screen shown (design.md §7): the headline at least 48 px, body text
 * at least 32 px, and every button a larger target than normal mode's 60 px minimum.
 */
async function expectElderSizes(page: Page) {
  await expect(page.locator('html')).toHaveClass(/\belder\b/);
  const sizes = await page.evaluate(() => {
    const px = (el: Element | null) => (el ? parseFloat(getComputedStyle(el).fontSize) : 0);
    const texts = [...document.querySelectorAll('main p, main li, main button')].filter(
      (el) => el.getBoundingClientRect().height > 0 && el.textContent?.trim(),
    );
    const targets = [...document.querySelectorAll('button')]
      .map((b) => b.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0);
    return {
      headline: px(document.querySelector('h1')),
      smallestText: Math.min(...texts.map(px)),
      smallestTarget: Math.min(...targets.map((r) => Math.min(r.width, r.height))),
    };
  });
  expect(sizes.headline, 'headline (px)').toBeGreaterThanOrEqual(48);
  expect(sizes.smallestText, 'smallest text on the screen (px)').toBeGreaterThanOrEqual(32);
  expect(sizes.smallestTarget, 'smallest button side (px)').toBeGreaterThanOrEqual(78);
}

/** Axe and a screenshot, after the sizes of elder mode. */
async function checkElderScreen(page: Page, name: string) {
  await expectElderSizes(page);
  await auditScreen(page, name);
}

test.describe('elder mode offered by the ID card', () => {
  test.use({ kioskOverrides: { idReader: { kind: 'simulated' } } });

  for (const language of LANGUAGES) {
    const t = (key: MessageKey, params?: Params) => say(language, key, params);
    const plain = (key: MessageKey, params?: Params) => elderSay(language, key, params);

    test(`a senior's card offers elder mode; accepted, then a priority ticket from paged choices (${language})`, async ({
      kioskPage: page,
      kiosk,
      idReader,
      printer,
    }) => {
      // Six queues: more than one elder-mode page holds.
      const host = sessionHostOf(kiosk.bridge)!;
      const { branch } = (host.snapshot() as { context: { branch: BranchConfig } }).context;
      const extra = ['P', 'Q', 'R'].map((prefix) => ({
        id: `extra-${prefix.toLowerCase()}`,
        prefix,
        name: { 'zh-CN': `其他业务 ${prefix}`, en: `Other service ${prefix}` },
      }));
      const businessTypes = [...branch.businessTypes, ...extra];
      host.configUpdated({ ...branch, businessTypes });

      await begin(page, language, false);
      await page.getByRole('button', { name: t('menu.takeTicket'), exact: true }).click();
      await expectScreen(page, 'idCardOffer');
      await page.getByRole('button', { name: t('identify.offer.useCard') }).click();
      await expectScreen(page, 'idCardConsent');
      await page.getByRole('button', { name: t('identify.consent.agree') }).click();
      await expectScreen(page, 'placeIdCard');
      // Not offered before a card says so.
      await expect(page.getByTestId('elder-offer')).toHaveCount(0);

      // Born 29 February 1960: at least 65 on the kiosk's service day.
      idReader.placeCard(LONG_TERM_CARD);
      await expectScreen(page, 'idCardRead');
      const offer = page.getByRole('region', { name: t('elderOffer.question') });
      await expect(offer).toBeVisible();
      await expect(page.locator('html')).not.toHaveClass(/\belder\b/);
      await auditScreen(page, `elder-offer-${language}`);

      await offer.getByRole('button', { name: t('elderOffer.yes') }).click();
      await expect(page.locator('html')).toHaveClass(/\belder\b/);
      await expect(page.getByTestId('elder-offer')).toHaveCount(0);
      // Elder mode's words at once, on the screen the customer is on; voice came on with it.
      await expect(
        page.getByText(plain('identify.takeCard'), { exact: true }).first(),
      ).toBeVisible();
      await expect(page.getByText(plain('identify.read.prioritySenior'))).toBeVisible();
      await expect(page.getByTestId('voice-toggle')).toHaveAttribute('aria-pressed', 'true');
      await checkElderScreen(page, `elder-id-read-${language}`);

      idReader.removeCard();
      await expectScreen(page, 'chooseBusinessType');
      await expect(
        page.getByRole('heading', { level: 1, name: plain('chooseBusinessType.title') }),
      ).toBeVisible();
      // Four queues a page, with large "more" and "previous".
      const queues = page.locator('main button[data-testid^="business-type-"]');
      await expect(queues).toHaveCount(PER_PAGE);
      await expect(page.getByTestId('page-position')).toHaveText(
        t('paging.position', { page: 1, pages: 2 }),
      );
      await expect(page.getByRole('button', { name: t('paging.previous') })).toBeDisabled();
      await checkElderScreen(page, `elder-choose-page-1-${language}`);
      await page.getByRole('button', { name: t('paging.more') }).click();
      await expect(queues).toHaveCount(businessTypes.length - PER_PAGE);
      await expect(page.getByRole('button', { name: extra[2]!.name[language] })).toBeVisible();
      await expect(page.getByRole('button', { name: t('paging.more') })).toBeDisabled();
      await checkElderScreen(page, `elder-choose-page-2-${language}`);
      await page.getByRole('button', { name: t('paging.previous') }).click();
      await expect(queues).toHaveCount(PER_PAGE);

      await page.getByRole('button', { name: businessTypeName('wealth', language) }).click();
      await expectScreen(page, 'confirmTicket');
      await checkElderScreen(page, `elder-confirm-${language}`);
      await page.getByTestId('confirm-ticket').click();
      await expectScreen(page, 'ticketIssued');
      const number = await shownTicketNumber(page, language);
      await expect(page.getByTestId('ticket-priority')).toHaveText(t('ticket.priority.senior'));
      await expect(page.getByText(plain('ticketIssued.takeTicket'))).toBeVisible();
      await checkElderScreen(page, `elder-ticket-${language}`);
      await printer.waitForReceipt((r) => r.lines.some((l) => l.text.includes(number)));

      // The choice was this customer's: the next one starts in normal mode, with no offer up.
      await page.getByRole('button', { name: plain('common.finish'), exact: true }).click();
      await expectScreen(page, 'attract');
      await expect(page.locator('html')).not.toHaveClass(/\belder\b/);
      await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
      await expectScreen(page, 'menu');
      await expect(page.getByTestId('elder-offer')).toHaveCount(0);
    });
  }
});

for (const language of LANGUAGES) {
  const t = (key: MessageKey, params?: Params) => say(language, key, params);
  const plain = (key: MessageKey, params?: Params) => elderSay(language, key, params);

  test(`appointment check-in in elder mode (${language})`, async ({
    kioskPage: page,
    branchService,
  }) => {
    const code = language === 'en' ? '65000002' : '65000001';
    await createAppointment(
      branchService.db,
      {
        code,
        businessTypeId: 'business',
        serviceDay: serviceDayOf(new Date()),
        timeSlot: '14:00-14:30',
      },
      DEFAULT_BUSINESS_TYPES,
    );
    await begin(page, language, true);
    await page.getByRole('button', { name: t('menu.appointment'), exact: true }).click();
    await expectScreen(page, 'appointmentCode');
    await expect(page.getByText(plain('appointment.enterCode'))).toBeVisible();
    for (const digit of code) await page.getByRole('button', { name: digit, exact: true }).click();
    await expect(page.getByTestId('appointment-input')).toHaveText(code);
    await checkElderScreen(page, `elder-appointment-code-${language}`);
    await page.getByRole('button', { name: t('appointment.checkIn'), exact: true }).click();

    await expectScreen(page, 'appointmentFound');
    await expect(page.getByRole('heading', { name: plain('appointment.found') })).toBeVisible();
    await expect(page.getByText(plain('appointment.slot', { slot: '14:00-14:30' }))).toBeVisible();
    await checkElderScreen(page, `elder-appointment-found-${language}`);
    await page.getByRole('button', { name: plain('appointment.takeTicket') }).click();

    await expectScreen(page, 'confirmTicket');
    await page.getByTestId('confirm-ticket').click();
    await expectScreen(page, 'ticketIssued');
    await shownTicketNumber(page, language);
    await expect(page.getByTestId('ticket-priority')).toHaveText(t('ticket.priority.appointment'));
    await checkElderScreen(page, `elder-appointment-ticket-${language}`);
    await page.getByRole('button', { name: plain('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
  });

  test(`a query in elder mode (${language})`, async ({ kioskPage: page }) => {
    await begin(page, language, true);
    await page.getByRole('button', { name: t('menu.queries'), exact: true }).click();
    await expectScreen(page, 'queryMenu');
    await expect(page.getByRole('heading', { level: 1, name: plain('query.title') })).toBeVisible();
    // Five topics: four on the first elder-mode page, "my ticket" on the second.
    const topics = page.locator('main button[data-testid^="query-"]');
    await expect(topics).toHaveCount(PER_PAGE);
    await expect(page.getByTestId('page-position')).toHaveText(
      t('paging.position', { page: 1, pages: 2 }),
    );
    await checkElderScreen(page, `elder-query-menu-${language}`);
    await page.getByRole('button', { name: t('paging.more') }).click();
    await expect(topics).toHaveCount(1);

    await page.getByRole('button', { name: plain('query.myTicket'), exact: true }).click();
    await expectScreen(page, 'queryInput');
    await expect(page.getByText(plain('query.enterNumber'))).toBeVisible();
    await checkElderScreen(page, `elder-query-input-${language}`);
    await page.getByRole('button', { name: plain('common.back'), exact: true }).click();

    await expectScreen(page, 'queryMenu');
    await page.getByRole('button', { name: plain('query.branchInfo'), exact: true }).click();
    await expectScreen(page, 'queryAnswer');
    const asOfStart = plain('query.asOf', { time: '@', minutes: 0 }).split('@')[0]!;
    await expect(page.getByTestId('as-of')).toContainText(asOfStart);
    await checkElderScreen(page, `elder-query-answer-${language}`);
    await page.getByRole('button', { name: plain('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
  });
}

// "Call a guide" has no way to the attract screen but the timeout: a kiosk of its own.
test.describe('call a guide', () => {
  test.use({ ownKiosk: true });
  for (const language of LANGUAGES) {
    test(`call a guide in elder mode (${language})`, async ({ kioskPage: page }) => {
      await begin(page, language, true);
      await page
        .getByRole('button', { name: say(language, 'menu.callGuide'), exact: true })
        .click();
      await expectScreen(page, 'guideCalled');
      await expect(
        page.getByRole('heading', { level: 1, name: elderSay(language, 'guide.sent') }),
      ).toBeVisible();
      await checkElderScreen(page, `elder-guide-called-${language}`);
      await page
        .getByRole('button', { name: elderSay(language, 'common.back'), exact: true })
        .click();
      await expectScreen(page, 'menu');
    });
  }
});

// After a ticket in elder mode: the optional SMS reminder and the optional rating, in elder
// mode's sizes and words.
for (const language of LANGUAGES) {
  const plain = (key: MessageKey, params?: Params) => elderSay(language, key, params);

  async function ticketInElderMode(page: Page): Promise<string> {
    await begin(page, language, true);
    await page.getByRole('button', { name: plain('menu.takeTicket'), exact: true }).click();
    await expectScreen(page, 'chooseBusinessType');
    await page.getByRole('button', { name: businessTypeName('personal', language) }).click();
    await expectScreen(page, 'confirmTicket');
    await page.getByTestId('confirm-ticket').click();
    await expectScreen(page, 'ticketIssued');
    return shownTicketNumber(page, language);
  }

  test(`an SMS reminder in elder mode (${language})`, async ({ kioskPage: page }) => {
    const number = await ticketInElderMode(page);
    await page.getByRole('button', { name: plain('reminder.remindMe'), exact: true }).click();
    await expectScreen(page, 'reminderConsent');
    await expect(page.getByText(plain('reminder.yourNumber', { number }))).toBeVisible();
    await checkElderScreen(page, `elder-reminder-consent-${language}`);
    await page.getByRole('button', { name: plain('reminder.agree'), exact: true }).click();

    await expectScreen(page, 'reminderPhone');
    for (const digit of '13912345678') await page.getByTestId(`phone-key-${digit}`).click();
    await expect(page.getByTestId('reminder-phone')).toHaveText('139 1234 5678');
    await checkElderScreen(page, `elder-reminder-phone-${language}`);
    await page.getByRole('button', { name: plain('reminder.next'), exact: true }).click();

    await expectScreen(page, 'reminderConfirm');
    await checkElderScreen(page, `elder-reminder-confirm-${language}`);
    await page.getByRole('button', { name: plain('reminder.confirm'), exact: true }).click();
    await expectScreen(page, 'reminderDone');
    await expect(page.getByRole('heading', { name: plain('reminder.saved') })).toBeVisible();
    await checkElderScreen(page, `elder-reminder-done-${language}`);
    await page.getByRole('button', { name: plain('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
  });

  test(`a rating in elder mode (${language})`, async ({ kioskPage: page }) => {
    await ticketInElderMode(page);
    await page.getByRole('button', { name: plain('feedback.rateUs'), exact: true }).click();
    await expectScreen(page, 'feedbackRating');
    await checkElderScreen(page, `elder-feedback-rating-${language}`);
    await page.getByRole('button', { name: plain('feedback.rating.5'), exact: true }).click();
    await expectScreen(page, 'feedbackComment');
    await checkElderScreen(page, `elder-feedback-comment-${language}`);
    await page.getByRole('button', { name: plain('feedback.submit'), exact: true }).click();
    await expectScreen(page, 'feedbackThanks');
    await expect(page.getByRole('heading', { name: plain('feedback.thanks') })).toBeVisible();
    await checkElderScreen(page, `elder-feedback-thanks-${language}`);
    await page.getByRole('button', { name: plain('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
  });
}
