/**
 * End to end in Chromium: every self-service query read from the synced configuration with its
 * "as of" time, then a ticket, "rate us", a rating and a suggestion typed on the on-screen
 * keyboard, stored, synced and reported per business type. The queue status per business type
 * as of the kiosk's copy, one more waiting after a ticket, and "wait unknown" with the branch
 * service down. "My ticket": the number typed, its live place in the queue as of the branch
 * service; called by a counter, "already called, go to counter N"; with the service down, "live
 * position unavailable". In Chinese and in English, with axe-core reporting no violation on any
 * screen.
 */
import type { Page } from '@playwright/test';
import { feedbackReport } from '../../branch-service/feedback.js';
import type { Kiosk } from '../../main/kiosk.js';
import type { Language } from '../../src/domain/business-type.js';
import { localDay } from '../../src/domain/local-time.js';
import { counterLabel } from '../../src/i18n/counter-name.js';
import { BranchServiceClient } from '../../src/sync/client.js';
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

const QUERIES = [
  { label: 'query.branchInfo', shows: { 'zh-CN': '中山路', en: 'Zhongshan Road' } },
  { label: 'query.rates', shows: { 'zh-CN': '美元 USD', en: 'US dollar USD' } },
  { label: 'query.faq', shows: { 'zh-CN': '银行卡丢失怎么办？', en: 'I lost my bank card' } },
] as const;

/** The window the e2e counter calls customers to. */
const COUNTER_WINDOW = '5';

/**
 * Calls a queue at a counter until `number` is called, as the counter CLI does
 * (main/counter/run.ts: the branch client's call-next, with a counter credential).
 */
async function callUntil(kiosk: Kiosk, businessTypeId: string, number: string, window: string) {
  const counter = new BranchServiceClient({
    baseUrl: kiosk.branchServiceUrl,
    kioskId: kiosk.config.kioskId,
    token: kiosk.config.kioskToken,
  });
  for (let calls = 0; calls < 200; calls++) {
    const { called } = await counter.counterCallNext({
      counterId: window,
      businessTypeIds: [businessTypeId],
      serviceDay: localDay(new Date()),
    });
    if (called === null) throw new Error(`${number} is not waiting in queue ${businessTypeId}`);
    if (called.number === number) return;
  }
  throw new Error(`${number} was not called after 200 calls`);
}

/** "My ticket": the number typed on the keypad, then "show". */
async function myTicket(page: Page, language: Language, number: string) {
  const t = (key: Parameters<typeof say>[1]) => say(language, key);
  await begin(page, language);
  await page.getByRole('button', { name: t('menu.queries'), exact: true }).click();
  await page.getByRole('button', { name: t('query.myTicket'), exact: true }).click();
  await expectScreen(page, 'queryInput');
  for (const key of number) await page.getByRole('button', { name: key, exact: true }).click();
  await expect(page.getByTestId('query-input')).toHaveText(number);
  await auditScreen(page, `query-myTicket-input-${language}`);
  await page.getByRole('button', { name: t('query.show'), exact: true }).click();
  await expectScreen(page, 'queryAnswer');
  await expect(page.getByRole('heading', { level: 1, name: t('query.myTicket') })).toBeVisible();
}

