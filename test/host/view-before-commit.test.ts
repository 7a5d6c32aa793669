/**
 * A tap whose effect is a durable commit (better-sqlite3, synchronous = FULL: an fsync) gets its
 * "calling / saving" screen before the commit, not after it (main/features/feature.ts,
 * afterViewPublished): the customer sees at once that the tap was taken. Nothing is said to be
 * done before it is durable: the screen that says so still follows the commit.
 *
 * Each commit is told by its technician event (logged right after the store returned), so
 * "not logged yet when the view was published" means "not committed yet".
 */
import { describe, expect, it } from 'vitest';
import type { KioskView } from '../../src/bridge/contract.js';
import type { Kiosk } from '../../main/kiosk.js';
import type { MemoryLog } from '../../src/log/index.js';
import { waitForScreen, waitForView } from '../support/kiosk-harness.js';
import { start, takeTicket } from './kiosk-helpers.js';

/** Every view published from now on, with how many `event`s had been logged when it was. */
function recordViews(kiosk: Kiosk, log: MemoryLog, event: string) {
  const seen: Array<{ view: KioskView; logged: number }> = [];
  const off = kiosk.bridge.onView((view) => {
    seen.push({ view, logged: log.named(event).length });
  });
  return { seen, off };
}

describe('kiosk (host, headless): the view of a tap goes out before its durable commit', () => {
  it('call a guide: "calling" is published before the call is stored, "sent" after', async () => {
    const { kiosk, log } = await start();
    kiosk.bridge.dispatch({ type: 'START' });
    await waitForScreen(kiosk, 'menu');
    const { seen, off } = recordViews(kiosk, log, 'guide.called');
    kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'guide' });
    await waitForView(kiosk, (v) => v.screen === 'guideCalled' && v.status !== 'calling');
    off();
    const first = seen[0]!;
    expect(first.view).toMatchObject({ screen: 'guideCalled', status: 'calling' });
    expect(first.logged).toBe(0);
    const answered = seen.find(
      (s) => s.view.screen === 'guideCalled' && s.view.status !== 'calling',
    );
    expect(answered?.logged).toBe(1);
    expect(log.named('guide.called')).toHaveLength(1);
  });

  it('feedback: "saving" is published before the feedback is stored, "saved" after', async () => {
    const { kiosk, log } = await start();
    await takeTicket(kiosk, 'personal');
    kiosk.bridge.dispatch({ type: 'RATE_US' });
    await waitForScreen(kiosk, 'feedbackRating');
    kiosk.bridge.dispatch({ type: 'RATE_SERVICE', rating: 5 });
    await waitForScreen(kiosk, 'feedbackComment');
    const { seen, off } = recordViews(kiosk, log, 'feedback.submitted');
    kiosk.bridge.dispatch({ type: 'SUBMIT_FEEDBACK' });
    await waitForView(kiosk, (v) => v.screen === 'feedbackThanks' && v.status === 'saved');
    off();
    expect(seen[0]!.view).toMatchObject({ screen: 'feedbackThanks', status: 'saving' });
    expect(seen[0]!.logged).toBe(0);
    const saved = seen.find((s) => s.view.screen === 'feedbackThanks' && s.view.status === 'saved');
    expect(saved?.logged).toBe(1);
  });

  it('SMS reminder: "saving" is published before the request is stored, "saved" after', async () => {
    const { kiosk, log } = await start();
    await takeTicket(kiosk, 'personal');
    kiosk.bridge.dispatch({ type: 'REMIND_BY_SMS' });
    await waitForScreen(kiosk, 'reminderConsent');
    kiosk.bridge.dispatch({ type: 'ACCEPT_REMINDER_CONSENT' });
    await waitForScreen(kiosk, 'reminderPhone');
    for (const digit of '13912345678') kiosk.bridge.dispatch({ type: 'TYPE_PHONE_DIGIT', digit });
    kiosk.bridge.dispatch({ type: 'SUBMIT_PHONE' });
    await waitForScreen(kiosk, 'reminderConfirm');
    const { seen, off } = recordViews(kiosk, log, 'reminder.requested');
    kiosk.bridge.dispatch({ type: 'CONFIRM_REMINDER' });
    await waitForView(kiosk, (v) => v.screen === 'reminderDone' && v.status === 'saved');
    off();
    expect(seen[0]!.view).toMatchObject({ screen: 'reminderDone', status: 'saving' });
    expect(seen[0]!.logged).toBe(0);
    const saved = seen.find((s) => s.view.screen === 'reminderDone' && s.view.status === 'saved');
    expect(saved?.logged).toBe(1);
  });
});
