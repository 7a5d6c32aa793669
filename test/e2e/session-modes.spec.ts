/**
 * The session as a customer meets it (design.md §7): the attract screen with the branch's
 * announcements, the home menu from the flow registry, and the header's language, elder mode
 * and voice one tap away; elder mode larger, plainer and spoken; voice prompts with repeat and
 * volume. In zh-CN, in English and in elder mode, with axe-core and a screenshot of each screen.
 */
import type { Page } from '@playwright/test';
import { sessionHostOf } from '../../main/session-host.js';
import type { BranchConfig } from '../../src/contract/sync.js';
import type { Language } from '../../src/domain/business-type.js';
import { formatMessageInMode, type MessageKey } from '../../src/i18n/messages.js';
import {
  auditScreen,
  businessTypeName,
  en,
  expect,
  expectScreen,
  hasEspeak,
  shownTicketNumber,
  test,
  voiceStatus,
  zh,
} from './fixtures.js';

/** A catalogue sentence in elder mode's words. */
const elderSay = (language: Language, key: MessageKey) =>
  formatMessageInMode({ language, elder: true }, key);

/** Waits for the voice audio of one catalogue message, served as a real WAV. */
async function expectAudio(page: Page, path: string, act: () => Promise<unknown>) {
  const served = page.waitForResponse((r) => new URL(r.url()).pathname === path);
  await act();
  const response = await served;
  expect(response.status(), path).toBe(200);
  expect(response.headers()['content-type']).toBe('audio/wav');
  expect((await response.body()).subarray(0, 4).toString('latin1')).toBe('RIFF');
}

/** Font sizes (px) of an element, and the smallest side of every visible button. */
async function measure(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const size = (el: Element | null) => (el ? parseFloat(getComputedStyle(el).fontSize) : 0);
    const buttons = [...document.querySelectorAll('button')]
      .map((b) => b.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0);
    return {
      text: size(document.querySelector(sel)),
      headline: size(document.querySelector('h1')),
      smallestTarget: Math.min(...buttons.map((r) => Math.min(r.width, r.height))),
      // The same targets in both modes: a header toggle and the menu's first entry.
      header: document.querySelector('[data-testid="elder-toggle"]')!.getBoundingClientRect()
        .height,
      card: document.querySelector('main button')!.getBoundingClientRect().height,
    };
  }, selector);
}

test.describe('attract screen and home menu', () => {
  test.use({ ownKiosk: true });

  test('shows the branch and its announcements in turn, and the menu from the flow registry', async ({
    kioskPage: page,
    kiosk,
  }) => {
    const host = sessionHostOf(kiosk.bridge)!;
    const { branch } = (host.snapshot() as { context: { branch: BranchConfig } }).context;
    const announcements = [
      { 'zh-CN': '本网点周六照常营业', en: 'This branch is open on Saturday' },
      { 'zh-CN': '请保管好您的个人信息', en: 'Keep your personal details safe' },
    ];
    host.configUpdated({ ...branch, announcements });
    const shown = page.getByTestId('announcement');
    await expect(shown).toHaveText(announcements[0]!['zh-CN']);
    await expect(page.getByText(branch.branch.name['zh-CN'])).toHaveCount(2);
    await auditScreen(page, 'attract-announcements-zh-CN');
    // The next one after its turn (8 s).
    await expect(shown).toHaveText(announcements[1]!['zh-CN'], { timeout: 12_000 });

    // Language and elder mode are on the attract screen too: choosing one starts the session.
    await page.getByRole('button', { name: zh('common.language'), exact: true }).click();
    await expectScreen(page, 'menu');
    await expect(page.getByRole('heading', { name: en('menu.title') })).toBeVisible();
    // Today's registry: the menu flows in their order: take a ticket, appointment check-in, the
    // queries, call a guide; then, in the footer, the way back to the start.
    const entries = page.getByRole('main').getByRole('button');
    await expect(entries).toHaveText([
      en('menu.takeTicket'),
      en('menu.appointment'),
      en('menu.queries'),
      en('menu.callGuide'),
      en('menu.backToStart'),
    ]);
    for (const name of [en('voice.toggle'), en('header.elder'), en('common.language')]) {
      await expect(
        page.getByRole('banner').getByRole('button', { name, exact: true }),
      ).toBeVisible();
    }
    await auditScreen(page, 'menu-en');
    await page.getByRole('button', { name: en('menu.takeTicket'), exact: true }).click();
    await expectScreen(page, 'chooseBusinessType');
    // One tap away on a flow's screen as well.
    await expect(page.getByRole('button', { name: en('header.elder'), exact: true })).toBeVisible();
    await auditScreen(page, 'choose-en');
  });
});