async function begin(page: Page, language: Language) {
  await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
  await expectScreen(page, 'menu');
  if (language === 'en') {
    await page.getByRole('button', { name: zh('common.language'), exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
}

for (const language of ['zh-CN', 'en'] as const) {
  const t = (key: Parameters<typeof say>[1], params?: Record<string, string | number>) =>
    say(language, key, params);

  test(`every query with its "as of" time, then a rating and a suggestion (${language})`, async ({
    kioskPage: page,
    branchService,
    syncNow,
    pageErrors,
  }) => {
    await begin(page, language);
    await page.getByRole('button', { name: t('menu.queries'), exact: true }).click();
    await expectScreen(page, 'queryMenu');
    await auditScreen(page, `query-menu-${language}`);

    for (const query of QUERIES) {
      await page.getByRole('button', { name: t(query.label), exact: true }).click();
      await expectScreen(page, 'queryAnswer');
      await expect(page.getByRole('heading', { level: 1, name: t(query.label) })).toBeVisible();
      // The age of the kiosk's copy, in the customer's words.
      const asOfStart = t('query.asOf', { time: '@', minutes: 0 }).split('@')[0]!;
      await expect(page.getByText(asOfStart, { exact: false })).toBeVisible();
      // A copy synced under a minute ago is "just now", never "0 minutes ago".
      const zeroMinutes = t('query.asOf', { time: '@', minutes: 0 }).split('@')[1]!;
      await expect(page.getByTestId('as-of')).not.toContainText(zeroMinutes);
      await expect(page.getByText(query.shows[language], { exact: false }).first()).toBeVisible();
      await auditScreen(page, `query-${query.label.split('.')[1]}-${language}`);
      await page.getByRole('button', { name: t('common.back'), exact: true }).click();
      await expectScreen(page, 'queryMenu');
    }
    await page.getByRole('button', { name: t('common.back'), exact: true }).click();
    await expectScreen(page, 'menu');

    // A ticket, then "rate us": optional, offered beside "done".
    await page.getByRole('button', { name: t('menu.takeTicket'), exact: true }).click();
    await expectScreen(page, 'chooseBusinessType');
    await page.getByRole('button', { name: businessTypeName('personal', language) }).click();
    // Before printing: the people ahead and the wait, confirmed.
    await expectScreen(page, 'confirmTicket');
    await page.getByTestId('confirm-ticket').click();
    await expectScreen(page, 'ticketIssued');
    const number = await shownTicketNumber(page, language);
    await page.getByRole('button', { name: t('feedback.rateUs'), exact: true }).click();

    await expectScreen(page, 'feedbackRating');
    await auditScreen(page, `feedback-rating-${language}`);
    await page.getByRole('button', { name: t('feedback.rating.4'), exact: true }).click();

    await expectScreen(page, 'feedbackComment');
    await expect(page.getByText(t('feedback.yourRating', { rating: 4 }))).toBeVisible();
    // The keyboard waits for a category.
    await expect(page.getByRole('button', { name: 'o', exact: true })).toBeDisabled();
    await page
      .getByRole('button', { name: t('feedback.category.suggestion'), exact: true })
      .click();
    // Latin letters as typed: the English layout (a Chinese customer starts in pinyin).
    await page.getByRole('button', { name: t('feedback.mode.latin'), exact: true }).click();
    const comment = `tea ${language === 'en' ? 'en' : 'zh'}`;
    for (const key of comment) {
      const name = key === ' ' ? t('feedback.space') : key;
      await page.getByRole('button', { name, exact: true }).click();
    }
    await expect(page.getByTestId('feedback-text')).toHaveText(comment);
    await auditScreen(page, `feedback-comment-${language}`);
    await page.getByRole('button', { name: t('feedback.submit'), exact: true }).click();

    await expectScreen(page, 'feedbackThanks');
    await expect(page.getByRole('heading', { name: t('feedback.thanks') })).toBeVisible();
    await auditScreen(page, `feedback-thanks-${language}`);
    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');

    // "My ticket": the number on the keypad; the branch's live answer, as of the service.
    await myTicket(page, language, number);
    await expect(page.getByText(t('query.aheadNow'), { exact: true })).toBeVisible();
    await expect(page.getByText(t('query.estimatedWait'), { exact: true })).toBeVisible();
    const asOf = t('query.asOf', { time: '@', minutes: 0 }).split('@')[0]!;
    await expect(page.getByText(asOf, { exact: false })).toBeVisible();
    await expect(page.getByText(t('query.positionUnknown'))).toHaveCount(0);
    await expect(page.getByText(number, { exact: true })).toBeVisible();
    await auditScreen(page, `query-myTicket-${language}`);
    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');

    // Synced like every customer's work: the branch holds it and reports it.
    await syncNow();
    const held = await branchService.query<{ rating: number }>(
      `SELECT (payload->>'rating')::int AS rating FROM kiosk_items
        WHERE kind = 'feedback.submitted' AND payload->>'comment' = $1`,
      [comment],
    );
    expect(held).toEqual([{ rating: 4 }]);
    const report = await feedbackReport(branchService);
    const personal = report.rows.find((r) => r.businessTypeId === 'personal');
    expect(personal?.ratings ?? 0).toBeGreaterThanOrEqual(1);
    expect(pageErrors).toEqual([]);
  });
}

for (const language of ['zh-CN', 'en'] as const) {
  const t = (key: Parameters<typeof say>[1], params?: Record<string, string | number>) =>
    say(language, key, params);

  // The business queue: the queue-status tests here count the personal one, which this
  // counter leaves alone.
  test(`my ticket: its live place, then "already called" once a counter calls it (${language})`, async ({
    kioskPage: page,
    kiosk,
    pageErrors,
  }) => {
    await begin(page, language);
    await page.getByRole('button', { name: t('menu.takeTicket'), exact: true }).click();
    await expectScreen(page, 'chooseBusinessType');
    await page.getByRole('button', { name: businessTypeName('business', language) }).click();
    await expectScreen(page, 'confirmTicket');
    await page.getByTestId('confirm-ticket').click();
    await expectScreen(page, 'ticketIssued');
    const number = await shownTicketNumber(page, language);
    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');

    await myTicket(page, language, number);
    await expect(page.getByText(t('query.aheadNow'), { exact: true })).toBeVisible();
    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');

    // A counter calls the queue until this ticket, as the counter CLI does.
    await callUntil(kiosk, 'business', number, COUNTER_WINDOW);
    await myTicket(page, language, number);
    await expect(
      page.getByText(
        t('query.ticketCalledAt', { counter: counterLabel(COUNTER_WINDOW, undefined, language) }),
        { exact: true },
      ),
    ).toBeVisible();
    await expect(page.getByText(t('query.calledAt'), { exact: true })).toBeVisible();
    await expect(page.getByText(t('query.aheadNow'), { exact: true })).toHaveCount(0);
    await expect(page.getByText(number, { exact: true })).toBeVisible();
    await auditScreen(page, `query-myTicket-called-${language}`);
    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
    expect(pageErrors).toEqual([]);
  });
}

/** The queue-status answer's row of a business type: its waiting count and its estimate. */
async function queueRow(page: Page, language: Language, id: string) {
  const row = page.getByRole('row', { name: new RegExp(`^${businessTypeName(id, language)}`) });
  await expect(row).toBeVisible();
  const cells = row.getByRole('cell');
  return {
    waiting: (await cells.nth(1).innerText()).trim(),
    wait: (await cells.nth(2).innerText()).trim(),
  };
}

for (const language of ['zh-CN', 'en'] as const) {
  const t = (key: Parameters<typeof say>[1], params?: Record<string, string | number>) =>
    say(language, key, params);

  async function openQueueStatus(page: Page) {
    await begin(page, language);
    await page.getByRole('button', { name: t('menu.queries'), exact: true }).click();
    await expectScreen(page, 'queryMenu');
    await page.getByRole('button', { name: t('query.queueStatus'), exact: true }).click();
    await expectScreen(page, 'queryAnswer');
    await expect(
      page.getByRole('heading', { level: 1, name: t('query.queueStatus') }),
    ).toBeVisible();
  }

  test(`queue status per business type as of the kiosk's copy, one more after a ticket (${language})`, async ({
    kioskPage: page,
  }) => {
    await openQueueStatus(page);
    const asOfStart = t('query.asOf', { time: '@', minutes: 0 }).split('@')[0]!;
    await expect(page.getByText(asOfStart, { exact: false })).toBeVisible();
    for (const column of ['query.businessType', 'query.waiting', 'query.estimatedWait'] as const) {
      await expect(page.getByRole('columnheader', { name: t(column), exact: true })).toBeVisible();
    }
    const before = await queueRow(page, language, 'personal');
    expect(before.waiting).toMatch(/^\d+$/);
    await expect(page.getByText(t('query.queueNotCurrent'))).toHaveCount(0);
    await auditScreen(page, `query-queueStatus-${language}`);
    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');

    // A ticket for that queue: the next look counts it at once.
    await begin(page, language);
    await page.getByRole('button', { name: t('menu.takeTicket'), exact: true }).click();
    await expectScreen(page, 'chooseBusinessType');
    await page.getByRole('button', { name: businessTypeName('personal', language) }).click();
    await expectScreen(page, 'confirmTicket');
    await page.getByTestId('confirm-ticket').click();
    await expectScreen(page, 'ticketIssued');
    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');

    await openQueueStatus(page);
    const after = await queueRow(page, language, 'personal');
    expect(Number(after.waiting)).toBe(Number(before.waiting) + 1);
    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
  });

  test.describe('with the branch service down', () => {
    // Nothing listens on the discard port: every request is refused at once.
    test.use({ kioskOverrides: { branchService: { kind: 'remote', url: 'http://127.0.0.1:9/' } } });

    test(`queue status says "wait unknown" and shows no count (${language})`, async ({
      kioskPage: page,
    }) => {
      await openQueueStatus(page);
      await expect(page.getByText(t('query.queueNotCurrent'))).toBeVisible();
      const personal = await queueRow(page, language, 'personal');
      expect(personal).toEqual({ waiting: t('query.waitUnknown'), wait: t('query.waitUnknown') });
      // Never confirmed by the branch: said so, and no "as of" time.
      await expect(page.getByText(t('query.asOfUnknown'))).toBeVisible();
      await expect(page.getByTestId('as-of')).toHaveCount(0);
      await auditScreen(page, `query-queueStatus-unknown-${language}`);
      await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
      await expectScreen(page, 'attract');
    });

    test(`my ticket says the live position is unavailable, at once (${language})`, async ({
      kioskPage: page,
    }) => {
      await myTicket(page, language, 'A0999');
      await expect(page.getByText(t('query.ticketNotFound', { number: 'A0999' }))).toBeVisible();
      await expect(page.getByText(t('query.positionUnknown'))).toBeVisible();
      await auditScreen(page, `query-myTicket-offline-${language}`);
      await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
      await expectScreen(page, 'attract');
    });
  });
}
