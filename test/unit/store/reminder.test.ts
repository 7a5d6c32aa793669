/**
 * The SMS reminder's store (issue 8): the request and its 'reminder.requested' item in one
 * transaction; the phone sealed at rest in the row and in the item (not one byte of it in clear
 * in kiosk.db or its WAL), opened only for the wire; purged after the branch's acknowledgement.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReminderRequestedPayloadSchema } from '../../../src/contract/sync.js';
import {
  createReminderStore,
  StoreError,
  type KioskStore,
  type ReminderStore,
} from '../../../src/store/index.js';
import { serviceDayOf } from '../../../src/store/index.js';
import { cleanUp, inspectDb, open, outboxRowsOf, PERSONAL, tempDir } from './support.js';

const PHONE = '13912345678';
const HOUR = 3_600_000;

let dataDir: string;
let store: KioskStore;
let reminders: ReminderStore;
let clock: Date;

beforeEach(() => {
  dataDir = tempDir('reminder');
  clock = new Date('2026-11-27T02:30:00.000Z');
  store = open({ dataDir, now: () => clock });
  reminders = store.featureStore(createReminderStore);
});
afterEach(cleanUp);

const later = (ms: number) => (clock = new Date(clock.getTime() + ms));

function issuedTicket() {
  const reserved = store.reserveTicket({ businessType: PERSONAL });
  return store.issueTicket(reserved.id, { delivery: 'printed' });
}

/** Every byte the database keeps on disk: the file and its write-ahead log. */
function rawBytes(): Buffer {
  const files = ['kiosk.db', 'kiosk.db-wal'].map((name) => join(dataDir, name));
  return Buffer.concat(files.filter((f) => existsSync(f)).map((f) => readFileSync(f)));
}

