/**
 * The ID card in the ticket journey, on the whole kiosk headless with its simulated reader (the
 * real driver and poller over the in-process transport): a senior's card gives a priority ticket,
 * the same card cannot take a second live ticket for the queue, an unreadable card is explained,
 * and no identity field reaches the log or any published view unmasked.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Kiosk } from '../../main/kiosk.js';
import type { KioskView } from '../../src/bridge/contract.js';
import { decodeField, RESIDENT_ID_LAYOUT } from '../../src/domain/identity-layout.js';
import { LONG_TERM_CARD, RESIDENT_CARD } from '../../devices/sim/virtual-id-reader-cards.js';
import type { TestCard } from '../../devices/sim/index.js';
import { waitForScreen, waitForView } from '../support/kiosk-harness.js';
import { start } from './kiosk-helpers.js';

const WITH_READER = { idReader: { kind: 'simulated' as const } };

/** Every identity field of a test card, as the card holds it: none may appear unmasked. */
function identityFields(card: TestCard): string[] {
  const field = (name: keyof typeof RESIDENT_ID_LAYOUT) =>
    decodeField(card.text, RESIDENT_ID_LAYOUT[name]);
  return [
    field('name'),
    field('idNumber'),
    field('address'),
    field('birthDate'),
    field('authority'),
    // The given name alone (the masked name keeps the family name only).
    [...field('name')].slice(1).join(''),
  ];
}

function recordViews(kiosk: Kiosk): string[] {
  const views: string[] = [JSON.stringify(kiosk.bridge.view())];
  kiosk.bridge.onView((view: KioskView) => views.push(JSON.stringify(view)));
  return views;
}

/** From the menu to the reader, as a customer: take a ticket, use the card, agree. */
async function toPlaceCard(kiosk: Kiosk) {
  kiosk.bridge.dispatch({ type: 'START' });
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
  await waitForScreen(kiosk, 'idCardOffer');
  kiosk.bridge.dispatch({ type: 'USE_ID_CARD' });
  await waitForScreen(kiosk, 'idCardConsent');
  kiosk.bridge.dispatch({ type: 'AGREE_TO_ID_CARD_READ' });
  await waitForScreen(kiosk, 'placeIdCard');
}

/** Places the card, waits for the masked name, takes the card: back at the choice of queue. */
async function identifyWith(kiosk: Kiosk, card: TestCard) {
  const reader = kiosk.devices.virtualIdReader!;
  reader.placeCard(card);
  const read = await waitForScreen(kiosk, 'idCardRead');
  reader.removeCard();
  await waitForScreen(kiosk, 'chooseBusinessType');
  return read;
}

