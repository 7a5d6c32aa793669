import { afterEach, describe, expect, it } from 'vitest';
import { Exclusive } from '../../../devices/engine/exclusive.js';
import { deviceReason } from '../../../devices/engine/reason.js';
import { RequestEngine, eachByte } from '../../../devices/engine/request-engine.js';
import { Waitress, oneUnit, unitSequence } from '../../../devices/engine/waitress.js';
import type { ReplyMatcher } from '../../../devices/engine/waitress.js';
import type { ByteTransport } from '../../../devices/transport/byte-transport.js';
import { createInProcessTransportPair } from '../../../devices/transport/in-process.js';

const even: ReplyMatcher<number> = oneUnit((n: number) => n % 2 === 0);
const odd: ReplyMatcher<number> = oneUnit((n: number) => n % 2 === 1);

type Kind = 'even' | 'odd' | 'sequence';

function waitress(canOverlap?: (a: Kind, b: Kind) => boolean): Waitress<number, Kind> {
  return new Waitress<number, Kind>({ name: 'test device', ...(canOverlap ? { canOverlap } : {}) });
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Waitress: routing, timeouts, late replies', () => {
  it('delivers the first unit the matcher accepts; others are discarded', async () => {
    const w = waitress();
    const { answer } = w.waitFor('even', even, { timeoutMs: 1000 });
    expect(w.receive(3)).toBe('discarded');
    expect(w.receive(4)).toBe('answered');
    expect(await answer).toEqual({ ok: true, reply: 4 });
    expect(w.discardedCount).toBe(1);
    expect(w.waitingKinds).toEqual([]);
    // Nobody waits: a unit is discarded, not kept for a later request.
    expect(w.receive(6)).toBe('discarded');
    expect(w.discardedCount).toBe(2);
  });

  it('routes by kind: two kinds whose replies differ may wait together', async () => {
    const w = waitress((a, b) => a !== b);
    const evens = w.waitFor('even', even, { timeoutMs: 1000 });
    const odds = w.waitFor('odd', odd, { timeoutMs: 1000 });
    expect(w.waitingKinds).toEqual(['even', 'odd']);
    w.receive(7);
    w.receive(8);
    expect(await odds.answer).toEqual({ ok: true, reply: 7 });
    expect(await evens.answer).toEqual({ ok: true, reply: 8 });
  });

  it('refuses a second wait that cannot be told apart (a driver bug), and one of the same kind', () => {
    const strict = waitress();
    const first = strict.waitFor('even', even, { timeoutMs: 1000 });
    expect(() => strict.waitFor('odd', odd, { timeoutMs: 1000 })).toThrow(
      /test device: a odd request while a even answer is awaited/,
    );
    const overlapping = waitress((a, b) => a !== b);
    const second = overlapping.waitFor('even', even, { timeoutMs: 1000 });
    expect(() => overlapping.waitFor('even', even, { timeoutMs: 1000 })).toThrow(/awaited/);
    first.end('abandoned', deviceReason('device.replyAbandoned'));
    second.end('abandoned', deviceReason('device.replyAbandoned'));
  });

  it('times out with a reason, and the kind is free again', async () => {
    const w = waitress();
    const started = performance.now();
    const { answer } = w.waitFor('even', even, { timeoutMs: 30 });
    const result = await answer;
    expect(result).toMatchObject({ ok: false, failure: 'timeout' });
    // Why, as data (a catalogue event and its fields): no sentence is built in the engine.
    expect(result).toMatchObject({
      why: { event: 'device.replyTimedOut', fields: { timeoutMs: 30 } },
    });
    // Generous bound: the timeout fired, not some later event.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(w.waitingKinds).toEqual([]);
    const next = w.waitFor('even', even, { timeoutMs: 1000 });
    w.receive(2);
    expect(await next.answer).toEqual({ ok: true, reply: 2 });
  });

  it('a late reply to a timed-out request is never taken as the answer to the next one', async () => {
    const w = waitress();
    const first = w.waitFor('sequence', unitSequence([0x37, 0x25, 0x00]), {
      timeoutMs: 20,
      late: { match: unitSequence([0x37, 0x25, 0x00]) },
    });
    expect(await first.answer).toMatchObject({ ok: false, failure: 'timeout' });
    expect(w.lateFilterCount).toBe(1);
    // The next request's answer (0x00) would also complete the sequence's last unit.
    const next = w.waitFor('even', even, { timeoutMs: 1000 });
    expect([0x37, 0x25, 0x00].map((unit) => w.receive(unit))).toEqual(['late', 'late', 'late']);
    expect(w.lateFilterCount).toBe(0);
    expect(w.receive(0x00)).toBe('answered');
    expect(await next.answer).toEqual({ ok: true, reply: 0 });
  });

  it('an abandoned wait also leaves a late filter; an answered one does not', async () => {
    const w = waitress();
    const abort = new AbortController();
    const abandoned = w.waitFor('even', even, {
      timeoutMs: 1000,
      signal: abort.signal,
      late: { match: even },
    });
    abort.abort();
    expect(await abandoned.answer).toMatchObject({ ok: false, failure: 'abandoned' });
    expect(w.lateFilterCount).toBe(1);
    expect(w.receive(2)).toBe('late');

    const answered = w.waitFor('even', even, { timeoutMs: 1000, late: { match: even } });
    w.receive(4);
    await answered.answer;
    expect(w.lateFilterCount).toBe(0);
  });

  it('a late filter with forMs expires, and forgetLate drops every filter', async () => {
    const w = waitress();
    w.expectLate({ match: even, forMs: 20 });
    w.expectLate({ match: odd });
    expect(w.lateFilterCount).toBe(2);
    await tick(200);
    expect(w.lateFilterCount).toBe(1);
    w.forgetLate();
    expect(w.lateFilterCount).toBe(0);
    const next = w.waitFor('odd', odd, { timeoutMs: 1000 });
    expect(w.receive(1)).toBe('answered');
    await next.answer;
  });

  it('unitSequence: a broken sequence is not the answer, and may restart it', () => {
    const match = unitSequence([1, 2, 3]);
    expect([1, 2, 9].map(match)).toEqual(['more', 'more', 'no']);
    expect([1, 1, 2, 3].map(match)).toEqual(['more', 'more', 'more', 'yes']);
  });

  it('endAll ends every wait at once', async () => {
    const w = waitress((a, b) => a !== b);
    const a = w.waitFor('even', even, { timeoutMs: 60_000 });
    const b = w.waitFor('odd', odd, { timeoutMs: 60_000 });
    w.endAll('closed', deviceReason('device.portClosed'));
    expect(await a.answer).toMatchObject({ ok: false, failure: 'closed' });
    expect(await b.answer).toMatchObject({ ok: false, failure: 'closed' });
  });
});

