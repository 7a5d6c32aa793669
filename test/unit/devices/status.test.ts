import { describe, expect, it } from 'vitest';
import {
  CLEAR_RESPONSE,
  OFFLINE_STATUS,
  clearJobRequests,
  collapsePrinterStatus,
  isPaperSensorByte,
  isRealtimeStatusByte,
} from '../../../devices/printer/status.js';
import { hex } from './hex.js';

// All clear: fixed bits 1 and 4 set, nothing else (design.md §4.1).
const OK = 0x12;
const allClear = { printer: OK, offlineCause: OK, error: OK, paperRoll: OK };

describe('collapsePrinterStatus: ESC/POS bits → CEN/XFS states', () => {
  it('all clear is online with full paper', () => {
    expect(collapsePrinterStatus(allClear)).toEqual({
      device: 'online',
      paper: 'full',
      coverOpen: false,
      cutterError: false,
    });
  });

  it('no answer to DLE EOT 1 is offline, paper unknown', () => {
    expect(collapsePrinterStatus({})).toEqual(OFFLINE_STATUS);
    expect(collapsePrinterStatus({ paperRoll: OK })).toEqual(OFFLINE_STATUS);
  });

  it('n=1 bit 3: offline', () => {
    expect(collapsePrinterStatus({ ...allClear, printer: OK | 0x08 }).device).toBe('offline');
  });

  it('n=2 bit 2: cover open is a user error', () => {
    expect(
      collapsePrinterStatus({ ...allClear, printer: OK | 0x08, offlineCause: OK | 0x04 }),
    ).toEqual({ device: 'userError', paper: 'full', coverOpen: true, cutterError: false });
  });

  it('n=2 bit 5: stopped by paper end is paper out', () => {
    const status = collapsePrinterStatus({ ...allClear, offlineCause: OK | 0x20 });
    expect(status.paper).toBe('out');
    expect(status.device).toBe('userError');
  });

  it('n=2 bit 6 without a known cause is a hardware error', () => {
    expect(collapsePrinterStatus({ ...allClear, offlineCause: OK | 0x40 }).device).toBe(
      'hardwareError',
    );
  });

  it('n=3 bit 3: cutter error', () => {
    expect(collapsePrinterStatus({ ...allClear, error: OK | 0x08 })).toEqual({
      device: 'hardwareError',
      paper: 'full',
      coverOpen: false,
      cutterError: true,
    });
  });

  it('n=3 bit 5: unrecoverable error', () => {
    expect(collapsePrinterStatus({ ...allClear, error: OK | 0x20 })).toEqual({
      device: 'hardwareError',
      paper: 'full',
      coverOpen: false,
      cutterError: false,
    });
  });

  it('n=3 bit 6: auto-recoverable error is busy', () => {
    expect(collapsePrinterStatus({ ...allClear, error: OK | 0x40 }).device).toBe('busy');
  });

  it('n=4 bits 2+3: paper near end is low (either bit)', () => {
    for (const bits of [0x0c, 0x04, 0x08]) {
      const status = collapsePrinterStatus({ ...allClear, paperRoll: OK | bits });
      expect(status).toEqual({
        device: 'online',
        paper: 'low',
        coverOpen: false,
        cutterError: false,
      });
    }
  });

  it('n=4 bits 5+6: paper end is out (either bit), and wins over near end', () => {
    for (const bits of [0x60, 0x20, 0x40, 0x6c]) {
      const status = collapsePrinterStatus({ ...allClear, paperRoll: OK | bits });
      expect(status.paper).toBe('out');
      expect(status.device).toBe('userError');
    }
  });

  it('GS r 1: bits 0+1 near end, bits 2+3 end', () => {
    const base = { printer: OK, offlineCause: OK, error: OK };
    expect(collapsePrinterStatus({ ...base, paperSensor: 0x00 }).paper).toBe('full');
    expect(collapsePrinterStatus({ ...base, paperSensor: 0x03 }).paper).toBe('low');
    expect(collapsePrinterStatus({ ...base, paperSensor: 0x0c }).paper).toBe('out');
    expect(collapsePrinterStatus({ ...allClear, paperSensor: 0x0f }).paper).toBe('out');
  });

  it('paper is unknown when neither paper sensor answered', () => {
    expect(collapsePrinterStatus({ printer: OK, offlineCause: OK }).paper).toBe('unknown');
  });

  it('hardware error outranks a user error', () => {
    const status = collapsePrinterStatus({
      printer: OK | 0x08,
      offlineCause: OK | 0x04 | 0x40,
      error: OK | 0x08,
      paperRoll: OK | 0x60,
    });
    expect(status).toEqual({
      device: 'hardwareError',
      paper: 'out',
      coverOpen: true,
      cutterError: true,
    });
  });

  it('rejects bytes whose fixed bits are wrong: they are not status bytes', () => {
    for (const bad of [0x00, 0x10, 0x02, 0x13, 0x11, 0x92, 0xff, 0x1b, 0x0a]) {
      expect(isRealtimeStatusByte(bad)).toBe(false);
      expect(() => collapsePrinterStatus({ ...allClear, printer: bad })).toThrow(RangeError);
      expect(() => collapsePrinterStatus({ ...allClear, error: bad })).toThrow(
        /not a DLE EOT status byte/,
      );
    }
    for (const bad of [-1, 256, 1.5]) {
      expect(isRealtimeStatusByte(bad)).toBe(false);
    }
  });

  it('rejects GS r replies with bit 4 or 7 set', () => {
    for (const bad of [0x10, 0x12, 0x80, 0xff]) {
      expect(isPaperSensorByte(bad)).toBe(false);
      expect(() => collapsePrinterStatus({ ...allClear, paperSensor: bad })).toThrow(RangeError);
    }
    expect(isPaperSensorByte(0x0f)).toBe(true);
  });

  it('accepts every byte with the right fixed bits, and only those', () => {
    for (let byte = 0; byte < 256; byte++) {
      expect(isRealtimeStatusByte(byte)).toBe((byte & 0x93) === 0x12);
    }
  });
});

describe('clearing a failed job (Epson ESC/POS reference bytes)', () => {
  it('is DLE ENQ 2, then DLE DC4 fn=8 with its fixed d1..d7', () => {
    expect(hex(clearJobRequests())).toBe('10 05 02 10 14 08 01 03 14 01 06 02 08');
  });

  it('is confirmed by the Clear response 37 25 00, whose first byte is no status reply', () => {
    expect(hex(Uint8Array.from(CLEAR_RESPONSE))).toBe('37 25 00');
    // 0x37 is neither a DLE EOT nor a GS r 1 reply, so the response cannot start as one.
    expect(isRealtimeStatusByte(0x37)).toBe(false);
    expect(isPaperSensorByte(0x37)).toBe(false);
  });
});