test('elder mode: larger type and targets, plainer words, voice on; gone for the next customer', async ({
  kioskPage: page,
}) => {
  await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
  await expectScreen(page, 'menu');
  const normal = await measure(page, '.card-button__label');

  await page.getByRole('button', { name: zh('header.elder'), exact: true }).click();
  await expect(page.getByRole('button', { name: zh('header.elder'), exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByRole('heading', { name: elderSay('zh-CN', 'menu.title') })).toBeVisible();
  const elder = await measure(page, '.card-button__label');
  expect(elder.text).toBeGreaterThanOrEqual(32);
  expect(elder.headline).toBeGreaterThanOrEqual(48);
  expect(elder.smallestTarget).toBeGreaterThan(60);
  expect(elder.card).toBeGreaterThan(normal.card);
  expect(elder.text).toBeGreaterThan(normal.text);
  expect(elder.header).toBeGreaterThan(normal.header);
  // Voice comes on with elder mode (the default policy).
  await expect(page.getByRole('button', { name: zh('voice.toggle'), exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await auditScreen(page, 'menu-elder-zh-CN');

  const take = () => page.getByRole('button', { name: zh('menu.takeTicket'), exact: true }).click();
  if (hasEspeak) {
    await expectAudio(page, '/voice/zh-CN/elder/chooseBusinessType.title.wav', take);
  } else await take();
  await expectScreen(page, 'chooseBusinessType');
  await expect(
    page.getByRole('heading', { name: elderSay('zh-CN', 'chooseBusinessType.title') }),
  ).toBeVisible();
  await auditScreen(page, 'choose-elder-zh-CN');
  await page.getByRole('button', { name: businessTypeName('personal', 'zh-CN') }).click();
  await expectScreen(page, 'confirmTicket');
  await auditScreen(page, 'confirm-elder-zh-CN');
  const confirm = () => page.getByTestId('confirm-ticket').click();
  if (hasEspeak) await expectAudio(page, '/voice/zh-CN/elder/ticketIssued.takeTicket.wav', confirm);
  else await confirm();
  await expectScreen(page, 'ticketIssued');
  await shownTicketNumber(page, 'zh-CN');
  await auditScreen(page, 'issued-elder-zh-CN');

  await page.getByRole('button', { name: zh('common.finish'), exact: true }).click();
  await expectScreen(page, 'attract');
  await expect(page.locator('html')).not.toHaveClass(/\belder\b/);
  await expect(page.getByRole('button', { name: zh('header.elder'), exact: true })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(page.getByRole('button', { name: zh('voice.toggle'), exact: true })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await expect(page.getByRole('button', { name: zh('attract.touchToStart') })).toBeVisible();
});

test('voice prompts in normal mode: on by a tap, repeat, volume, off', async ({
  kioskPage: page,
}) => {
  test.skip(
    !hasEspeak,
    'espeak-ng is not installed: run node scripts/ensure-system-deps.mjs as root',
  );
  await page.getByRole('button', { name: zh('attract.touchToStart'), exact: true }).click();
  await expectScreen(page, 'menu');
  await page.getByRole('button', { name: zh('common.language'), exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // Off by default in normal mode: no voice bar.
  await expect(page.getByRole('button', { name: en('voice.repeat') })).toHaveCount(0);

  const voiceToggle = page.getByRole('button', { name: en('voice.toggle'), exact: true });
  await expectAudio(page, '/voice/en/standard/menu.title.wav', () => voiceToggle.click());
  await expect(voiceToggle).toHaveAttribute('aria-pressed', 'true');
  const status = voiceStatus(page);
  const voices = await page.evaluate(() => speechSynthesis.getVoices().length);
  await expect(status).toHaveAttribute('data-source', voices > 0 ? 'speech' : 'audio');
  await expect(status).toHaveAttribute('data-key', 'menu.title');
  await expect(status).toHaveAttribute('data-volume', '80');
  const plays = Number(await status.getAttribute('data-plays'));
  await auditScreen(page, 'menu-voice-en');

  await expectAudio(page, '/voice/en/standard/menu.title.wav', () =>
    page.getByRole('button', { name: en('voice.repeat'), exact: true }).click(),
  );
  await expect(status).toHaveAttribute('data-plays', String(plays + 1));

  await page.getByRole('button', { name: en('voice.quieter'), exact: true }).click();
  await expect(page.getByText(en('voice.volume', { volume: 60 }))).toBeVisible();
  await expect(status).toHaveAttribute('data-volume', '60');
  await page.getByRole('button', { name: en('voice.louder'), exact: true }).click();
  await expect(status).toHaveAttribute('data-volume', '80');
  await page.getByRole('button', { name: en('voice.louder'), exact: true }).click();
  await expect(page.getByText(en('voice.volume', { volume: 100 }))).toBeVisible();
  await expect(page.getByRole('button', { name: en('voice.louder'), exact: true })).toBeDisabled();

  // Every screen of the journey speaks its prompt, at the chosen volume.
  await expectAudio(page, '/voice/en/standard/chooseBusinessType.title.wav', () =>
    page.getByRole('button', { name: en('menu.takeTicket'), exact: true }).click(),
  );
  await expectScreen(page, 'chooseBusinessType');
  await auditScreen(page, 'choose-voice-en');
  await expectAudio(page, '/voice/en/standard/confirmTicket.title.wav', () =>
    page.getByRole('button', { name: businessTypeName('personal', 'en') }).click(),
  );
  await expectScreen(page, 'confirmTicket');
  await expectAudio(page, '/voice/en/standard/ticketIssued.takeTicket.wav', () =>
    page.getByTestId('confirm-ticket').click(),
  );
  await expectScreen(page, 'ticketIssued');
  await expect(status).toHaveAttribute('data-key', 'ticketIssued.takeTicket');
  await expect(status).toHaveAttribute('data-volume', '100');

  await voiceToggle.click();
  await expect(voiceToggle).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByRole('button', { name: en('voice.repeat') })).toHaveCount(0);
  await page.getByRole('button', { name: en('common.finish'), exact: true }).click();
  await expectScreen(page, 'attract');
  await expect(page.getByRole('button', { name: zh('voice.toggle'), exact: true })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
});