describe('reminder store', () => {
  it('stores the request sealed and queues one reminder.requested item in the same transaction', () => {
    const ticket = issuedTicket();
    let kicks = 0;
    store.onOutboxAppended(() => kicks++);
    const stored = reminders.requestReminder({
      ticketId: ticket.id,
      phone: PHONE,
      remindWhenAhead: 3,
      language: 'zh-CN',
    });
    expect(ReminderRequestedPayloadSchema.parse(stored)).toEqual(stored);
    expect(stored).toMatchObject({
      kioskId: 'kiosk-1',
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      businessTypeId: 'personal',
      phone: PHONE,
      remindWhenAhead: 3,
      language: 'zh-CN',
      requestedAt: '2026-11-27T02:30:00.000Z',
      serviceDay: serviceDayOf(clock),
    });
    expect(kicks).toBe(1);

    const row = inspectDb(dataDir, (db) =>
      db.prepare('SELECT phone, phone_purged_at FROM reminders WHERE id = ?').get(stored.id),
    ) as { phone: string; phone_purged_at: string | null };
    expect(row.phone).toMatch(/^pd1\.[0-9a-f]{16}\./);
    expect(row.phone_purged_at).toBeNull();
    expect(reminders.storedPhone(stored.id)).toBe(PHONE);

    // The item in its row is sealed too; the batch the sync worker sends carries it opened.
    const [item] = outboxRowsOf(dataDir).filter((r) => r.kind === 'reminder.requested');
    expect(item!.payload).not.toContain(PHONE);
    expect((JSON.parse(item!.payload) as { phone: string }).phone).toMatch(/^pd1\./);
    const batch = store.nextOutboxBatch({ maxItems: 10, maxBytes: 1e6 });
    const sent = batch.find((i) => i.kind === 'reminder.requested')!;
    expect(sent.id).toBe(item!.id);
    expect(ReminderRequestedPayloadSchema.parse(sent.payload)).toEqual(stored);

    // Sealed at rest: not one copy of the number anywhere in the database's bytes.
    store.close();
    expect(rawBytes().includes(Buffer.from(PHONE))).toBe(false);
    // The scan does find what is kept in clear: the ticket's number.
    expect(rawBytes().includes(Buffer.from(ticket.number))).toBe(true);
  });

  it('refuses a number that is not a mainland mobile, and a ticket it did not issue, writing nothing', () => {
    const ticket = issuedTicket();
    for (const phone of [
      '1391234567',
      '139123456789',
      '12912345678',
      '23912345678',
      '1391234567x',
    ]) {
      expect(() =>
        reminders.requestReminder({
          ticketId: ticket.id,
          phone,
          remindWhenAhead: 3,
          language: 'en',
        }),
      ).toThrow(/mainland mobile number/);
    }
    const reserved = store.reserveTicket({ businessType: PERSONAL });
    for (const ticketId of [reserved.id, '01900000-0000-7000-8000-000000000000']) {
      let error: unknown;
      try {
        reminders.requestReminder({ ticketId, phone: PHONE, remindWhenAhead: 3, language: 'en' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).message).toMatch(/is not an issued ticket of this kiosk/);
    }
    expect(
      inspectDb(dataDir, (db) => db.prepare('SELECT count(*) FROM reminders').pluck().get()),
    ).toBe(0);
    expect(outboxRowsOf(dataDir).filter((r) => r.kind === 'reminder.requested')).toHaveLength(0);
  });

  it('purges the phone from the row and the item purgeAfterMs after the ack, not before', () => {
    const ticket = issuedTicket();
    const stored = reminders.requestReminder({
      ticketId: ticket.id,
      phone: PHONE,
      remindWhenAhead: 0,
      language: 'en',
    });
    const itemId = outboxRowsOf(dataDir).find((r) => r.kind === 'reminder.requested')!.id;
    const none = { reminderPhones: 0, outboxPayloads: 0 };

    later(5 * HOUR); // not acknowledged: kept however long it waits
    expect(reminders.purgePhones(HOUR)).toMatchObject(none);
    expect(store.markOutboxAcked([itemId])).toBe(1);
    later(HOUR - 1);
    expect(reminders.purgePhones(HOUR)).toMatchObject(none);
    expect(reminders.storedPhone(stored.id)).toBe(PHONE);

    later(1);
    expect(reminders.purgePhones(HOUR)).toEqual({
      reminderPhones: 1,
      outboxPayloads: 1,
      walTruncated: true,
    });
    expect(reminders.storedPhone(stored.id)).toBeNull();
    expect(
      inspectDb(dataDir, (db) =>
        db.prepare('SELECT phone_purged_at FROM reminders WHERE id = ?').pluck().get(stored.id),
      ),
    ).toBe(clock.toISOString());
    const payload = JSON.parse(
      outboxRowsOf(dataDir).find((r) => r.id === itemId)!.payload,
    ) as Record<string, unknown>;
    expect(payload).toMatchObject({ id: stored.id, ticketId: ticket.id, phone: null });
    expect(reminders.purgePhones(HOUR)).toMatchObject(none);
  });

  it('purges an acknowledged one once its day is over, even inside purgeAfterMs', () => {
    const ticket = issuedTicket();
    const stored = reminders.requestReminder({
      ticketId: ticket.id,
      phone: PHONE,
      remindWhenAhead: 3,
      language: 'en',
    });
    const itemId = outboxRowsOf(dataDir).find((r) => r.kind === 'reminder.requested')!.id;
    store.markOutboxAcked([itemId]);
    expect(reminders.purgePhones(48 * HOUR)).toMatchObject({ reminderPhones: 0 });
    later(24 * HOUR); // the next day, well inside the 48 h window
    expect(reminders.purgePhones(48 * HOUR)).toMatchObject({
      reminderPhones: 1,
      outboxPayloads: 1,
    });
    expect(reminders.storedPhone(stored.id)).toBeNull();
  });

  it('purges at once an item the branch rejected for good', () => {
    const ticket = issuedTicket();
    const stored = reminders.requestReminder({
      ticketId: ticket.id,
      phone: PHONE,
      remindWhenAhead: 3,
      language: 'en',
    });
    const itemId = outboxRowsOf(dataDir).find((r) => r.kind === 'reminder.requested')!.id;
    expect(store.markOutboxRejected(itemId, 'unknown kind')).toBe(true);
    expect(reminders.purgePhones(24 * HOUR)).toMatchObject({
      reminderPhones: 1,
      outboxPayloads: 1,
    });
    expect(reminders.storedPhone(stored.id)).toBeNull();
  });

  it('quarantines an item whose sealed phone does not open, and sends the rest', () => {
    const ticket = issuedTicket();
    reminders.requestReminder({
      ticketId: ticket.id,
      phone: PHONE,
      remindWhenAhead: 3,
      language: 'en',
    });
    inspectDb(dataDir, (db) =>
      db
        .prepare(
          `UPDATE outbox SET payload = json_set(payload, '$.phone', 'pd1.0000000000000000.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA')
           WHERE kind = 'reminder.requested'`,
        )
        .run(),
    );
    const batch = store.nextOutboxBatch({ maxItems: 10, maxBytes: 1e6 });
    expect(batch.map((i) => i.kind)).toEqual(['ticket.issued']);
    expect(store.quarantinedOutbox()[0]).toMatchObject({
      kind: 'reminder.requested',
      reason: expect.stringMatching(/cannot be opened for sending/) as unknown,
    });
  });
});
