/**
 * End to end in Chromium: a Chinese comment typed in pinyin on the feedback keyboard ("yinhang"
 * → 银行, 很, 好, 。), paged and corrected as on a phone, stored, synced to the branch service,
 * and drawn in a CJK font (not boxes). In the Chinese UI (pinyin by default) and the English UI
 * (pinyin one switch away), and in elder mode with its larger targets; axe-core reports no
 * violation on any screen and every screen is kept as a screenshot.
 */
import type { CDPSession, Page } from '@playwright/test';
import type { Language } from '../../src/domain/business-type.js';
import { formatMessageInMode, type MessageKey } from '../../src/i18n/messages.js';
import { auditScreen, businessTypeName, expect, expectScreen, say, test, zh } from './fixtures.js';

/** Fonts Debian's CJK packages install (fonts-wqy-microhei, fonts-noto-cjk). */
const CJK_FONT = /WenQuanYi|Noto Sans CJK|Noto Serif CJK|Source Han|Droid Sans Fallback/i;

/** From the attract screen to the comment screen: a ticket, "rate us", a rating of 5. */
async function toComment(page: Page, language: Language, elder = false) {
  // Elder mode's plainer words once it is on.
  let t = (key: MessageKey) => say(language, key);
  await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
  await expectScreen(page, 'menu');
  if (language === 'en') {
    await page.getByRole('button', { name: zh('common.language'), exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
  if (elder) {
    await page.getByRole('button', { name: t('header.elder'), exact: true }).click();
    await expect(page.locator('html')).toHaveClass(/elder/);
    t = (key) => formatMessageInMode({ language, elder: true }, key);
  }
  await page.getByRole('button', { name: t('menu.takeTicket'), exact: true }).click();
  await expectScreen(page, 'chooseBusinessType');
  await page.getByRole('button', { name: businessTypeName('personal', language) }).click();
  await expectScreen(page, 'confirmTicket');
  await page.getByTestId('confirm-ticket').click();
  await expectScreen(page, 'ticketIssued');
  await page.getByRole('button', { name: t('feedback.rateUs'), exact: true }).click();
  await expectScreen(page, 'feedbackRating');
  await page.getByRole('button', { name: t('feedback.rating.5'), exact: true }).click();
  await expectScreen(page, 'feedbackComment');
}

/** The platform fonts Chromium drew an element's text with (DevTools protocol). */
async function fontsOf(cdp: CDPSession, selector: string): Promise<string[]> {
  const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  expect(nodeId, selector).toBeGreaterThan(0);
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  return fonts.filter((f) => f.glyphCount > 0).map((f) => f.familyName);
}

async function typeLetters(page: Page, letters: string) {
  for (const letter of letters) {
    await page.getByRole('button', { name: letter, exact: true }).click();
  }
}

for (const language of ['zh-CN', 'en'] as const) {
  const t = (key: MessageKey, params?: Record<string, string | number>) =>
    say(language, key, params);

  test(`a comment in Chinese typed in pinyin, stored and synced (${language} UI)`, async ({
    kioskPage: page,
    branchService,
    syncNow,
    pageErrors,
  }) => {
    await toComment(page, language);
    const pinyin = page.getByRole('button', { name: t('feedback.mode.pinyin'), exact: true });
    const english = page.getByRole('button', { name: t('feedback.mode.latin'), exact: true });
    // Chinese customers start in pinyin; English ones with letters, pinyin one tap away.
    await expect(pinyin).toHaveAttribute('aria-pressed', language === 'zh-CN' ? 'true' : 'false');
    await expect(english).toHaveAttribute('aria-pressed', language === 'en' ? 'true' : 'false');
    await page.getByRole('button', { name: t('feedback.category.praise'), exact: true }).click();
    if (language === 'en') await pinyin.click();
    await expect(pinyin).toHaveAttribute('aria-pressed', 'true');
    await auditScreen(page, `keyboard-pinyin-empty-${language}`);

    // "yinhang": the syllables shown above the bar, 银行 offered first.
    await typeLetters(page, 'yinhang');
    await expect(page.getByTestId('pinyin-letters')).toHaveText("yin'hang");
    const candidates = page.getByRole('group', { name: t('feedback.candidates'), exact: true });
    await expect(candidates.getByRole('button').nth(1)).toHaveText('银行');
    // Nothing reached the comment yet: the letters are only composed.
    await expect(page.getByTestId('feedback-text')).toHaveText('');
    await auditScreen(page, `keyboard-pinyin-yinhang-${language}`);
    await candidates.getByRole('button', { name: '银行', exact: true }).click();
    await expect(page.getByTestId('feedback-text')).toHaveText('银行');
    await expect(page.getByTestId('pinyin-letters')).toHaveCount(0);

    // "hen", with a wrong letter deleted on the way; 很 taken from the bar.
    await typeLetters(page, 'hem');
    await page.getByRole('button', { name: t('feedback.erase'), exact: true }).click();
    await expect(page.getByTestId('pinyin-letters')).toHaveText('he');
    await typeLetters(page, 'n');
    await candidates.getByRole('button', { name: '很', exact: true }).click();

    // "hao": a page forward and back, then 好; a full-width full stop.
    await typeLetters(page, 'hao');
    const more = candidates.getByRole('button', { name: t('feedback.nextCandidates') });
    const previous = candidates.getByRole('button', { name: t('feedback.previousCandidates') });
    await expect(previous).toBeDisabled();
    const firstPage = await candidates.getByTestId('candidate-0').innerText();
    await more.click();
    await expect(previous).toBeEnabled();
    await expect(candidates.getByTestId('candidate-0')).not.toHaveText(firstPage);
    await auditScreen(page, `keyboard-pinyin-page2-${language}`);
    await previous.click();
    await expect(candidates.getByTestId('candidate-0')).toHaveText(firstPage);
    await candidates.getByRole('button', { name: '好', exact: true }).click();
    const stop = language === 'zh-CN' ? '。' : '！';
    await page.getByRole('button', { name: stop, exact: true }).click();
    const comment = `银行很好${stop}`;
    await expect(page.getByTestId('feedback-text')).toHaveText(comment);
    await expect(page.getByText(t('feedback.charactersLeft', { count: 500 - 5 }))).toBeVisible();

    // Drawn with a CJK font: the comment and the candidates, never boxes.
    await typeLetters(page, 'yin');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    for (const selector of ['[data-testid="feedback-text"]', '[data-testid="candidate-0"]']) {
      const fonts = await fontsOf(cdp, selector);
      expect(fonts.length, selector).toBeGreaterThan(0);
      for (const family of fonts) expect(family, selector).toMatch(CJK_FONT);
    }
    await cdp.detach();
    // Delete: the letters composed first, then the comment's last character.
    for (let i = 0; i < 4; i++) {
      await page.getByRole('button', { name: t('feedback.erase'), exact: true }).click();
    }
    await expect(page.getByTestId('feedback-text')).toHaveText('银行很好');
    await page.getByRole('button', { name: stop, exact: true }).click();
    await expect(page.getByTestId('feedback-text')).toHaveText(comment);
    await auditScreen(page, `keyboard-pinyin-comment-${language}`);

    // English letters and digits are one switch away, and type as they are.
    await page.getByRole('button', { name: t('feedback.mode.symbols'), exact: true }).click();
    await expect(page.getByRole('button', { name: '7', exact: true })).toBeVisible();
    await auditScreen(page, `keyboard-symbols-${language}`);
    await page.getByRole('button', { name: t('feedback.mode.latin'), exact: true }).click();
    await expect(page.getByRole('button', { name: '?', exact: true })).toBeVisible();
    await auditScreen(page, `keyboard-latin-${language}`);

    await page.getByRole('button', { name: t('feedback.submit'), exact: true }).click();
    await expectScreen(page, 'feedbackThanks');
    await page.getByRole('button', { name: t('common.finish'), exact: true }).click();
    await expectScreen(page, 'attract');

    // Stored and synced like every customer's work: the branch holds the Chinese comment.
    await syncNow();
    const held = await branchService.query<{ rating: number; category: string }>(
      `SELECT (payload->>'rating')::int AS rating, payload->>'category' AS category
         FROM kiosk_items WHERE kind = 'feedback.submitted' AND payload->>'comment' = $1`,
      [comment],
    );
    expect(held).toEqual([{ rating: 5, category: 'praise' }]);
    expect(pageErrors).toEqual([]);
  });
}

test('elder mode: fewer, larger candidates and keys', async ({ kioskPage: page, pageErrors }) => {
  await toComment(page, 'zh-CN', true);
  await page.getByRole('button', { name: zh('feedback.category.suggestion'), exact: true }).click();
  await typeLetters(page, 'yinhang');
  const candidates = page.getByRole('group', { name: zh('feedback.candidates'), exact: true });
  // Four candidates a page, and the two page buttons.
  await expect(candidates.getByRole('button')).toHaveCount(6);
  const sizes = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="keyboard"] button')].map((b) => {
      const r = b.getBoundingClientRect();
      return Math.min(r.width, r.height);
    }),
  );
  // design.md §7: at least 60 px in normal mode, larger in elder mode (60 × 1.3 = 78).
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(78);
  await auditScreen(page, 'keyboard-pinyin-elder-zh-CN');
  await candidates.getByRole('button', { name: '银行', exact: true }).click();
  await expect(page.getByTestId('feedback-text')).toHaveText('银行');
  // Leaving the comment unsent says so (it is not the "done" of an end screen).
  await page.getByRole('button', { name: zh('feedback.leaveWithoutSending'), exact: true }).click();
  await expectScreen(page, 'attract');
  expect(pageErrors).toEqual([]);
});
