/**
 * Issue 7 (PIPL: protect, keep briefly), on the whole kiosk headless with its simulated ID-card
 * reader and the embedded branch service: after a customer identified with an ID card, took a
 * ticket and typed a complaint, and the branch acknowledged both, the purge leaves no plaintext ID
 * number, name, address or comment in kiosk.db, kiosk.db-wal or the log file (raw bytes, UTF-8 and
 * UTF-16LE). Before the purge the comment is found in clear (the outbox item still to be purged):
 * the search is shown able to find what it looks for.
 */
import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKiosk, type Kiosk } from '../../main/kiosk.js';
import { decodeField, RESIDENT_ID_LAYOUT } from '../../src/domain/identity-layout.js';
import { createLogger } from '../../src/log/index.js';
import { createRotatingFile } from '../../src/log/rotating-file.js';
import { RESIDENT_CARD, TEST_CARDS } from '../../devices/sim/virtual-id-reader-cards.js';
import { testConfig, waitForScreen, waitForView } from '../support/kiosk-harness.js';

const COMMENT = '排队太慢 slow queue';

let kiosk: Kiosk | null = null;
afterEach(async () => {
  await kiosk?.stop();
  kiosk = null;
});

/** The card's identity as the card holds it: name, ID number, address, the given name alone. */
function identityOf(card: typeof RESIDENT_CARD): string[] {
  const field = (name: keyof typeof RESIDENT_ID_LAYOUT) =>
    decodeField(card.text, RESIDENT_ID_LAYOUT[name]);
  return [field('name'), field('idNumber'), field('address'), [...field('name')].slice(1).join('')];
}

/** What must not be left: this journey's card and comment, and every test card's ID number. */
function needles(): string[] {
  const idNumbers = TEST_CARDS.map((card) =>
    decodeField(card.text, RESIDENT_ID_LAYOUT.idNumber),
  ).filter((n) => /^[0-9X]{18}$/.test(n));
  return [...identityOf(RESIDENT_CARD), ...idNumbers, COMMENT, 'slow queue', '排队太慢'];
}

/** The raw bytes of kiosk.db, kiosk.db-wal and every log file, by file name. */
function rawFiles(dataDir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of ['kiosk.db', 'kiosk.db-wal']) {
    const file = path.join(dataDir, name);
    if (existsSync(file)) files.set(name, readFileSync(file));
  }
  const logs = path.join(dataDir, 'logs');
  for (const name of readdirSync(logs))
    files.set(`logs/${name}`, readFileSync(path.join(logs, name)));
  return files;
}

/** Where a needle is found, in UTF-8 or UTF-16LE: 'file (encoding)'. */
function foundIn(files: Map<string, Buffer>, needle: string): string[] {
  const found: string[] = [];
  for (const [name, bytes] of files) {
    for (const encoding of ['utf8', 'utf16le'] as const) {
      if (bytes.includes(Buffer.from(needle, encoding))) found.push(`${name} (${encoding})`);
    }
  }
  return found;
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('personal data after the journey and the purge (whole kiosk, simulated reader)', () => {
  it('leaves no ID number, name, address or comment in the database, its WAL or the log', async () => {
    const config = testConfig({
      idReader: { kind: 'simulated' },
      privacy: { purgeAfterMs: 1_000 },
    });
    // The production log file (rotating, in the data folder), every level written.
    const logFile = createRotatingFile({ dir: path.join(config.dataDir, 'logs') });
    const logger = createLogger({ level: 'trace', destination: logFile });
    kiosk = await createKiosk(config, { logger });
    await kiosk.start();

    // Identify with the card, take a ticket.
    kiosk.bridge.dispatch({ type: 'START' });
    kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
    await waitForScreen(kiosk, 'idCardOffer');
    kiosk.bridge.dispatch({ type: 'USE_ID_CARD' });
    await waitForScreen(kiosk, 'idCardConsent');
    kiosk.bridge.dispatch({ type: 'AGREE_TO_ID_CARD_READ' });
    await waitForScreen(kiosk, 'placeIdCard');
    kiosk.devices.virtualIdReader!.placeCard(RESIDENT_CARD);
    await waitForScreen(kiosk, 'idCardRead');
    kiosk.devices.virtualIdReader!.removeCard();
    await waitForScreen(kiosk, 'chooseBusinessType');
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    const { ticket } = await waitForScreen(kiosk, 'ticketIssued');

    // A rating and a typed complaint.
    kiosk.bridge.dispatch({ type: 'RATE_US' });
    await waitForScreen(kiosk, 'feedbackRating');
    kiosk.bridge.dispatch({ type: 'RATE_SERVICE', rating: 2 });
    await waitForScreen(kiosk, 'feedbackComment');
    kiosk.bridge.dispatch({ type: 'CHOOSE_FEEDBACK_CATEGORY', category: 'complaint' });
    for (const key of COMMENT) kiosk.bridge.dispatch({ type: 'TYPE_FEEDBACK_TEXT', text: key });
    await waitForView(kiosk, (v) => v.screen === 'feedbackComment' && v.text === COMMENT);
    kiosk.bridge.dispatch({ type: 'SUBMIT_FEEDBACK' });
    await waitForView(kiosk, (v) => v.screen === 'feedbackThanks' && v.status === 'saved');

    // The branch acknowledges the ticket and the feedback.
    const store = kiosk.store;
    await waitUntil(
      () => store.outboxStats().pending === 0 && store.outboxStats().acked >= 2,
      'the branch acknowledged the ticket and the feedback',
    );
    const dataDir = config.dataDir;
    const dbFile = path.join(dataDir, 'kiosk.db');
    const keyOf = () => {
      const db = new Database(dbFile, { readonly: true });
      try {
        return db
          .prepare('SELECT customer_key FROM tickets WHERE number = ?')
          .pluck()
          .get(ticket.number);
      } finally {
        db.close();
      }
    };
    expect(keyOf()).toMatch(/^[0-9a-f]{64}$/);
    // Not yet purged: the acknowledged outbox item still holds the comment in clear, and the
    // search finds it (so it can fail).
    expect(store.personalDataPurge.runOnce()).toMatchObject({
      feedbackComments: 0,
      outboxPayloads: 0,
      customerKeys: 0,
    });
    expect(foundIn(rawFiles(dataDir), COMMENT).length).toBeGreaterThan(0);

    // purgeAfterMs later, the job's pass removes the personal fields and empties the WAL.
    await new Promise((r) => setTimeout(r, 1_100));
    expect(store.personalDataPurge.runOnce()).toEqual({
      feedbackComments: 1,
      outboxPayloads: 1,
      customerKeys: 1,
      walTruncated: true,
    });
    expect(keyOf()).toBeNull();

    const running = rawFiles(dataDir);
    expect(running.get('logs/kiosk.log')?.toString()).toContain('store.personalDataPurged');
    for (const needle of needles()) {
      expect(foundIn(running, needle), `"${needle}" left behind`).toEqual([]);
    }

    // And after the kiosk stopped (the last checkpoint written, the WAL gone or empty).
    await kiosk.stop();
    kiosk = null;
    logFile.close();
    const stopped = rawFiles(dataDir);
    for (const needle of needles()) {
      expect(foundIn(stopped, needle), `"${needle}" left behind`).toEqual([]);
    }
  }, 40_000);
});
