import { describe, expect, it } from 'vitest';
import { escpos } from '../../../devices/printer/escpos.js';
import { paperSensorRequest, realtimeStatusRequest } from '../../../devices/printer/status.js';
import { renderTicketJob } from '../../../devices/printer/ticket.js';
import { hex } from './hex.js';

const bytes = (build: (b: ReturnType<typeof escpos>) => unknown): string => {
  const builder = escpos();
  build(builder);
  return hex(builder.build());
};

describe('ESC/POS encoder: golden bytes (design.md §4.1)', () => {
  it('initialise', () => {
    expect(bytes((b) => b.initialize())).toBe('1B 40');
  });

  it('Chinese double-byte mode on and off', () => {
    expect(bytes((b) => b.chineseMode(true))).toBe('1C 26');
    expect(bytes((b) => b.chineseMode(false))).toBe('1C 2E');
  });

  it('encodes Chinese text as GB18030, ASCII as itself', () => {
    expect(bytes((b) => b.text('个人业务'))).toBe('B8 F6 C8 CB D2 B5 CE F1');
    expect(bytes((b) => b.text('A023'))).toBe('41 30 32 33');
  });

  it('encodes a 4-byte GB18030 character (U+20000), which gbk would lose', () => {
    expect(bytes((b) => b.text('𠀀'))).toBe('95 32 82 36');
  });

  it('line = text + LF; lf(n) repeats LF', () => {
    expect(bytes((b) => b.line('OK'))).toBe('4F 4B 0A');
    expect(bytes((b) => b.lf())).toBe('0A');
    expect(bytes((b) => b.lf(3))).toBe('0A 0A 0A');
  });

  it('rejects control characters in text, which the printer would execute', () => {
    expect(() => escpos().text('A\u001bB')).toThrow(/U\+001B at index 1/);
    expect(() => escpos().text('line\n')).toThrow(RangeError);
  });

  it('character size n = (w−1)·16 + (h−1)', () => {
    expect(bytes((b) => b.size(1, 1))).toBe('1D 21 00');
    expect(bytes((b) => b.size(2, 2))).toBe('1D 21 11');
    expect(bytes((b) => b.size(4, 4))).toBe('1D 21 33');
    expect(bytes((b) => b.size(2, 1))).toBe('1D 21 10');
    expect(bytes((b) => b.size(1, 3))).toBe('1D 21 02');
    expect(bytes((b) => b.size(8, 8))).toBe('1D 21 77');
  });

  it('character size factors outside 1..8 are a RangeError', () => {
    for (const [w, h] of [
      [0, 1],
      [1, 0],
      [9, 1],
      [1, 9],
      [1.5, 1],
      [Number.NaN, 1],
    ] as const) {
      expect(() => escpos().size(w, h)).toThrow(RangeError);
    }
  });

  it('alignment', () => {
    expect(bytes((b) => b.align('left'))).toBe('1B 61 00');
    expect(bytes((b) => b.align('center'))).toBe('1B 61 01');
    expect(bytes((b) => b.align('right'))).toBe('1B 61 02');
  });

  it('emphasis', () => {
    expect(bytes((b) => b.bold(true))).toBe('1B 45 01');
    expect(bytes((b) => b.bold(false))).toBe('1B 45 00');
  });

  it('QR model 2, module size, error level, print', () => {
    expect(bytes((b) => b.qrModel2())).toBe('1D 28 6B 04 00 31 41 32 00');
    expect(bytes((b) => b.qrModuleSize(6))).toBe('1D 28 6B 03 00 31 43 06');
    expect(bytes((b) => b.qrErrorLevel('L'))).toBe('1D 28 6B 03 00 31 45 30');
    expect(bytes((b) => b.qrErrorLevel('M'))).toBe('1D 28 6B 03 00 31 45 31');
    expect(bytes((b) => b.qrErrorLevel('Q'))).toBe('1D 28 6B 03 00 31 45 32');
    expect(bytes((b) => b.qrErrorLevel('H'))).toBe('1D 28 6B 03 00 31 45 33');
    expect(bytes((b) => b.qrPrint())).toBe('1D 28 6B 03 00 31 51 30');
    expect(() => escpos().qrModuleSize(0)).toThrow(RangeError);
    expect(() => escpos().qrModuleSize(17)).toThrow(RangeError);
  });

  it('QR store: pL pH = len + 3, little-endian', () => {
    expect(bytes((b) => b.qrStore('ABC'))).toBe('1D 28 6B 06 00 31 50 30 41 42 43');
    const long = 'x'.repeat(300); // 303 = 0x012F
    const stored = escpos().qrStore(long).build();
    expect(hex(stored.subarray(0, 8))).toBe('1D 28 6B 2F 01 31 50 30');
    expect(stored.length).toBe(8 + 300);
  });

  it('QR store counts UTF-8 bytes, not characters', () => {
    // 业 is 3 bytes in UTF-8: 3 + 3 = 6.
    expect(bytes((b) => b.qrStore('业'))).toBe('1D 28 6B 06 00 31 50 30 E4 B8 9A');
  });

  it('QR store accepts 1..7089 bytes', () => {
    expect(() => escpos().qrStore('')).toThrow(RangeError);
    expect(() => escpos().qrStore('x'.repeat(7090))).toThrow(/1\.\.7089/);
    const max = escpos().qrStore('x'.repeat(7089)).build();
    expect(hex(max.subarray(3, 5))).toBe('B4 1B'); // 7092 = 0x1BB4
  });

  it('qrCode = model, size, level, store, print', () => {
    expect(bytes((b) => b.qrCode('Q', { moduleSize: 4, errorLevel: 'H' }))).toBe(
      [
        '1D 28 6B 04 00 31 41 32 00',
        '1D 28 6B 03 00 31 43 04',
        '1D 28 6B 03 00 31 45 33',
        '1D 28 6B 04 00 31 50 30 51',
        '1D 28 6B 03 00 31 51 30',
      ].join(' '),
    );
  });

  it('cuts', () => {
    expect(bytes((b) => b.cut('full'))).toBe('1D 56 00');
    expect(bytes((b) => b.cut('partial'))).toBe('1D 56 01');
    expect(bytes((b) => b.feedAndCut(3))).toBe('1D 56 42 03');
    expect(bytes((b) => b.feedAndCut(0, 'full'))).toBe('1D 56 41 00');
    expect(() => escpos().feedAndCut(256)).toThrow(RangeError);
  });

  it('status requests', () => {
    expect(hex(realtimeStatusRequest(1))).toBe('10 04 01');
    expect(hex(realtimeStatusRequest(4))).toBe('10 04 04');
    expect(hex(paperSensorRequest())).toBe('1D 72 01');
  });

  it('chains commands in order', () => {
    expect(bytes((b) => b.initialize().align('center').bold(true).line('A').cut())).toBe(
      '1B 40 1B 61 01 1B 45 01 41 0A 1D 56 00',
    );
  });
});