describe('Exclusive: one command in flight', () => {
  it('runs tasks one after another, in order, past failures', async () => {
    const queue = new Exclusive();
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await tick(5);
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      queue.run(task('a')),
      queue.run(task('b', true)),
      queue.run(task('c')),
    ]);
    expect(queue.busy).toBe(false);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('is busy while a task runs or waits', async () => {
    const queue = new Exclusive();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = queue.run(() => gate);
    const waiting = queue.run(async () => 'second');
    expect(queue.busy).toBe(true);
    release();
    await running;
    expect(queue.busy).toBe(true);
    expect(await waiting).toBe('second');
    expect(queue.busy).toBe(false);
  });
});

/**
 * A framed protocol in the shape of the ID reader's (design.md §4.2), reduced: a frame is
 * AA len body…; the decoder yields whole frames and skips garbage. The engine must route frames
 * as well as bytes.
 */
function frameDecoder(): (chunk: Uint8Array) => Iterable<readonly number[]> {
  let buffer: number[] = [];
  return function* decode(chunk) {
    buffer.push(...chunk);
    for (;;) {
      const start = buffer.indexOf(0xaa);
      if (start < 0) {
        buffer = [];
        return;
      }
      buffer = buffer.slice(start);
      const length = buffer[1];
      if (length === undefined || buffer.length < 2 + length) return;
      yield buffer.slice(2, 2 + length);
      buffer = buffer.slice(2 + length);
    }
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function pair(): Promise<[ByteTransport, ByteTransport]> {
  const [host, device] = createInProcessTransportPair({ names: ['host', 'device'] });
  await host.open();
  await device.open();
  cleanups.push(async () => {
    await host.close();
    await device.close();
  });
  return [host, device];
}

describe('RequestEngine over the in-process pair', () => {
  it('exchanges framed requests: garbage is skipped, the reply routed to its request', async () => {
    const [host, device] = await pair();
    // The device answers every frame with garbage, then a frame echoing the body + 1. The pair
    // delivers a write in random chunks, as a serial line does: the device reads whole frames.
    const deviceDecode = frameDecoder();
    device.onData((chunk) => {
      for (const body of deviceDecode(chunk)) {
        void device.write(Uint8Array.of(0x00, 0x13, 0xaa, 2, (body[0] ?? 0) + 1, 0x90));
      }
    });
    const engine = new RequestEngine<readonly number[], 'status'>(host, {
      decode: frameDecoder(),
    });
    const reply = await engine.exclusive(() =>
      engine.exchange('status', Uint8Array.of(0xaa, 1, 0x41), () => 'yes', { timeoutMs: 1000 }),
    );
    expect(reply).toEqual({ ok: true, reply: [0x42, 0x90] });
  });

  it('a silent device: the exchange ends at its timeout; a late reply is swallowed', async () => {
    const [host, device] = await pair();
    const engine = new RequestEngine<number, 'status'>(host, { decode: eachByte });
    const first = await engine.exchange(
      'status',
      Uint8Array.of(1),
      oneUnit((b) => b === 0x81),
      {
        timeoutMs: 30,
        late: { match: oneUnit((b) => b === 0x81) },
      },
    );
    expect(first).toMatchObject({ ok: false, failure: 'timeout' });
    // The late answer arrives just before the next request's own answer.
    const next = engine.exchange(
      'status',
      Uint8Array.of(2),
      oneUnit((b) => b >= 0x80),
      {
        timeoutMs: 1000,
      },
    );
    await device.write(Uint8Array.of(0x81, 0x82));
    expect(await next).toEqual({ ok: true, reply: 0x82 });
    expect(engine.discardedCount).toBe(1);
  });

  it('the port closing ends a wait at once, and a failed write ends it too', async () => {
    const [host] = await pair();
    const engine = new RequestEngine<number, 'status'>(host, { decode: eachByte });
    const waiting = engine.exchange('status', Uint8Array.of(1), () => 'yes', {
      timeoutMs: 60_000,
    });
    await tick();
    await host.close();
    expect(await waiting).toMatchObject({ ok: false, failure: 'closed' });
    const refused = await engine.exchange('status', Uint8Array.of(1), () => 'yes', {
      timeoutMs: 60_000,
    });
    expect(refused).toMatchObject({ ok: false, failure: 'writeFailed' });
  });

  it('send bounds a write by a timeout', async () => {
    const [host] = await pair();
    const stuck: ByteTransport = Object.create(host, {
      write: { value: () => new Promise<void>(() => undefined) },
    }) as ByteTransport;
    const engine = new RequestEngine<number, 'status'>(stuck, { decode: eachByte });
    expect(await engine.send(Uint8Array.of(1, 2, 3), 30)).toMatchObject({ failure: 'timeout' });
    const ok = new RequestEngine<number, 'status'>(host, { decode: eachByte });
    expect(await ok.send(Uint8Array.of(1, 2, 3), 1000)).toBeUndefined();
  });

  it('detach stops routing', async () => {
    const [host, device] = await pair();
    const engine = new RequestEngine<number, 'status'>(host, { decode: eachByte });
    engine.detach();
    await device.write(Uint8Array.of(1));
    await tick(20);
    expect(engine.discardedCount).toBe(0);
  });
});
