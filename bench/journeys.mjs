// The customer journeys the renderer benchmarks tap through, in Chromium, as a customer does:
// every flow the home menu offers, and every tap of it that leads somewhere (a new screen, or
// the same screen showing the tap's effect: a digit typed, the language switched).
//
// The list of transitions is not written down anywhere else: it is what these journeys tap,
// recorded as "<screen before> → <screen drawn>" (or "<screen>: <what changed>"). Two checks
// keep a new screen or flow from being left out silently (checkCoverage): every entry of the
// home menu must have a journey here, and every screen of the contract (KioskViewSchema) must be
// reached by a measured tap, or be listed in NOT_BY_TAP with the reason.
import { createAppointment } from '../dist/branch-service/appointments.js';
import { DEFAULT_BUSINESS_TYPES } from '../dist/branch-service/defaults.js';
import { TEST_CARDS } from '../dist/devices/sim/virtual-id-reader-cards.js';
import { KioskViewSchema } from '../dist/src/bridge/contract.js';
import { serviceDayOf } from '../dist/src/store/index.js';
import { VIEWPORT } from './kiosk-page.mjs';

/** Screens no tap of a working kiosk leads to, and why they are not measured here. */
export const NOT_BY_TAP = {
  outOfService: 'a device or the store failed: no tap leads there',
  ticketNotPrinted: 'the printer failed (an injected fault; its reprint tap is a failure path)',
  idCardProblem: 'the card could not be read (an injected fault)',
  idCardRead: 'reached by placing the ID card on the reader, not by a tap',
  guideLockedOut:
    'three wrong staff PINs; the lockout outlives the customer, so repeating it would lock ' +
    'every later PIN journey',
};

/** The staff PIN of the development configuration (DEV_GUIDE_PIN_HASH in src/config.ts). */
const DEV_STAFF_PIN = '2580';

/* global window -- in page.evaluate callbacks, which run in the kiosk page */

const on = (...screens) => ({ screen: screens });

/**
 * Taps by test id, one at a time, through the page's tap probe (bench/tap-probe.mjs), and
 * reports each tap's timestamps to `onTap(transition, record)`.
 */
export function createTapDriver(
  page,
  { onTap, takeHostTimings = () => null, input = 'mouse', timeoutMs = 15_000 },
) {
  let screen = 'attract';
  const driver = {
    get screen() {
      return screen;
    },
    /** 'mouse' or 'touch', for the taps from now on. */
    input,
    /**
     * Taps the element with this test id and resolves with the screen drawn after it.
     * `to`: the condition that shows the tap's effect (a screen list via on(), or fields of
     * it); `then`: a later condition to wait for (the host's answer after "checking…");
     * `label`: names a tap that keeps the screen ("appointmentCode: digit").
     */
    async tap(testId, to, { then, label } = {}) {
      const target = page.locator(`[data-testid="${testId}"]`);
      let box = await target.boundingBox();
      if (!box) throw new Error(`no "${testId}" to tap on ${screen}`);
      if (box.y < 0 || box.y + box.height > VIEWPORT.height) {
        await target.scrollIntoViewIfNeeded();
        box = await target.boundingBox();
      }
      takeHostTimings(); // forget what came before this tap
      await page.evaluate(
        ([cond, after, ms]) => window.__tapProbe.arm(cond, after, ms),
        [to, then ?? null, timeoutMs],
      );
      const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
      // mouse: press and release (CDP Input.dispatchMouseEvent); touch: touchstart and
      // touchend (Input.dispatchTouchEvent), from which Chromium's gesture detector makes the
      // click, as on the kiosk's touch screen.
      if (driver.input === 'touch') await page.touchscreen.tap(x, y);
      else await page.mouse.click(x, y);
      const record = await page.evaluate(() => window.__tapProbe.wait());
      record.host = takeHostTimings();
      const from = screen;
      screen = record.settledScreen ?? record.screen;
      // A tap that keeps the screen without a label (a host still answering) is named by what
      // was tapped: "guidePin: pin-submit (same screen)".
      const name = label ?? (record.screen === from ? `${testId} (same screen)` : null);
      onTap(name ? `${from}: ${name}` : `${from} → ${record.screen}`, record);
      return screen;
    },
    /** Waits for a screen the host shows by itself (a card placed, a card taken away). */
    async waitForScreen(...screens) {
      const selector = screens.map((s) => `[data-screen="${s}"]`).join(', ');
      await page.locator(selector).waitFor({ timeout: timeoutMs });
      screen = await page.evaluate(() => window.__tapProbe.screen());
      return screen;
    },
  };
  return driver;
}

