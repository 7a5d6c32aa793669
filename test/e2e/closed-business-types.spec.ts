/**
 * End to end: a business type outside its opening hours and one the branch switched off stay on
 * the kiosk's list with why, and cannot be taken: a tap says which and why, and no ticket is
 * printed. The queue-status query lists them apart with the same reasons. Against a branch
 * service of this spec's own (PGlite) configured with those two queues; in Chinese and in
 * English, with axe-core on every screen and its picture kept.
 */
import type { Page } from '@playwright/test';
import { DEFAULT_BUSINESS_TYPES } from '../../branch-service/defaults.js';
import {
  silentLogger,
  startBranchService,
  type BranchService,
} from '../../branch-service/server.js';
import { defaultConfig } from '../../src/config.js';
import type { BusinessType, Language } from '../../src/domain/business-type.js';
import { WEEKDAYS } from '../../src/domain/business-hours.js';
import type { MessageKey } from '../../src/i18n/messages.js';
import { auditScreen, expect, expectScreen, say, test as base, zh } from './fixtures.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** Today's hours that exclude now, and what the kiosk says of them. */
function hoursExcludingNow(now: Date) {
  const today = WEEKDAYS[now.getDay()]!;
  if (now.getHours() < 23) {
    const opens = `${pad(now.getHours() + 1)}:00`;
    return {
      hours: { [today]: { opens, closes: '23:59' } },
      reason: ['businessType.opensAt', opens] as const,
    };
  }
  return {
    hours: { [today]: { opens: '00:00', closes: '00:01' } },
    reason: ['businessType.closesAt', '00:01'] as const,
  };
}

const closing = hoursExcludingNow(new Date());
const OPEN = DEFAULT_BUSINESS_TYPES[0]!;
const LATER: BusinessType = {
  id: 'evening',
  prefix: 'E',
  name: { 'zh-CN': '夜间理财', en: 'Evening wealth desk' },
  openingHours: closing.hours,
};
const OFF: BusinessType = {
  id: 'forex',
  prefix: 'F',
  name: { 'zh-CN': '外汇业务', en: 'Foreign exchange' },
  enabled: false,
};

const test = base.extend<{ closedQueuesBranch: BranchService }>({
  // Playwright reads a fixture's dependencies from this pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  closedQueuesBranch: async ({}, use) => {
    // The test kiosk's own credential, provisioned on this branch service.
    const { kioskId, kioskToken } = defaultConfig('/tmp');
    const service = await startBranchService({
      database: { kind: 'pglite' },
      kiosks: { [kioskId]: kioskToken },
      businessTypes: [OPEN, LATER, OFF],
      logger: silentLogger,
    });
    try {
      await use(service);
    } finally {
      await service.close();
    }
  },
  kioskOverrides: async ({ closedQueuesBranch }, use) => {
    await use({ branchService: { kind: 'remote', url: closedQueuesBranch.url } });
  },
});

async function begin(page: Page, language: Language) {
  await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
  await expectScreen(page, 'menu');
  if (language === 'en') {
    await page.getByRole('button', { name: zh('common.language'), exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
}

for (const language of ['zh-CN', 'en'] as const) {
  const t = (key: MessageKey, params?: Record<string, string | number>) =>
    say(language, key, params);
  const laterReason = t(closing.reason[0], { time: closing.reason[1] });
  // Switched off (enabled: false): one wording on the ticket screens and in the queries.
  const offReason = t('businessType.disabled');

  test(`a closed and a switched-off business type are explained and cannot be taken (${language})`, async ({
    kioskPage: page,
    printer,
  }) => {
    await begin(page, language);
    await page.getByRole('button', { name: t('menu.takeTicket'), exact: true }).click();
    await expectScreen(page, 'chooseBusinessType');

    // All three listed; the two unavailable ones say why and are marked as not available.
    const later = page.getByTestId(`business-type-${LATER.id}`);
    const off = page.getByTestId(`business-type-${OFF.id}`);
    await expect(page.getByTestId(`business-type-${OPEN.id}`)).not.toHaveAttribute('aria-disabled');
    await expect(later).toHaveAttribute('aria-disabled', 'true');
    await expect(off).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByTestId(`business-type-${LATER.id}-unavailable`)).toHaveText(laterReason);
    await expect(page.getByTestId(`business-type-${OFF.id}-unavailable`)).toHaveText(offReason);
    await auditScreen(page, `closed-business-types-${language}`);

    // A tap on each: which and why, in an alert, and the choice stays open.
    const receiptsBefore = printer.receipts().length;
    for (const [type, reason] of [
      [LATER, laterReason],
      [OFF, offReason],
    ] as const) {
      // Greyed and aria-disabled, yet a finger can still land on it: Playwright's own
      // "enabled" check would refuse that tap, so it is forced, as a customer's is.
      await page.getByTestId(`business-type-${type.id}`).click({ force: true });
      await expect(page.getByRole('alert')).toHaveText(
        new RegExp(
          escape(t('notice.businessTypeUnavailable', { name: type.name[language], reason })),
        ),
      );
      await expectScreen(page, 'chooseBusinessType');
    }
    await auditScreen(page, `closed-business-type-refused-${language}`);
    expect(printer.receipts()).toHaveLength(receiptsBefore);

    // The queue-status query says the same.
    await page.getByRole('button', { name: t('common.back'), exact: true }).click();
    await expectScreen(page, 'menu');
    await page.getByRole('button', { name: t('menu.queries'), exact: true }).click();
    await page.getByRole('button', { name: t('query.queueStatus'), exact: true }).click();
    await expectScreen(page, 'queryAnswer');
    const apart = page.getByRole('region', { name: t('query.notAvailableNow') });
    await expect(apart.getByText(LATER.name[language], { exact: true })).toBeVisible();
    await expect(apart.getByText(OFF.name[language], { exact: true })).toBeVisible();
    await expect(apart.getByText(offReason, { exact: true })).toBeVisible();
    await expect(apart.getByText(laterReason, { exact: true })).toBeVisible();
    await auditScreen(page, `closed-business-types-queue-status-${language}`);
    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
