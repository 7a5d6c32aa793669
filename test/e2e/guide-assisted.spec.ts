/**
 * End to end in Chromium, the assisted journey: a customer calls a guide; the guide unlocks
 * assisted mode with the staff PIN, marks the customer as needing priority for a disability and
 * takes the priority ticket for them (shown and printed with that priority, synced to the branch
 * service); then, for the next customer, the guide unlocks again and ends assisted mode without
 * acting. In Chinese and in English, axe-core reporting no violation on any screen, screenshots
 * kept as artefacts.
 */
import type { Page } from '@playwright/test';
import type { Language } from '../../src/domain/business-type.js';
import { auditScreen, businessTypeName, expect, expectScreen, say, test, zh } from './fixtures.js';

// Each test has its own kiosk: the PIN lock and assisted mode are the host's, across customers.
test.use({ ownKiosk: true });

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

  async function unlock(page: Page) {
    await page.getByRole('button', { name: t('menu.callGuide'), exact: true }).click();
    await expectScreen(page, 'guideCalled');
    await page.getByRole('button', { name: t('guide.staffUnlock'), exact: true }).click();
    await expectScreen(page, 'guidePin');
    for (const digit of '2580') await page.getByTestId(`pin-${digit}`).click();
    await page.getByRole('button', { name: t('guide.pinSubmit'), exact: true }).click();
    await expectScreen(page, 'guideAssisted');
  }

  test(`assisted journey: call a guide, PIN, disability flag, priority ticket, end assisted mode (${language})`, async ({
    kioskPage: page,
    branchService,
    printer,
    syncNow,
    pageErrors,
  }) => {
    const since = new Date().toISOString();
    await begin(page, language);
    await page.getByRole('button', { name: t('menu.callGuide'), exact: true }).click();
    await expectScreen(page, 'guideCalled');
    await expect(page.getByRole('heading', { level: 1, name: t('guide.sent') })).toBeVisible();
    await auditScreen(page, `assisted-called-${language}`);

    await page.getByRole('button', { name: t('guide.staffUnlock'), exact: true }).click();
    await expectScreen(page, 'guidePin');
    for (const digit of '2580') await page.getByTestId(`pin-${digit}`).click();
    await expect(page.getByTestId('pin-dots')).toHaveText('●●●●');
    await page.getByRole('button', { name: t('guide.pinSubmit'), exact: true }).click();
    await expectScreen(page, 'guideAssisted');
    await expect(
      page.getByRole('heading', { level: 1, name: t('guide.assistedTitle') }),
    ).toBeVisible();
    const flag = page.getByRole('switch', { name: t('guide.disabilityFlag') });
    await expect(flag).toHaveAttribute('aria-checked', 'false');
    await auditScreen(page, `assisted-mode-${language}`);
    await flag.click();
    await expect(flag).toHaveAttribute('aria-checked', 'true');
    await auditScreen(page, `assisted-disability-${language}`);

    await page.getByRole('button', { name: t('guide.priorityTicket'), exact: true }).click();
    await expectScreen(page, 'chooseBusinessType');
    await page.getByRole('button', { name: businessTypeName('personal', language) }).click();
    await expectScreen(page, 'confirmTicket');
    await page.getByRole('button', { name: t('confirmTicket.confirm'), exact: true }).click();
    await expectScreen(page, 'ticketIssued');
    await expect(page.getByTestId('ticket-priority')).toHaveText(t('ticket.priority.disability'));
    await auditScreen(page, `assisted-ticket-${language}`);
    const receipt = await printer.waitForReceipt();
    expect(receipt.lines.map((l) => l.text).join('\n')).toContain(
      say(language, 'ticket.priority.disability'),
    );

    await syncNow();
    const tickets = await branchService.query<{ priority: string }>(
      `SELECT payload->>'priority' AS priority FROM kiosk_items
       WHERE kind = 'ticket.issued' AND payload->>'reservedAt' >= $1`,
      [since],
    );
    expect(tickets.map((row) => row.priority)).toEqual(['disability']);

    // The next customer: the guide unlocks again and ends assisted mode without acting.
    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');
    await begin(page, language);
    await unlock(page);
    await expect(page.getByRole('switch', { name: t('guide.disabilityFlag') })).toHaveAttribute(
      'aria-checked',
      'false',
    );
    await page.getByRole('button', { name: t('guide.endAssisted'), exact: true }).click();
    await expectScreen(page, 'attract');
    await auditScreen(page, `assisted-ended-${language}`);
    expect(pageErrors).toEqual([]);
  });
}
