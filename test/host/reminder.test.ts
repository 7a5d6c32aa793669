/**
 * The SMS reminder in the whole kiosk under Node, through the bridge (createKiosk, the embedded
 * branch service on PGlite, the in-process virtual printer): after a ticket, "remind me by SMS",
 * the consent, a refused number, a corrected one, the confirmation; stored sealed, synced, and
 * handed to the demo SMS gateway by the branch service (its ticket is at the front: due at once),
 * the phone masked in every log line and nowhere in clear in the kiosk's database.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForScreen, waitForView } from '../support/kiosk-harness.js';
import type { Kiosk } from '../../main/kiosk.js';
import { start, takeTicket } from './kiosk-helpers.js';

const PHONE = '13912345678';

function type(kiosk: Kiosk, digits: string) {
  for (const digit of digits) kiosk.bridge.dispatch({ type: 'TYPE_PHONE_DIGIT', digit });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

describe('kiosk (host, headless): SMS reminder after a ticket', () => {
  it('stores the reminder sealed, syncs it, and the branch hands it to the SMS gateway', async () => {
    const { kiosk, log } = await start();
    const issued = await takeTicket(kiosk, 'personal');
    expect(issued.screen === 'ticketIssued' && issued.canRemindBySms).toBe(true);
    const number = issued.ticket.number;

    kiosk.bridge.dispatch({ type: 'REMIND_BY_SMS' });
    const consent = await waitForScreen(kiosk, 'reminderConsent');
    expect(consent).toMatchObject({ ticketNumber: number, remindWhenAhead: 3, canAccept: true });
    kiosk.bridge.dispatch({ type: 'ACCEPT_REMINDER_CONSENT' });
    await waitForScreen(kiosk, 'reminderPhone');

    type(kiosk, '12345678901');
    kiosk.bridge.dispatch({ type: 'SUBMIT_PHONE' });
    const refused = await waitForView(kiosk, (v) => v.screen === 'reminderPhone' && v.invalid);
    expect(refused.notice).toEqual({ key: 'reminder.invalidPhone' });
    for (let i = 0; i < 11; i++) kiosk.bridge.dispatch({ type: 'ERASE_PHONE_DIGIT' });
    type(kiosk, PHONE);
    await waitForView(kiosk, (v) => v.screen === 'reminderPhone' && v.phone === PHONE);
    kiosk.bridge.dispatch({ type: 'SUBMIT_PHONE' });
    const confirm = await waitForScreen(kiosk, 'reminderConfirm');
    expect(confirm).toMatchObject({ phone: PHONE, ticketNumber: number, remindWhenAhead: 3 });
    kiosk.bridge.dispatch({ type: 'CONFIRM_REMINDER' });
    await waitForView(kiosk, (v) => v.screen === 'reminderDone' && v.status === 'saved');

    const [requested] = log.named('reminder.requested');
    expect(requested).toMatchObject({ ticketNumber: number, phone: '139****5678' });

    // Synced: the branch files it and, the ticket being at the front, hands it off at once.
    const service = kiosk.branchService!;
    const rows = await until(
      () =>
        service.query<{ state: string; phone: string | null }>(
          'SELECT state, phone FROM sms_reminders',
        ),
      (r) => r.length === 1 && r[0]!.state === 'handedOff',
    );
    expect(rows).toEqual([{ state: 'handedOff', phone: null }]);
    await until(
      async () => log.named('reminder.handedOff'),
      (events) => events.length === 1,
    );
    expect(log.named('reminder.handedOff')).toEqual([
      expect.objectContaining({ ticketNumber: number, phone: '139****5678' }),
    ]);
    // Masked in every log line, kiosk's and service's.
    expect(log.events().some((e) => JSON.stringify(e).includes(PHONE))).toBe(false);

    kiosk.bridge.dispatch({ type: 'FINISH' });
    await waitForScreen(kiosk, 'attract');
    // Nothing of the number in the published view, and not one byte of it in clear on disk.
    expect(JSON.stringify(kiosk.bridge.view())).not.toContain(PHONE);
    const dataDir = kiosk.config.dataDir;
    const bytes = Buffer.concat(
      ['kiosk.db', 'kiosk.db-wal']
        .map((f) => join(dataDir, f))
        .filter((f) => existsSync(f))
        .map((f) => readFileSync(f)),
    );
    expect(bytes.includes(Buffer.from(PHONE))).toBe(false);
  });

  it('is never required: back from the consent, or done on the keypad, stores nothing', async () => {
    const { kiosk, log } = await start();
    await takeTicket(kiosk, 'personal');
    kiosk.bridge.dispatch({ type: 'REMIND_BY_SMS' });
    await waitForScreen(kiosk, 'reminderConsent');
    kiosk.bridge.dispatch({ type: 'BACK' });
    await waitForScreen(kiosk, 'attract');

    await takeTicket(kiosk, 'personal');
    kiosk.bridge.dispatch({ type: 'REMIND_BY_SMS' });
    await waitForScreen(kiosk, 'reminderConsent');
    kiosk.bridge.dispatch({ type: 'ACCEPT_REMINDER_CONSENT' });
    await waitForScreen(kiosk, 'reminderPhone');
    type(kiosk, '139');
    kiosk.bridge.dispatch({ type: 'FINISH' });
    await waitForScreen(kiosk, 'attract');
    expect(log.named('reminder.requested')).toEqual([]);
    expect(JSON.stringify(kiosk.bridge.view())).not.toContain('"139');
  });
});
