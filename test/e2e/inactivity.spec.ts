/**
 * The inactivity warning as the customer sees it: a countdown, "Continue" postpones the reset,
 * and without a touch the kiosk returns to the attract screen in its default language.
 */
import { auditScreen, expectScreen, expect, say, test } from './fixtures.js';

// Short timers, on a kiosk of its own (fixtures.ts). The menu gets 2 s before the warning, time
// enough for the clicks that lead there even on a loaded machine.
const WARNING_SECONDS = 4;
test.use({
  kioskOverrides: { session: { inactivityMs: 2_000, warningMs: WARNING_SECONDS * 1000 } },
});

test('warns with a countdown before resetting for the next customer, and a touch postpones it', async ({
  kioskPage: page,
}) => {
  await page
    .getByRole('button', { name: say('zh-CN', 'attract.touchToStart'), exact: true })
    .click();
  await expectScreen(page, 'menu');
  await page.getByRole('button', { name: say('zh-CN', 'common.language'), exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  const warning = page.getByRole('alertdialog', { name: say('en', 'inactivity.title') });
  // Each count shows for one second: waitFor watches the page itself, so none is missed.
  const counting = (seconds: number) =>
    warning.filter({ hasText: say('en', 'inactivity.warning', { seconds }) });
  await counting(WARNING_SECONDS).waitFor();
  await expectScreen(page, 'menu');
  await auditScreen(page, 'inactivity-warning-en');

  await warning
    .getByRole('button', { name: say('en', 'inactivity.continue'), exact: true })
    .click();
  await page.getByRole('alertdialog').waitFor({ state: 'hidden' });
  await expectScreen(page, 'menu');

  // Left alone, the full countdown again, down to the last second, then the reset.
  await counting(WARNING_SECONDS).waitFor();
  await counting(1).waitFor();
  await expectScreen(page, 'attract');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});