describe('renderTicketJob', () => {
  const layout = {
    branchName: 'XX银行',
    businessTypeName: '个人业务',
    number: 'A023',
    waitingAheadText: '前面 5 人',
    issuedAtText: '09:30',
    qrPayload: 'https://q.example/t/1',
    footerLines: ['谢谢', 'Thanks'],
  };

  it('golden bytes for a whole ticket', () => {
    const gb = (text: string): string => bytes((b) => b.text(text));
    const qr = bytes((b) => b.qrCode(layout.qrPayload, { moduleSize: 6, errorLevel: 'M' }));
    expect(hex(renderTicketJob(layout))).toBe(
      [
        '1B 40 1C 26 1B 61 01', // init, Chinese mode, centre
        `1D 21 00 1B 45 01 ${gb('XX银行')} 0A 1B 45 00`, // branch, bold
        `1D 21 11 ${gb('个人业务')} 0A`, // business type 2×2
        '1D 21 00 0A',
        `1D 21 33 1B 45 01 ${gb('A023')} 0A 1B 45 00`, // number 4×4 bold
        '1D 21 00 0A',
        `${gb('前面 5 人')} 0A`,
        `${gb('09:30')} 0A`,
        `${qr} 0A`,
        `${gb('谢谢')} 0A ${gb('Thanks')} 0A`,
        '1C 2E 1B 61 00 1D 56 42 03', // Chinese off, left, feed and partial cut
      ].join(' '),
    );
  });

  it('replaces control characters in caller texts instead of sending them as commands', () => {
    const job = renderTicketJob({ ...layout, footerLines: ['a\u001dV\u0000b'] });
    expect(hex(job)).toContain(bytes((b) => b.text('a V b')));
  });

  it('omits the QR code when there is no payload', () => {
    expect(hex(renderTicketJob({ ...layout, qrPayload: '' }))).not.toContain('1D 28 6B');
  });
});
