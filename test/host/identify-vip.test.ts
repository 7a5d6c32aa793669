/**
 * The branch's customer key and its VIP customers, on the whole kiosk headless with the embedded
 * branch service and the simulated reader: the kiosk receives the branch's customer-key secret
 * and keeps it sealed; a card read then gives the key the branch makes of the ID number, so a
 * VIP the branch marked by ID number gets a VIP ticket, and no one else does.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addVipCustomer, branchCustomerKey } from '../../branch-service/customers.js';
import type { Kiosk } from '../../main/kiosk.js';
import { LONG_TERM_CARD, RESIDENT_CARD } from '../../devices/sim/virtual-id-reader-cards.js';
import type { TestCard } from '../../devices/sim/index.js';
import { decodeField, RESIDENT_ID_LAYOUT } from '../../src/domain/identity-layout.js';
import { createCustomerKeyStore } from '../../src/store/index.js';
import { waitForScreen } from '../support/kiosk-harness.js';
import { start } from './kiosk-helpers.js';

const idNumberOf = (card: TestCard) => decodeField(card.text, RESIDENT_ID_LAYOUT.idNumber);

async function ticketWithCard(kiosk: Kiosk, card: TestCard) {
  kiosk.bridge.dispatch({ type: 'START' });
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
  await waitForScreen(kiosk, 'idCardOffer');
  kiosk.bridge.dispatch({ type: 'USE_ID_CARD' });
  await waitForScreen(kiosk, 'idCardConsent');
  kiosk.bridge.dispatch({ type: 'AGREE_TO_ID_CARD_READ' });
  await waitForScreen(kiosk, 'placeIdCard');
  const reader = kiosk.devices.virtualIdReader!;
  reader.placeCard(card);
  const read = await waitForScreen(kiosk, 'idCardRead');
  reader.removeCard();
  await waitForScreen(kiosk, 'chooseBusinessType');
  kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
  await waitForScreen(kiosk, 'confirmTicket');
  kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
  const issued = await waitForScreen(kiosk, 'ticketIssued');
  kiosk.bridge.dispatch({ type: 'FINISH' });
  await waitForScreen(kiosk, 'attract');
  return { read, issued };
}

describe('VIP customers by the branch customer key (embedded service, simulated reader)', () => {
  it('keys the card as the branch does, and gives a VIP the branch knows a VIP ticket', async () => {
    const { kiosk, log } = await start({ idReader: { kind: 'simulated' as const } });
    const service = kiosk.branchService!;
    expect(log.named('identify.customerKeyReceived')).toHaveLength(1);
    // Kept sealed: the store opens it to the branch's secret; the raw row is not the secret.
    const kept = kiosk.store.featureStore(createCustomerKeyStore).branchCustomerKey();
    const [raw] = await service.query<{ secret: Uint8Array }>(
      `SELECT secret FROM branch_secrets WHERE purpose = 'customerKey'`,
    );
    expect(kept?.secret.equals(Buffer.from(raw!.secret))).toBe(true);
    const cached = kiosk.store.getCachedConfig('customerKeySecret');
    expect(JSON.stringify(cached?.value)).not.toContain(kept!.secret.toString('base64'));

    await addVipCustomer(service.db, { idNumber: idNumberOf(LONG_TERM_CARD) });
    const vip = await ticketWithCard(kiosk, LONG_TERM_CARD);
    expect(vip.read).toMatchObject({ priority: 'vip' });
    expect(vip.issued.ticket.priority).toBe('vip');
    const receipt = kiosk.virtualPrinter!.receipts().at(-1)!;
    expect(kiosk.virtualPrinter!.renderText(receipt)).toContain('优先办理（贵宾客户）');
    const stored = kiosk.store.nextOutboxBatch({ maxItems: 20, maxBytes: 1_000_000 });
    expect(stored.map((i) => i.payload)).toContainEqual(
      expect.objectContaining({ number: vip.issued.ticket.number, priority: 'vip' }),
    );
    // The kiosk's key of the card is the branch's key of the ID number.
    const branchKey = await branchCustomerKey(service.db, idNumberOf(LONG_TERM_CARD));
    const db = new Database(path.join(kiosk.config.dataDir, 'kiosk.db'), { readonly: true });
    const row = db
      .prepare('SELECT customer_key AS customerKey FROM tickets WHERE number = ?')
      .get(vip.issued.ticket.number) as { customerKey: string };
    db.close();
    expect(row.customerKey).toBe(branchKey);

    // Someone the branch does not know as VIP: by age alone.
    const other = await ticketWithCard(kiosk, RESIDENT_CARD);
    expect(other.issued.ticket.priority).not.toBe('vip');
    // Neither ID number nor the secret in the log.
    const logged = JSON.stringify(log.events());
    for (const value of [
      idNumberOf(LONG_TERM_CARD),
      idNumberOf(RESIDENT_CARD),
      kept!.secret.toString('base64'),
    ]) {
      expect(logged).not.toContain(value);
    }
  });
});
