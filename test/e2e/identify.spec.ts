/**
 * End to end: the ID card in the ticket journey, in Chromium against the browser shell and a
 * kiosk with its simulated reader (the real driver and poller, in-process). A senior's test card
 * gives a priority ticket; an unreadable card is explained and the customer goes on without it;
 * a card left on the reader keeps "please take your card" on screen, then says so louder, until
 * it is taken. In Chinese and in English, with axe-core on every screen; the page never holds
 * the identity.
 */
import type { Page } from '@playwright/test';
import { LONG_TERM_CARD, RESIDENT_CARD } from '../../devices/sim/virtual-id-reader-cards.js';
import { IDENTIFY_TIMEOUTS } from '../../machines/identify/index.js';
import type { Language } from '../../src/domain/business-type.js';
import { decodeField, RESIDENT_ID_LAYOUT } from '../../src/domain/identity-layout.js';
import type { MessageKey } from '../../src/i18n/messages.js';
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

test.use({ kioskOverrides: { idReader: { kind: 'simulated' } } });

/**
 * The queue these tests take tickets for. Their kiosks deliver to the worker's branch service,
 * and every kiosk starts its day at 001: the other specs read the personal queue's numbers
 * there, so these take the wealth-management queue's.
 */
const QUEUE = 'wealth';

const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