describe('the ID card in the ticket journey (simulated reader)', () => {
  it('gives a senior a priority ticket, keeps only a customer key, and never an identity', async () => {
    const { kiosk, log } = await start(WITH_READER);
    const views = recordViews(kiosk);

    await toPlaceCard(kiosk);
    const read = await identifyWith(kiosk, LONG_TERM_CARD);
    expect(read).toMatchObject({ maskedName: '刘*', priority: 'senior', cardLeft: false });

    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    const issued = await waitForScreen(kiosk, 'ticketIssued');
    expect(issued.ticket.priority).toBe('senior');

    // The paper says it too.
    const receipt = kiosk.virtualPrinter!.receipts().at(-1)!;
    expect(kiosk.virtualPrinter!.renderText(receipt)).toContain('优先办理（老年客户）');

    // Stored with its priority and the card's key (64 hex digits), never the ID number. (Read
    // from another connection: the ticket journal folded first, as every store reader does.)
    kiosk.store.foldTicketJournal();
    const db = new Database(path.join(kiosk.config.dataDir, 'kiosk.db'), { readonly: true });
    const row = db
      .prepare('SELECT priority, customer_key AS customerKey FROM tickets WHERE number = ?')
      .get(issued.ticket.number) as { priority: string; customerKey: string };
    db.close();
    expect(row.priority).toBe('senior');
    expect(row.customerKey).toMatch(/^[0-9a-f]{64}$/);
    const [item] = kiosk.store.nextOutboxBatch({ maxItems: 10, maxBytes: 1_000_000 });
    expect(item!.payload).toMatchObject({ number: issued.ticket.number, priority: 'senior' });

    // Nothing of the identity in the log, the views, or what goes to the branch.
    const logged = JSON.stringify(log.events());
    const published = views.join('\n');
    const outbox = JSON.stringify(item);
    for (const value of [...identityFields(LONG_TERM_CARD), row.customerKey]) {
      expect(logged, `log holds ${value}`).not.toContain(value);
      expect(published, `a view holds ${value}`).not.toContain(value);
      expect(outbox, `the outbox holds ${value}`).not.toContain(value);
    }
    expect(log.named('idcard.cardRead')).toEqual([
      expect.objectContaining({ cardType: 'residentId' }),
    ]);
  });

  it('refuses a second live ticket for the same card and queue, saying which and until when', async () => {
    const { kiosk, log } = await start(WITH_READER);
    for (const attempt of [1, 2]) {
      await toPlaceCard(kiosk);
      await identifyWith(kiosk, RESIDENT_CARD);
      kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
      if (attempt === 1) {
        await waitForScreen(kiosk, 'confirmTicket');
        kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
        const issued = await waitForScreen(kiosk, 'ticketIssued');
        expect(issued.ticket.priority).toBeUndefined(); // born 1990: the ordinary queue
        kiosk.bridge.dispatch({ type: 'FINISH' });
        await waitForScreen(kiosk, 'attract');
        continue;
      }
      const refused = await waitForScreen(kiosk, 'liveTicketExists');
      expect(refused.number).toBe('A0001');
      expect(refused.liveUntil).toMatch(/^\d{2}:\d{2}$/);
      expect(log.named('identify.liveTicketRefused')).toEqual([
        expect.objectContaining({ ticket: 'A0001', businessType: 'personal' }),
      ]);
      // Another queue is still open to the same card.
      kiosk.bridge.dispatch({ type: 'BACK' });
      await waitForScreen(kiosk, 'chooseBusinessType');
      kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'business' });
      await waitForScreen(kiosk, 'confirmTicket');
      kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
      const other = await waitForScreen(kiosk, ['ticketIssued', 'ticketNotPrinted']);
      expect(other.ticket.number).toMatch(/^B\d{4}$/);
    }
  });

  it('explains an unreadable card, waits for it to be taken, and lets the customer go on without it', async () => {
    const { kiosk, log } = await start(WITH_READER);
    const reader = kiosk.devices.virtualIdReader!;
    await toPlaceCard(kiosk);
    reader.setFault('unreadable');
    reader.placeCard(RESIDENT_CARD);
    const problem = await waitForScreen(kiosk, 'idCardProblem');
    expect(problem).toMatchObject({
      problem: 'unreadable',
      takeCard: true,
      notice: { key: 'identify.problem.unreadable' },
    });
    reader.removeCard();
    reader.setFault(undefined);
    const after = await waitForView(kiosk, (v) => v.screen === 'idCardProblem' && !v.takeCard);
    expect(after).toMatchObject({ problem: 'unreadable', takeCard: false });
    expect(log.named('identify.cardProblem')).toEqual([
      expect.objectContaining({ problem: 'unreadable' }),
    ]);
    kiosk.bridge.dispatch({ type: 'CONTINUE_WITHOUT_ID_CARD' });
    await waitForScreen(kiosk, 'chooseBusinessType');
  });

  it('says the reader is offline when it does not answer, and offers to go on without it', async () => {
    const { kiosk, log } = await start(WITH_READER);
    await toPlaceCard(kiosk);
    await kiosk.devices.virtualIdReader!.unplug();
    const problem = await waitForView(
      kiosk,
      (v) => v.screen === 'idCardProblem' && v.problem === 'readerOffline',
    );
    expect(problem).toMatchObject({ takeCard: false });
    expect(log.named('identify.cardProblem')).toEqual([
      expect.objectContaining({ problem: 'readerOffline' }),
    ]);
    kiosk.bridge.dispatch({ type: 'BACK' });
    await waitForScreen(kiosk, 'chooseBusinessType');
  });
});
