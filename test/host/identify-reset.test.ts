/**
 * A session reset wipes the ID card (issue 6: "never in memory after the session"): the session
 * runs the identify flow with the real reader actor (main/features/identify.ts) on the real
 * driver and poller, talking to the virtual reader in-process. The customer's card is read and
 * left on the reader; the inactivity reset then ends the flow. Afterwards the session holds no
 * flow and nothing of the card, the read's buffers are zeroed, and the reader is polled no more.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { IdCardReader, type CardRead } from '../../devices/idcard/index.js';
import { VirtualIdReader } from '../../devices/sim/index.js';
import { LONG_TERM_CARD } from '../../devices/sim/virtual-id-reader-cards.js';
import { createInProcessTransportPair } from '../../devices/transport/index.js';
import { idCardReaderActor } from '../../main/features/identify.js';
import { identifyFlow, identifyMachine } from '../../machines/identify/index.js';
import { createSessionMachine } from '../../machines/session/index.js';
import { createMemoryLog } from '../../src/log/index.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const until = async (condition: () => boolean, what: string, timeoutMs = 5_000) => {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('a session reset during the identify flow', () => {
  it('leaves no flow context, zeroed read buffers and a reader no longer polled', async () => {
    const [kioskEnd, readerEnd] = createInProcessTransportPair();
    const simulator = new VirtualIdReader(readerEnd);
    const reader = new IdCardReader(kioskEnd);
    await simulator.open();
    await reader.open();
    closers.push(async () => {
      await reader.close();
      await simulator.close();
    });

    const reads: CardRead[] = [];
    const secret = new Uint8Array(32).fill(7);
    const logic = identifyMachine.provide({
      actors: {
        idCardReader: idCardReaderActor({
          reader,
          status: () => ({ device: 'online', media: 'noCard', sam: 'ok' }),
          secret: () => secret,
          now: () => new Date('2026-11-27T10:00:00'),
          logger: createMemoryLog().logger,
          pollIntervalMs: 50,
          onCardRead: (card) => reads.push(card),
        }),
      },
    });
    const session = createActor(createSessionMachine([identifyFlow(logic)]), {
      input: {
        branch: null,
        devices: { printer: null, idReaderReady: true },
        defaultLanguage: 'zh-CN',
        timeouts: { inactivityMs: 400, warningMs: 200 },
      },
    }).start();
    closers.push(async () => void session.stop());

    session.send({ type: 'START' });
    // The identify flow is started by another flow, never by the menu: the event is cast.
    session.send({ type: 'START_FLOW', flow: 'identify' } as never);
    session.send({ type: 'AGREE_TO_ID_CARD_READ' });
    simulator.placeCard(LONG_TERM_CARD);
    await until(() => reads.length === 1, 'the card read');
    const flow = () => session.getSnapshot().children.flow;
    await until(
      () => JSON.stringify(flow()?.getSnapshot().context ?? {}).includes('刘*'),
      'the masked name in the flow',
    );
    const photo = reads[0]!.photo;
    expect(photo.length).toBe(1024);

    // The customer walks away, card on the reader: the inactivity reset ends the session.
    await until(() => session.getSnapshot().matches('attract'), 'the reset', 5_000);
    expect(flow()).toBeUndefined();
    const persisted = JSON.stringify(session.getPersistedSnapshot());
    for (const trace of ['刘', 'identification', 'customerKey', 'maskedName', 'ageYears']) {
      expect(persisted, `the session still holds ${trace}`).not.toContain(trace);
    }
    // Wiped, not blank from the start: the card's own photo bytes are patterned.
    expect(LONG_TERM_CARD.photo.some((byte) => byte !== 0)).toBe(true);
    expect(photo.every((byte) => byte === 0)).toBe(true);
    expect(reads[0]!.fingerprint?.every((byte) => byte === 0) ?? true).toBe(true);

    // The poller stopped with the flow: no command reaches the reader any more.
    await new Promise((r) => setTimeout(r, 150));
    const sent = simulator.commands().length;
    await new Promise((r) => setTimeout(r, 300));
    expect(simulator.commands().length).toBe(sent);
  });
});