async function toMenu(driver) {
  if (driver.screen === 'attract') await driver.tap('start', on('menu'));
  if (driver.screen !== 'menu') throw new Error(`expected the menu, on ${driver.screen}`);
}

/** The digits or letters typed one key at a time, each tap measured until it shows. */
async function typeKeys(driver, keys, { prefix, shownIn, label, shown = (typed) => typed }) {
  for (let i = 0; i < keys.length; i++) {
    const screen = driver.screen;
    await driver.tap(
      `${prefix}-${keys[i]}`,
      { screen: [screen], text: [shownIn, shown(keys.slice(0, i + 1))] },
      {
        label,
      },
    );
  }
}

/** Attract → menu, then the header's language and elder-mode toggles there and back. */
async function session(driver) {
  await toMenu(driver);
  await driver.tap(
    'language-toggle',
    { screen: ['menu'], language: 'en' },
    { label: 'language → en' },
  );
  await driver.tap(
    'language-toggle',
    { screen: ['menu'], language: 'zh-CN' },
    {
      label: 'language → zh-CN',
    },
  );
  await driver.tap('elder-toggle', { screen: ['menu'], elder: true }, { label: 'elder mode on' });
  await driver.tap('elder-toggle', { screen: ['menu'], elder: false }, { label: 'elder mode off' });
}

/** Confirm → printing (the first screen drawn) → the ticket; remembers its number. */
async function confirmAndPrint(driver, ctx) {
  const shown = await driver.tap('confirm-ticket', on('printing', 'ticketIssued'), {
    then: on('ticketIssued', 'ticketNotPrinted'),
  });
  if (shown !== 'ticketIssued') throw new Error(`the ticket was not printed: ${shown}`);
  ctx.lastTicketNumber = (await ctx.page.getByTestId('ticket-number').innerText()).trim();
  ctx.tickets += 1;
}

/** The ticket without a card, then "rate us": a rating, a category, a key, send, finish. */
async function ticketAndFeedback(driver, ctx) {
  await toMenu(driver);
  await driver.tap('take-ticket', on('idCardOffer', 'chooseBusinessType'));
  if (driver.screen === 'idCardOffer') await driver.tap('skip-id-card', on('chooseBusinessType'));
  await driver.tap('business-type-personal', on('confirmTicket'));
  await confirmAndPrint(driver, ctx);
  await driver.tap('rate-us', on('feedbackRating'));
  await driver.tap('rating-4', on('feedbackComment'));
  await driver.tap(
    'category-suggestion',
    {
      screen: ['feedbackComment'],
      selector: '[data-testid="category-suggestion"][aria-pressed="true"]',
    },
    { label: 'category' },
  );
  // The Chinese keyboard opens in pinyin (letters compose, not typed): its Latin layout.
  await driver.tap(
    'keyboard-mode-latin',
    {
      screen: ['feedbackComment'],
      selector: '[data-testid="keyboard-mode-latin"][aria-pressed="true"]',
    },
    { label: 'keyboard layout' },
  );
  await typeKeys(driver, 'ok', { prefix: 'key', shownIn: 'feedback-text', label: 'key' });
  await driver.tap('submit-feedback', on('feedbackThanks'), {
    then: { screen: ['feedbackThanks'], selector: '[data-testid="finish"]' },
  });
  await driver.tap('finish', on('attract'));
}

/** The phone number as the keypad screen groups it (renderer/screens/reminder: 3-4-4). */
const groupedPhone = (digits) =>
  [digits.slice(0, 3), digits.slice(3, 7), digits.slice(7)].filter(Boolean).join(' ');

