/**
 * The ID-card reader slice over a real pseudo-terminal pair (socat) and the real serialport
 * binding: the driver on one end at 115200 baud, the virtual reader on the other (design.md §4.3).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdCardError, IdCardReader } from '../../devices/idcard/driver.js';
import { IdCardPoller } from '../../devices/idcard/poller.js';
import type { IdCardEvent } from '../../devices/idcard/poller.js';
import { LONG_TERM_CARD, RESIDENT_CARD } from '../../devices/sim/virtual-id-reader-cards.js';
import { VirtualIdReader } from '../../devices/sim/virtual-id-reader.js';
import { openPtyPair } from '../../devices/transport/pty.js';
import type { PtyPair } from '../../devices/transport/pty.js';
import { SerialTransport } from '../../devices/transport/serial-transport.js';
import { createMemoryLog } from '../../src/log/index.js';

describe('ID card reader over a socat pty pair', () => {
  let pair: PtyPair;
  let sim: VirtualIdReader;
  let reader: IdCardReader;

  beforeEach(async () => {
    pair = await openPtyPair();
    sim = new VirtualIdReader(new SerialTransport({ path: pair.a, baudRate: 115200 }));
    reader = new IdCardReader(new SerialTransport({ path: pair.b, baudRate: 115200 }), {
      commandTimeoutMs: 500,
      readTimeoutMs: 2000,
      settleMs: 200,
    });
    await sim.open();
    await reader.open();
  });

  afterEach(async () => {
    await reader?.close().catch(() => undefined);
    await sim?.close().catch(() => undefined);
    await pair?.close();
  });

  async function failure(promise: Promise<unknown>): Promise<IdCardError> {
    const error: unknown = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IdCardError);
    return error as IdCardError;
  }

  it('reads a card: find → select → read, identity with a rare character, WLT photo kept opaque', async () => {
    sim.placeCard(RESIDENT_CARD);
    expect(await reader.samStatus()).toBe('ok');
    const outcome = await reader.readCard({ fingerprint: true });
    expect(sim.commands()).toEqual(['samStatus', 'findCard', 'selectCard', 'readTextFingerprint']);
    if (outcome.outcome !== 'read') throw new Error(`expected a read, got ${outcome.outcome}`);
    expect(outcome.card.identity).toEqual({
      ok: true,
      identity: {
        cardType: 'residentId',
        name: '王𠀀',
        sex: 'male',
        nation: { code: '01', name: '汉' },
        birthDate: '1990-03-07',
        address: '北京市东城区景山前街4号',
        idNumber: '110101199003077870',
        authority: '北京市公安局东城分局',
        validity: { from: '2015-03-10', to: '2035-03-10' },
      },
    });
    expect(outcome.card.photo).toEqual(RESIDENT_CARD.photo);
    expect(outcome.card.fingerprint).toEqual(RESIDENT_CARD.fingerprint);
    expect(reader.lastStatus).toEqual({ device: 'online', media: 'read', sam: 'ok' });
  });

  it('a card left on the reader is reported still present, not read again; removal is reported', async () => {
    const log = createMemoryLog();
    const poller = new IdCardPoller(reader, { intervalMs: 20, logger: log.logger });
    const events: IdCardEvent['type'][] = [];
    const waitFor = (type: IdCardEvent['type'], count = 1): Promise<void> =>
      new Promise((resolve) => {
        const stop = poller.onEvent(() => {
          if (events.filter((e) => e === type).length >= count) {
            stop();
            resolve();
          }
        });
      });
    poller.onEvent((event) => events.push(event.type));
    try {
      sim.placeCard(LONG_TERM_CARD);
      const stillPresent = waitFor('stillPresent');
      poller.start();
      await stillPresent;
      // Several more polls with the card still there.
      const findsBefore = sim.commands().filter((c) => c === 'findCard').length;
      while (sim.commands().filter((c) => c === 'findCard').length < findsBefore + 5) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(events).toEqual(['inserted', 'read', 'stillPresent']);
      expect(sim.commands().filter((c) => c === 'readText')).toHaveLength(1);
      const removed = waitFor('removed');
      sim.removeCard();
      await removed;
      expect(events).toEqual(['inserted', 'read', 'stillPresent', 'removed']);
      expect(log.named('idcard.cardLeft')).toHaveLength(1);
      expect(JSON.stringify(log.events())).not.toContain('刘');
    } finally {
      await poller.stop();
    }
  });

  it('a silent reader is offline within the timeout; it answers again afterwards', async () => {
    sim.setFault('silence');
    const started = Date.now();
    const error = await failure(reader.readCard());
    expect(Date.now() - started).toBeLessThan(500 * 6);
    expect(error.reason).toBe('offline');
    expect(error.fields).toMatchObject({ command: 'findCard' });
    expect(error.message).toContain('baud rate');
    expect(reader.lastStatus.device).toBe('offline');
    sim.setFault(undefined);
    sim.placeCard(RESIDENT_CARD);
    expect((await reader.readCard()).outcome).toBe('read');
    expect(reader.lastStatus.device).toBe('online');
  });

  it('damaged answers are corruptReply, never an answer; split answers and garbage still read', async () => {
    sim.placeCard(RESIDENT_CARD);
    sim.setFault('badChecksum');
    const error = await failure(reader.readCard());
    expect(error.reason).toBe('corruptReply');
    expect(error.event).toBe('idcard.corruptReply');
    expect(reader.lastStatus.device).toBe('hardwareError');
    for (const fault of ['splitFrames', 'garbage'] as const) {
      sim.setFault(fault);
      expect((await reader.readCard()).outcome).toBe('read');
    }
  });

  it('a failed SAM is reported for the technician; an unreadable card is an outcome', async () => {
    sim.placeCard(RESIDENT_CARD);
    sim.setFault('samFailure');
    const error = await failure(reader.readCard());
    expect(error.reason).toBe('samFailure');
    expect(error.fields).toMatchObject({ result: 'samSelfTestFailed', code: '60' });
    expect(reader.lastStatus.sam).toBe('selfTestFailed');
    sim.setFault('unreadable');
    expect(await reader.readCard()).toEqual({
      outcome: 'unreadable',
      command: 'readText',
      result: 'readFailed',
    });
  });

  it('unplugged reader: offline within the timeout, reads again once plugged back', async () => {
    sim.placeCard(RESIDENT_CARD);
    await sim.unplug();
    const started = Date.now();
    const failed = await failure(reader.readCard());
    expect(failed.reason).toBe('offline');
    expect(Date.now() - started).toBeLessThan(500 * 6);
    expect(reader.lastStatus.device).toBe('offline');
    await sim.open();
    expect((await reader.readCard()).outcome).toBe('read');
  });
});
