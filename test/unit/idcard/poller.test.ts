/**
 * The ID-card polling loop against the virtual reader (in-process): a card placed is read once,
 * a card left on the reader is reported once as still present and never read again, removal is
 * reported, failures are reported once; logs name the card type, never the holder.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdCardReader } from '../../../devices/idcard/driver.js';
import { IdCardPoller } from '../../../devices/idcard/poller.js';
import type { IdCardEvent } from '../../../devices/idcard/poller.js';
import { RESIDENT_CARD } from '../../../devices/sim/virtual-id-reader-cards.js';
import { VirtualIdReader } from '../../../devices/sim/virtual-id-reader.js';
import { createInProcessTransportPair } from '../../../devices/transport/in-process.js';
import { createMemoryLog } from '../../../src/log/index.js';
import type { MemoryLog } from '../../../src/log/index.js';

let sim: VirtualIdReader;
let reader: IdCardReader;
let poller: IdCardPoller;
let log: MemoryLog;
let events: IdCardEvent[];

/** Resolves when `count` events of `type` have been seen in all. */
function seen(type: IdCardEvent['type'], count = 1): Promise<void> {
  return new Promise((resolve) => {
    const check = (): boolean => events.filter((e) => e.type === type).length >= count;
    if (check()) return resolve();
    const stop = poller.onEvent(() => {
      if (check()) {
        stop();
        resolve();
      }
    });
  });
}

/** Resolves after the reader has answered `count` more find card commands. */
async function polls(count: number): Promise<void> {
  const target = sim.commands().filter((c) => c === 'findCard').length + count;
  while (sim.commands().filter((c) => c === 'findCard').length < target) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

beforeEach(async () => {
  const [host, device] = createInProcessTransportPair({ maxChunkSize: 200 });
  sim = new VirtualIdReader(device);
  reader = new IdCardReader(host, { commandTimeoutMs: 100, readTimeoutMs: 200, settleMs: 50 });
  log = createMemoryLog();
  poller = new IdCardPoller(reader, { intervalMs: 10, removedAfterMisses: 2, logger: log.logger });
  events = [];
  poller.onEvent((event) => events.push(event));
  await sim.open();
  await reader.open();
});

afterEach(async () => {
  await poller.stop();
  await reader.close();
  await sim.close();
});

describe('ID card polling loop', () => {
  it('inserted → read → still present (once, no second read) → removed → a new read', async () => {
    poller.start();
    await polls(2);
    expect(events).toEqual([]);
    sim.placeCard(RESIDENT_CARD);
    await seen('read');
    await seen('stillPresent');
    await polls(5);
    expect(events.map((e) => e.type)).toEqual(['inserted', 'read', 'stillPresent']);
    expect(sim.commands().filter((c) => c === 'readText')).toHaveLength(1);
    expect(reader.lastStatus.media).toBe('read');

    sim.removeCard();
    await seen('removed');
    sim.placeCard(RESIDENT_CARD);
    await seen('read', 2);
    expect(events.map((e) => e.type)).toEqual([
      'inserted',
      'read',
      'stillPresent',
      'removed',
      'inserted',
      'read',
    ]);
    expect(sim.commands().filter((c) => c === 'readText')).toHaveLength(2);
  });

  it('logs the card type and never the identity', async () => {
    poller.start();
    sim.placeCard(RESIDENT_CARD);
    await seen('stillPresent');
    expect(log.named('idcard.cardRead')).toEqual([
      expect.objectContaining({ cardType: 'residentId', level: 'info' }),
    ]);
    expect(log.named('idcard.cardInserted')).toHaveLength(1);
    expect(log.named('idcard.cardLeft')).toHaveLength(1);
    const all = JSON.stringify(log.events());
    expect(all).not.toContain('110101199003077870');
    expect(all).not.toContain('王');
    expect(all).not.toContain('景山');
  });

  it('an unreadable card is reported once and not retried while it stays', async () => {
    sim.setFault('unreadable');
    sim.placeCard(RESIDENT_CARD);
    poller.start();
    await seen('unreadable');
    await polls(4);
    expect(events.map((e) => e.type)).toEqual(['inserted', 'unreadable', 'stillPresent']);
    expect(events[1]).toEqual({ type: 'unreadable', command: 'readText', result: 'readFailed' });
    expect(log.named('idcard.cardUnreadable')).toHaveLength(1);
  });

  it('a one-poll miss does not count as removal', async () => {
    const strict = new IdCardPoller(reader, { intervalMs: 10, removedAfterMisses: 3 });
    const seenTypes: string[] = [];
    strict.onEvent((e) => seenTypes.push(e.type));
    sim.placeCard(RESIDENT_CARD);
    strict.start();
    while (!seenTypes.includes('stillPresent')) await polls(1);
    sim.removeCard();
    await polls(1);
    sim.placeCard(RESIDENT_CARD);
    await polls(4);
    await strict.stop();
    expect(seenTypes).toEqual(['inserted', 'read', 'stillPresent']);
  });

  it('a silent reader is reported failed once, and polling recovers', async () => {
    sim.setFault('silence');
    poller.start();
    await seen('failed');
    await polls(2);
    expect(events.filter((e) => e.type === 'failed')).toHaveLength(1);
    const failed = events[0];
    expect(failed?.type === 'failed' && failed.error.reason).toBe('offline');
    expect(log.named('idcard.offline')).toHaveLength(1);
    sim.setFault(undefined);
    sim.placeCard(RESIDENT_CARD);
    await seen('read');
  });
});