/** A ticket, then "remind me by SMS": consent, the number on the keypad, confirm, done. */
async function ticketAndReminder(driver, ctx) {
  await toMenu(driver);
  await driver.tap('take-ticket', on('idCardOffer', 'chooseBusinessType'));
  if (driver.screen === 'idCardOffer') await driver.tap('skip-id-card', on('chooseBusinessType'));
  await driver.tap('business-type-personal', on('confirmTicket'));
  await confirmAndPrint(driver, ctx);
  await driver.tap('remind-by-sms', on('reminderConsent'));
  await driver.tap('agree-reminder', on('reminderPhone'));
  await typeKeys(driver, '13912345678', {
    prefix: 'phone-key',
    shownIn: 'reminder-phone',
    label: 'phone digit',
    shown: groupedPhone,
  });
  await driver.tap('reminder-next', on('reminderConfirm'));
  await driver.tap('confirm-reminder', on('reminderDone'));
  await driver.tap('finish', on('attract'));
}

/**
 * The ID card: offer, consent, place (the simulated reader), read, take it away, a queue. The
 * abuse guard refuses a second live ticket for the same card and queue: one card throughout, so
 * the first journey (a warm-up) prints and every later one is told so (liveTicketExists).
 */
async function identify(driver, ctx) {
  await toMenu(driver);
  await driver.tap('take-ticket', on('idCardOffer'));
  await driver.tap('use-id-card', on('idCardConsent'));
  await driver.tap('agree-id-card', on('placeIdCard'));
  const reader = ctx.kiosk.devices.virtualIdReader;
  reader.placeCard(TEST_CARDS[0]);
  ctx.identified += 1;
  await driver.waitForScreen('idCardRead');
  reader.removeCard();
  await driver.waitForScreen('chooseBusinessType');
  const shown = await driver.tap('business-type-wealth', on('confirmTicket', 'liveTicketExists'));
  if (shown === 'confirmTicket') {
    await confirmAndPrint(driver, ctx);
    await driver.tap('finish', on('attract'));
    return;
  }
  // Back to the queues, the same queue refused again, and this customer is done.
  await driver.tap('back', on('chooseBusinessType'));
  await driver.tap('business-type-wealth', on('liveTicketExists'));
  await driver.tap('finish', on('attract'));
}

/** Appointment check-in by code: a booked one (its ticket) or an unknown one (walk-in). */
async function appointment(driver, ctx) {
  const booked = ctx.appointments % 2 === 0;
  const code = `${booked ? 3 : 4}${String(ctx.appointments).padStart(7, '0')}`;
  ctx.appointments += 1;
  if (booked) {
    await createAppointment(
      ctx.kiosk.branchService.db,
      {
        code,
        businessTypeId: 'business',
        serviceDay: serviceDayOf(new Date()),
        timeSlot: '10:00-10:30',
      },
      DEFAULT_BUSINESS_TYPES,
    );
  }
  await toMenu(driver);
  await driver.tap('appointment', on('appointmentCode'));
  await typeKeys(driver, code, { prefix: 'key', shownIn: 'appointment-input', label: 'digit' });
  const answer = await driver.tap(
    'check-in',
    on('appointmentCheckingIn', 'appointmentFound', 'appointmentNotFound'),
    { then: on('appointmentFound', 'appointmentNotFound') },
  );
  if (answer !== (booked ? 'appointmentFound' : 'appointmentNotFound')) {
    throw new Error(`appointment ${code}: ${answer}`);
  }
  if (booked) {
    await driver.tap('take-appointment-ticket', on('confirmTicket'));
    await confirmAndPrint(driver, ctx);
    await driver.tap('finish', on('attract'));
  } else {
    // The walk-in ticket, with a change of mind on the way (confirm → back to the queues).
    await driver.tap('walk-in', on('chooseBusinessType', 'idCardOffer'));
    if (driver.screen === 'idCardOffer') await driver.tap('skip-id-card', on('chooseBusinessType'));
    await driver.tap('business-type-personal', on('confirmTicket'));
    await driver.tap('back', on('chooseBusinessType'));
    await driver.tap('business-type-personal', on('confirmTicket'));
    await confirmAndPrint(driver, ctx);
    await driver.tap('finish', on('attract'));
  }
}

