/**
 * The ticket's priority and the ID card's customer key (migrations/0003), and the abuse guard's
 * question: this card's live ticket for this queue.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  StoreError,
  createTicketCustomerStore,
  openStore,
  type KioskStore,
  type TicketCustomerStore,
} from '../../../src/store/index.js';
import { BUSINESS, PERSONAL, grantNumbers, inspectDb, outboxRowsOf } from './support.js';
import { removeTempDir, tempDir } from '../../support/temp-dir.js';

const KEY = 'c0ffee'.padEnd(64, '0');
const OTHER_KEY = 'f'.repeat(64);

let dataDir: string;
let clock: Date;
let store: KioskStore;
let customers: TicketCustomerStore;

beforeEach(() => {
  dataDir = tempDir('kiosk-ticket-customers');
  clock = new Date(2026, 10, 27, 9, 0); // local: service day 2026-11-27
  store = openStore({ dataDir, kioskId: 'kiosk-1', now: () => clock });
  // Numbers come from the branch: this kiosk holds today's leased blocks, as after a lease.
  grantNumbers(store, '2026-11-27');
  customers = store.featureStore(createTicketCustomerStore);
});

afterEach(() => {
  store.close();
  removeTempDir(dataDir);
});

const live = (key = KEY, businessTypeId = 'personal', liveMinutes = 240) =>
  customers.liveTicketFor({ customerKey: key, businessTypeId, now: clock, liveMinutes });

function issueWithCard(key = KEY, type = PERSONAL) {
  const reserved = store.reserveTicket({
    businessType: type,
    priority: 'senior',
    customerKey: key,
  });
  return store.issueTicket(reserved.id, { delivery: 'printed' });
}

describe('tickets taken with an ID card', () => {
  it('keep their priority and the customer key; the outbox carries the priority, not the key', () => {
    const issued = issueWithCard();
    expect(issued.priority).toBe('senior');
    expect(store.getTicket(issued.id)?.priority).toBe('senior');
    const row = inspectDb(dataDir, (db) =>
      db.prepare('SELECT priority, customer_key FROM tickets WHERE id = ?').get(issued.id),
    );
    expect(row).toEqual({ priority: 'senior', customer_key: KEY });
    const [outbox] = outboxRowsOf(dataDir);
    expect(JSON.parse(outbox!.payload)).toMatchObject({ priority: 'senior' });
    expect(outbox!.payload).not.toContain(KEY);
  });

  it('reads as before for a ticket without a card: no priority field, no key', () => {
    const issued = store.issueTicket(store.reserveTicket({ businessType: PERSONAL }).id, {
      delivery: 'printed',
    });
    expect(issued).not.toHaveProperty('priority');
    expect(
      inspectDb(dataDir, (db) =>
        db.prepare('SELECT priority, customer_key FROM tickets WHERE id = ?').get(issued.id),
      ),
    ).toEqual({ priority: 'none', customer_key: null });
  });

  it('refuses a key that is not an HMAC (an ID number by mistake) without echoing it', () => {
    const idNumber = '44010419600229002X';
    const error = (() => {
      try {
        store.reserveTicket({ businessType: PERSONAL, customerKey: idNumber });
      } catch (e) {
        return e as StoreError;
      }
      throw new Error('expected a refusal');
    })();
    expect(error).toBeInstanceOf(StoreError);
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).not.toContain(idNumber);
    expect(() =>
      store.reserveTicket({ businessType: PERSONAL, priority: 'gold' as never }),
    ).toThrow(/priority/);
  });
});

describe('the abuse guard: one live ticket per card per queue', () => {
  it('finds the card’s issued ticket for that queue today, within the live time', () => {
    expect(live()).toBeUndefined();
    const issued = issueWithCard();
    expect(live()?.number).toBe(issued.number);
    // Another queue, another card: free.
    expect(live(KEY, 'business')).toBeUndefined();
    expect(live(OTHER_KEY)).toBeUndefined();
    // Past the live time, or the next day: free again.
    clock = new Date(2026, 10, 27, 13, 0, 1);
    expect(live(KEY, 'personal', 240)).toBeUndefined();
    expect(live(KEY, 'personal', 300)?.number).toBe(issued.number);
    clock = new Date(2026, 10, 28, 8, 0);
    expect(live(KEY, 'personal', 1440)).toBeUndefined();
  });

  it('does not count a number only reserved (the customer may never have had it)', () => {
    store.reserveTicket({ businessType: BUSINESS, customerKey: KEY });
    expect(live(KEY, 'business')).toBeUndefined();
  });
});
