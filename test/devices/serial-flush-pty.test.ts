/**
 * SerialTransport.flush() over a real pseudo-terminal pair (socat) and the real serialport
 * binding: bytes written but not yet sent must not reach the far end after a flush.
 */
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportError } from '../../devices/transport/byte-transport.js';
import { openPtyPair } from '../../devices/transport/pty.js';
import type { PtyPair } from '../../devices/transport/pty.js';
import { SerialTransport } from '../../devices/transport/serial-transport.js';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('serial transport flush over a socat pty pair', () => {
  let pair: PtyPair | undefined;
  let far: SerialPort | undefined;
  let near: SerialTransport | undefined;

  afterEach(async () => {
    await near?.close().catch(() => undefined);
    await new Promise<void>((resolve) => (far?.isOpen ? far.close(() => resolve()) : resolve()));
    await pair?.close();
  });

  it('a large write flushed while the far end does not read: only a bounded tail arrives', async () => {
    pair = await openPtyPair();
    // The far end as a plain stream with no reader: it reads ahead at most highWaterMark bytes,
    // then stops, so the line backs up as behind a printer that stopped reading.
    far = new SerialPort({ path: pair.a, baudRate: 9600, autoOpen: false, highWaterMark: 1024 });
    await new Promise<void>((resolve, reject) =>
      far?.open((error) => (error ? reject(error) : resolve())),
    );
    near = new SerialTransport({ path: pair.b, baudRate: 9600 });
    await near.open();

    const total = 2_000_000;
    const write = near.write(new Uint8Array(total).fill(0x41));
    const outcome = write.then(
      () => 'sent',
      (error: unknown) => error,
    );
    await pause(300); // every buffer on the way fills up
    await near.flush();
    const error = await outcome;
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'flushed' });
    expect((error as TransportError).message).toMatch(/discarded/);

    let arrived = 0;
    far.on('data', (chunk: Buffer) => {
      arrived += chunk.length;
    });
    for (let last = -1; last !== arrived;) {
      last = arrived;
      await pause(300);
    }
    // Measured ~24 KB (socat and pty buffers, the peer's read-ahead, the chunk in flight);
    // before the fix nearly all 2 MB arrived.
    expect(arrived).toBeLessThan(64 * 1024);

    // The line still works afterwards, in order.
    const got: number[] = [];
    far.on('data', (chunk: Buffer) => got.push(...chunk));
    await near.write(Uint8Array.of(1, 2, 3));
    await pause(100);
    expect(got).toEqual([1, 2, 3]);
  });
});
