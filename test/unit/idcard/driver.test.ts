/**
 * The ID-card reader driver against the virtual reader over the in-process pair (random chunk
 * sizes): reads of every card type, SAM commands, and every fault the simulator injects.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdCardError, IdCardReader, wipeCardRead } from '../../../devices/idcard/driver.js';
import {
  FOREIGNER_2023_CARD,
  FOREIGNER_CARD,
  LONG_TERM_CARD,
  RESIDENCE_PERMIT_CARD,
  RESIDENT_CARD,
} from '../../../devices/sim/virtual-id-reader-cards.js';
import { VirtualIdReader } from '../../../devices/sim/virtual-id-reader.js';
import { createInProcessTransportPair } from '../../../devices/transport/in-process.js';

let reader: IdCardReader;
let sim: VirtualIdReader;

beforeEach(async () => {
  const [host, device] = createInProcessTransportPair({
    names: ['kiosk', 'virtual ID reader'],
    maxChunkSize: 97,
  });
  sim = new VirtualIdReader(device, { splitPauseMs: 1 });
  reader = new IdCardReader(host, { commandTimeoutMs: 150, readTimeoutMs: 300 });
  await sim.open();
  await reader.open();
});

afterEach(async () => {
  await reader.close();
  await sim.close();
});

async function failure(promise: Promise<unknown>): Promise<IdCardError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdCardError);
  return error as IdCardError;
}

describe('ID card reader driver (in-process)', () => {
  it('reads a resident card: find → select → read, the photo kept as opaque bytes', async () => {
    sim.placeCard(RESIDENT_CARD);
    const outcome = await reader.readCard();
    expect(sim.commands()).toEqual(['findCard', 'selectCard', 'readText']);
    expect(outcome.outcome).toBe('read');
    if (outcome.outcome !== 'read') return;
    expect(outcome.card.identity).toMatchObject({
      ok: true,
      identity: { cardType: 'residentId', name: '王𠀀', idNumber: '110101199003077870' },
    });
    expect(outcome.card.photo).toEqual(RESIDENT_CARD.photo);
    expect(outcome.card.fingerprint).toBeUndefined();
    expect(reader.lastStatus).toEqual({ device: 'online', media: 'read', sam: 'ok' });
    wipeCardRead(outcome.card);
    expect(outcome.card.photo.every((b) => b === 0)).toBe(true);
  });

  it('reads fingerprints with 30 10', async () => {
    sim.placeCard(RESIDENT_CARD);
    const outcome = await reader.readCard({ fingerprint: true });
    expect(sim.commands()).toEqual(['findCard', 'selectCard', 'readTextFingerprint']);
    expect(outcome.outcome === 'read' && outcome.card.fingerprint).toEqual(
      RESIDENT_CARD.fingerprint,
    );
  });

  it('reads every card type: three parsed, the 2023 foreigner card unsupported', async () => {
    const types: unknown[] = [];
    for (const card of [
      LONG_TERM_CARD,
      RESIDENCE_PERMIT_CARD,
      FOREIGNER_CARD,
      FOREIGNER_2023_CARD,
    ]) {
      sim.placeCard(card);
      const outcome = await reader.readCard();
      if (outcome.outcome !== 'read') throw new Error(`not read: ${card.label}`);
      const parsed = outcome.card.identity;
      types.push(parsed.ok ? parsed.identity.cardType : parsed.problem);
    }
    expect(types).toEqual([
      'residentId',
      'residencePermit',
      'foreignPermanentResidence',
      'unsupportedCardType',
    ]);
  });

  it('no card: readCard says so after find card, and findCard is false', async () => {
    expect(await reader.readCard()).toEqual({ outcome: 'noCard' });
    expect(sim.commands()).toEqual(['findCard']);
    expect(await reader.findCard()).toBe(false);
    expect(reader.lastStatus.media).toBe('noCard');
  });

  it('an unreadable card is an outcome, not an error', async () => {
    sim.placeCard(RESIDENT_CARD);
    sim.setFault('unreadable');
    expect(await reader.readCard()).toEqual({
      outcome: 'unreadable',
      command: 'readText',
      result: 'readFailed',
    });
    expect(reader.lastStatus.media).toBe('unreadable');
  });

  it('SAM commands: status, reset and id', async () => {
    expect(await reader.samStatus()).toBe('ok');
    expect(await reader.resetSam()).toBe('ok');
    expect(await reader.samId()).toBe('05000100201503101234567' + '89ABCDEF0');
    expect(sim.commands()).toEqual(['samStatus', 'resetSam', 'samId']);
  });

  it('a failed SAM: samStatus reports it, a read throws samFailure for the technician', async () => {
    sim.setFault('samFailure');
    expect(await reader.samStatus()).toBe('selfTestFailed');
    sim.placeCard(RESIDENT_CARD);
    const error = await failure(reader.readCard());
    expect(error.reason).toBe('samFailure');
    expect(error.event).toBe('idcard.samFailure');
    expect(error.fields).toMatchObject({
      command: 'findCard',
      result: 'samSelfTestFailed',
      code: '60',
    });
    expect(reader.lastStatus).toMatchObject({ device: 'hardwareError', sam: 'selfTestFailed' });
    sim.setFault('samNotAuthorized');
    expect(await reader.samStatus()).toBe('notAuthorized');
    sim.setFault(undefined);
    expect(await reader.samStatus()).toBe('ok');
    expect(reader.lastStatus).toMatchObject({ device: 'online', sam: 'ok' });
  });

  it('split answers and garbage before answers still read', async () => {
    sim.placeCard(RESIDENT_CARD);
    for (const fault of ['splitFrames', 'garbage'] as const) {
      sim.setFault(fault);
      const outcome = await reader.readCard();
      expect(outcome.outcome).toBe('read');
    }
  });

  it('bad checksums: corruptReply after the timeout, never a made-up answer', async () => {
    sim.placeCard(RESIDENT_CARD);
    sim.setFault('badChecksum');
    const error = await failure(reader.readCard());
    expect(error.reason).toBe('corruptReply');
    expect(error.fields).toMatchObject({ command: 'findCard', rejection: 'badChecksum' });
    expect(error.message).toContain('wrong checksum');
    sim.setFault(undefined);
    expect((await reader.readCard()).outcome).toBe('read');
  });

  it('silence: offline within the timeout; the late answer is not taken for the next one', async () => {
    sim.setFault('silence');
    const started = Date.now();
    const error = await failure(reader.findCard());
    expect(Date.now() - started).toBeLessThan(150 * 10);
    expect(error.reason).toBe('offline');
    expect(error.event).toBe('idcard.offline');
    expect(reader.lastStatus.device).toBe('offline');
    sim.setFault(undefined);
    sim.placeCard(RESIDENT_CARD);
    expect(await reader.findCard()).toBe(true);
    expect(reader.lastStatus.device).toBe('online');
  });

  it('unplugged: offline, then reads again once plugged back', async () => {
    sim.placeCard(RESIDENT_CARD);
    await sim.unplug();
    expect((await failure(reader.readCard())).reason).toBe('offline');
    await sim.open();
    expect((await reader.readCard()).outcome).toBe('read');
  });

  it('one command in flight: concurrent calls run in order', async () => {
    sim.placeCard(RESIDENT_CARD);
    const [a, b, c] = await Promise.all([reader.samStatus(), reader.readCard(), reader.findCard()]);
    expect([a, b.outcome, c]).toEqual(['ok', 'read', true]);
    expect(sim.commands()).toEqual(['samStatus', 'findCard', 'selectCard', 'readText', 'findCard']);
  });
});