/** Every query the menu of queries offers (its providers), then "my ticket" by number. */
async function queries(driver, ctx) {
  await toMenu(driver);
  await driver.tap('queries', on('queryMenu'));
  await driver.tap('back', on('menu'));
  await driver.tap('queries', on('queryMenu'));
  const providers = await ctx.page
    .locator('[data-testid^="query-"]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));
  if (providers.length === 0) throw new Error('the query menu offers no query');
  ctx.queriesSeen = providers;
  for (const [index, provider] of providers.entries()) {
    const shown = await driver.tap(provider, on('queryAnswer', 'queryInput'));
    if (shown === 'queryInput') {
      const number = ctx.lastTicketNumber;
      if (!number) throw new Error('no ticket number to ask for yet');
      await typeKeys(driver, number, { prefix: 'key', shownIn: 'query-input', label: 'key' });
      await driver.tap('show', on('queryAnswer'));
    }
    if (index === providers.length - 1) {
      await driver.tap('finish', on('attract'));
    } else {
      await driver.tap('back', on('queryMenu', 'queryInput'));
      if (driver.screen === 'queryInput') await driver.tap('back', on('queryMenu'));
    }
  }
}

/** Call a guide, then the staff PIN keypad and assisted mode. */
async function guide(driver) {
  await toMenu(driver);
  await driver.tap('call-guide', on('guideCalled'), {
    then: { screen: ['guideCalled'], selector: '[data-status="sent"], [data-status="notSent"]' },
  });
  await driver.tap('staff-unlock', on('guidePin'));
  await typeKeys(driver, DEV_STAFF_PIN, {
    prefix: 'pin',
    shownIn: 'pin-dots',
    label: 'PIN digit',
    shown: (typed) => '●'.repeat(typed.length),
  });
  // The first thing drawn is the keypad disabled while the host checks the PIN (scrypt).
  await driver.tap(
    'pin-submit',
    [on('guideAssisted'), { screen: ['guidePin'], selector: '[data-testid="pin-1"]:disabled' }],
    { then: on('guideAssisted') },
  );
  await driver.tap('end-assisted', on('attract', 'menu'));
}

/** The flows by the test id of their home-menu entry (checked against the menu on screen). */
export const MENU_JOURNEYS = {
  'take-ticket': [ticketAndFeedback, identify, ticketAndReminder],
  appointment: [appointment, appointment],
  queries: [queries],
  'call-guide': [guide],
};

/** Every journey by its function's name, for running only some of them (tap.mjs `journeys`). */
export const JOURNEYS_BY_NAME = Object.fromEntries(
  [session, ...new Set(Object.values(MENU_JOURNEYS).flat())].map((j) => [j.name, j]),
);

/**
 * One round: the session's toggles, then every journey of every menu entry once; or only the
 * journeys named in `only` (names of JOURNEYS_BY_NAME), in this same order.
 */
export async function round(driver, ctx, only = null) {
  if (only === null || only.includes('session')) await session(driver);
  for (const journeys of Object.values(MENU_JOURNEYS)) {
    for (const journey of journeys) {
      if (only === null || only.includes(journey.name)) await journey(driver, ctx);
    }
  }
}

/** The full journeys of the heap benchmark's customers, in turn (one customer each). */
export const CUSTOMERS = [ticketAndFeedback, queries, appointment, guide, identify];

export function newJourneyContext(page, kiosk) {
  return { page, kiosk, tickets: 0, identified: 0, appointments: 0, lastTicketNumber: null };
}

/** Problems when an entry of the home menu (on screen now) has no journey here. */
export async function checkMenuEntries(page) {
  const entries = await page
    .locator('[data-screen="menu"] .actions [data-testid]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));
  if (entries.length === 0) throw new Error('not on the menu, or the menu offers nothing');
  const problems = entries
    .filter((entry) => !MENU_JOURNEYS[entry])
    .map((entry) => `the menu entry "${entry}" has no journey in bench/journeys.mjs`);
  return { entries, problems };
}

/** Problems when a screen of the contract is reached by no measured tap nor in NOT_BY_TAP. */
export function checkScreens(reachedScreens) {
  const reached = new Set(reachedScreens);
  const screens = KioskViewSchema.options.map((option) => option.shape.screen.value);
  const problems = screens
    .filter((screen) => !reached.has(screen) && !NOT_BY_TAP[screen])
    .map((screen) => `the screen "${screen}" is reached by no measured tap and not in NOT_BY_TAP`);
  return { screens, problems };
}