/** From the attract screen to the ID card offer, in the customer's language. */
async function toIdCardOffer(page: Page, language: Language) {
  await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
  await expectScreen(page, 'menu');
  if (language === 'en') {
    await page.getByRole('button', { name: zh('common.language'), exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  const t = (key: MessageKey) => say(language, key);
  await page.getByRole('button', { name: t('menu.takeTicket'), exact: true }).click();
  await expectScreen(page, 'idCardOffer');
}

/** Offer → consent → place the card, auditing each screen. */
async function toPlaceCard(page: Page, language: Language) {
  const t = (key: MessageKey) => say(language, key);
  await expect(page.getByRole('heading', { name: t('identify.offer.title') })).toBeVisible();
  await auditScreen(page, `id-offer-${language}`);
  await page.getByRole('button', { name: t('identify.offer.useCard') }).click();

  await expectScreen(page, 'idCardConsent');
  // What is read, why and for how long, before anything is read.
  for (const key of ['identify.consent.what', 'identify.consent.why', 'identify.consent.keep']) {
    await expect(page.getByText(t(key as MessageKey))).toBeVisible();
  }
  await auditScreen(page, `id-consent-${language}`);
  await page.getByRole('button', { name: t('identify.consent.agree') }).click();

  await expectScreen(page, 'placeIdCard');
  await expect(page.getByText(t('identify.placeCard'), { exact: true })).toBeVisible();
  // Where the reader is: the default words when the terminal's configuration says nothing.
  await expect(page.getByTestId('reader-placement')).toHaveText(t('identify.placeCard.where'));
  await auditScreen(page, `id-place-card-${language}`);
}

for (const language of LANGUAGES) {
  const t = (key: MessageKey, params?: Record<string, string | number>) =>
    say(language, key, params);

  test(`a senior's ID card gives a priority ticket (${language})`, async ({
    kioskPage: page,
    idReader,
    printer,
  }) => {
    await toIdCardOffer(page, language);
    await toPlaceCard(page, language);

    idReader.placeCard(LONG_TERM_CARD);
    await expectScreen(page, 'idCardRead');
    await expect(page.getByTestId('masked-name')).toHaveText('刘*');
    await expect(page.getByText(t('identify.read.prioritySenior'))).toBeVisible();
    await expect(page.getByText(t('identify.takeCard'))).toBeVisible();
    await auditScreen(page, `id-read-${language}`);

    // Taking the card off the reader goes on by itself.
    idReader.removeCard();
    await expectScreen(page, 'chooseBusinessType');
    await page.getByRole('button', { name: businessTypeName(QUEUE, language) }).click();
    // Before printing: the people ahead and the wait, confirmed.
    await expectScreen(page, 'confirmTicket');
    await page.getByTestId('confirm-ticket').click();

    await expectScreen(page, 'ticketIssued');
    const number = await shownTicketNumber(page, language);
    await expect(page.getByTestId('ticket-priority')).toHaveText(t('ticket.priority.senior'));
    await auditScreen(page, `id-priority-ticket-${language}`);
    const receipt = await printer.waitForReceipt((r) =>
      r.lines.some((l) => l.text.includes(number)),
    );
    expect(receipt.lines.some((l) => l.text.includes(t('ticket.priority.senior')))).toBe(true);

    // Nothing of the identity reached the page (only the masked name was ever shown).
    const html = await page.content();
    for (const field of ['name', 'idNumber', 'address', 'birthDate'] as const) {
      expect(html).not.toContain(decodeField(LONG_TERM_CARD.text, RESIDENT_ID_LAYOUT[field]));
    }

    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
  });

  test(`an unreadable card is explained, and the customer goes on without it (${language})`, async ({
    kioskPage: page,
    idReader,
  }) => {
    await toIdCardOffer(page, language);
    await toPlaceCard(page, language);

    idReader.setFault('unreadable');
    idReader.placeCard(RESIDENT_CARD);
    await expectScreen(page, 'idCardProblem');
    const notice = page.getByRole('alert');
    await expect(notice).toContainText(t('identify.problem.unreadable'));
    await expect(page.getByText(t('identify.takeCard'))).toBeVisible();
    await auditScreen(page, `id-unreadable-take-card-${language}`);

    // Once the card is taken back: try again, or go on without it.
    idReader.removeCard();
    idReader.setFault(undefined);
    const retry = page.getByRole('button', { name: t('identify.retry'), exact: true });
    await expect(retry).toBeVisible();
    await expect(notice).toContainText(t('identify.problem.unreadable'));
    await auditScreen(page, `id-unreadable-${language}`);

    await page.getByRole('button', { name: t('identify.continueWithout'), exact: true }).click();
    await expectScreen(page, 'chooseBusinessType');
    await page.getByRole('button', { name: businessTypeName(QUEUE, language) }).click();
    // Before printing: the people ahead and the wait, confirmed.
    await expectScreen(page, 'confirmTicket');
    await page.getByTestId('confirm-ticket').click();
    await expectScreen(page, 'ticketIssued');
    await expect(page.getByTestId('ticket-priority')).toHaveCount(0);
    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
  });

  test(`a card not taken off the reader: "please take your card" until it is (${language})`, async ({
    kioskPage: page,
    idReader,
    testKiosk,
  }) => {
    // The kiosk's own wait before it says so louder (20 s) on top of a whole journey's time.
    test.setTimeout(IDENTIFY_TIMEOUTS.removalTimeout + 90_000);
    await toIdCardOffer(page, language);
    await toPlaceCard(page, language);

    idReader.placeCard(RESIDENT_CARD);
    await expectScreen(page, 'idCardRead');
    await expect(page.getByText(t('identify.takeCard'))).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);

    // Left on the reader: the kiosk does not go on, and after a while insists, in an alert.
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(t('identify.notice.cardLeft'), {
      timeout: IDENTIFY_TIMEOUTS.removalTimeout + 10_000,
    });
    await expectScreen(page, 'idCardRead');
    await expect(page.getByText(t('identify.takeCard'))).toBeVisible();
    await auditScreen(page, `id-card-not-removed-${language}`);
    // The technician hears of it once.
    expect(testKiosk.log.named('identify.cardNotRemoved')).toHaveLength(1);

    // Taken at last: the journey goes on by itself, the warning gone.
    idReader.removeCard();
    await expectScreen(page, 'chooseBusinessType');
    await expect(page.getByRole('alert')).toHaveCount(0);
    await page.getByRole('button', { name: t('common.back'), exact: true }).click();
    await expectScreen(page, 'menu');
  });
}

test('the abuse guard: a second live ticket for the card is refused, with back then "done" in the footer as on every screen', async ({
  kioskPage: page,
  idReader,
}) => {
  const t = (key: MessageKey, params?: Record<string, string | number>) =>
    say('zh-CN', key, params);
  for (const attempt of [1, 2]) {
    await toIdCardOffer(page, 'zh-CN');
    await page.getByRole('button', { name: t('identify.offer.useCard') }).click();
    await expectScreen(page, 'idCardConsent');
    await page.getByRole('button', { name: t('identify.consent.agree') }).click();
    await expectScreen(page, 'placeIdCard');
    idReader.placeCard(RESIDENT_CARD);
    await expectScreen(page, 'idCardRead');
    idReader.removeCard();
    await expectScreen(page, 'chooseBusinessType');
    await page.getByRole('button', { name: businessTypeName(QUEUE, 'zh-CN') }).click();
    if (attempt === 1) {
      await expectScreen(page, 'confirmTicket');
      await page.getByTestId('confirm-ticket').click();
      await expectScreen(page, 'ticketIssued');
      await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
      await expectScreen(page, 'attract');
    }
  }
  await expectScreen(page, 'liveTicketExists');
  await expect(page.getByRole('heading', { name: t('identify.liveTicket.title') })).toBeVisible();
  // One footer, at the foot of the screen: "back" first, the filled "done" last.
  const footer = page.locator('.screen__footer');
  await expect(footer).toHaveCount(1);
  await expect(footer.getByRole('button')).toHaveText([t('common.back'), t('common.finish')]);
  await expect(footer.getByTestId('finish')).toHaveClass(/action--primary/);
  const finishBox = await page.getByTestId('finish').boundingBox();
  const headingBox = await page.getByRole('heading', { level: 1 }).boundingBox();
  expect(finishBox && headingBox && finishBox.y > headingBox.y).toBe(true);
  await auditScreen(page, 'id-live-ticket-exists-zh-CN');

  await page.getByTestId('back').click();
  await expectScreen(page, 'chooseBusinessType');
});

test.describe('a terminal that says where its reader is', () => {
  const placementHint = {
    'zh-CN': '读卡区在键盘右侧',
    en: 'The reader is to the right of the keypad',
  };
  test.use({ kioskOverrides: { idReader: { kind: 'simulated', placementHint } } });

  test('the "place your ID card" screen says it in the customer\'s language', async ({
    kioskPage: page,
  }) => {
    await toIdCardOffer(page, 'en');
    await page.getByRole('button', { name: say('en', 'identify.offer.useCard') }).click();
    await expectScreen(page, 'idCardConsent');
    await page.getByRole('button', { name: say('en', 'identify.consent.agree') }).click();
    await expectScreen(page, 'placeIdCard');
    await expect(page.getByTestId('reader-placement')).toHaveText(placementHint.en);
    await page.getByRole('button', { name: say('en', 'common.language'), exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByTestId('reader-placement')).toHaveText(placementHint['zh-CN']);
  });
});
