/**
 * The identify flow's reader actor (main/features/identify.ts) on the real driver and poller,
 * against the virtual reader in-process: what each card and fault becomes for the flow, that a
 * read leaves only a masked name, an age and a key, and that its buffers are wiped at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createActor, createMachine, type AnyActorRef } from 'xstate';
import { IdCardReader, type CardRead } from '../../devices/idcard/index.js';
import { VirtualIdReader } from '../../devices/sim/index.js';
import {
  FOREIGNER_2023_CARD,
  LONG_TERM_CARD,
  RESIDENT_CARD,
} from '../../devices/sim/virtual-id-reader-cards.js';
import { createInProcessTransportPair } from '../../devices/transport/index.js';
import { idCardReaderActor } from '../../main/features/identify.js';
import type { IdentifyFlowEvent } from '../../machines/identify/index.js';
import type { IdReaderStatus } from '../../src/domain/device-status.js';
import { createMemoryLog } from '../../src/log/index.js';

const ONLINE: IdReaderStatus = { device: 'online', media: 'noCard', sam: 'ok' };
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function until(condition: () => boolean, what: string, timeoutMs = 5_000) {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The actor invoked by a parent that records what it is sent, as the identify flow would be. */
async function startActor(status: IdReaderStatus | null = ONLINE, withReader = true) {
  const [kioskEnd, readerEnd] = createInProcessTransportPair();
  const simulator = new VirtualIdReader(readerEnd);
  const reader = new IdCardReader(kioskEnd);
  await simulator.open();
  await reader.open();
  closers.push(async () => {
    await reader.close();
    await simulator.close();
  });
  const received: IdentifyFlowEvent[] = [];
  const reads: CardRead[] = [];
  const log = createMemoryLog();
  const parent = createMachine({
    invoke: {
      id: 'reader',
      src: idCardReaderActor({
        reader: withReader ? reader : null,
        status: () => status,
        secret: () => new Uint8Array(32).fill(3),
        now: () => new Date('2026-11-27T10:00:00'),
        logger: log.logger,
        pollIntervalMs: 20,
        onCardRead: (card) => reads.push(card),
      }),
    },
    on: { '*': { actions: ({ event }) => void received.push(event as IdentifyFlowEvent) } },
  });
  const actor: AnyActorRef = createActor(parent).start();
  closers.push(() => actor.stop());
  const types = () => received.map((e) => e.type);
  return { simulator, received, reads, types, log, actor };
}

describe('the identify reader actor', () => {
  it('reports inserted, read (masked name, age, key), removed; and wipes the read at once', async () => {
    const { simulator, received, reads, types } = await startActor();
    simulator.placeCard(LONG_TERM_CARD);
    await until(() => types().includes('CARD_READ'), 'the read');
    const read = received.find((e) => e.type === 'CARD_READ');
    expect(read).toEqual({
      type: 'CARD_READ',
      card: {
        maskedName: '刘*',
        ageYears: 66,
        customerKey: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    expect(reads[0]!.photo.every((b) => b === 0)).toBe(true);
    simulator.removeCard();
    await until(() => types().includes('CARD_REMOVED'), 'the removal');
    expect(types()).toEqual(['CARD_INSERTED', 'CARD_READ', 'CARD_REMOVED']);
  });

  it('calls a card of a type it cannot read unsupported, and a failed read unreadable', async () => {
    const { simulator, types } = await startActor();
    simulator.placeCard(FOREIGNER_2023_CARD);
    await until(() => types().includes('CARD_UNSUPPORTED'), 'unsupported');
    simulator.removeCard();
    await until(() => types().includes('CARD_REMOVED'), 'the removal');
    simulator.setFault('unreadable');
    simulator.placeCard(RESIDENT_CARD);
    await until(() => types().includes('CARD_UNREADABLE'), 'unreadable');
  });

  it('says the reader is offline when it is not ready, or stops answering', async () => {
    const offline = await startActor({ device: 'noDevice', media: 'noCard', sam: 'ok' });
    await until(() => offline.types().includes('READER_OFFLINE'), 'offline at once');
    expect(offline.log.named('identify.readerUnavailable')).toEqual([
      expect.objectContaining({ state: 'noDevice, SAM ok' }),
    ]);
    const none = await startActor(null, false);
    await until(() => none.types().includes('READER_OFFLINE'), 'no reader');

    const { simulator, types } = await startActor();
    simulator.setFault('silence');
    await until(() => types().includes('READER_OFFLINE'), 'offline after silence');
  });

  it('stops polling when the flow stops it', async () => {
    const { simulator, actor } = await startActor();
    await until(() => simulator.commands().length > 2, 'a few polls');
    actor.stop();
    await new Promise((r) => setTimeout(r, 100));
    const sent = simulator.commands().length;
    await new Promise((r) => setTimeout(r, 200));
    expect(simulator.commands().length).toBe(sent);
  });
});
