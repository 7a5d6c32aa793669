/**
 * The bar patterns the PNG preview draws (devices/sim/barcode-bars.ts): the CODE128 table's
 * shape, check characters, and EAN/UPC structure.
 */
import { describe, expect, it } from 'vitest';
import {
  barcodeModules,
  code128Modules,
  ean13Modules,
  ean8Modules,
  eanCheckDigit,
} from '../../../devices/sim/barcode-bars.js';

describe('CODE128', () => {
  it('start, one symbol per character (set B) or digit pair (set C), check, stop', () => {
    // 11 modules per symbol, 13 for the stop.
    expect(code128Modules('S-0190E8A2')).toHaveLength(11 * (1 + 10 + 1) + 13);
    expect(code128Modules('123456')).toHaveLength(11 * (1 + 3 + 1) + 13);
    // Start B (211214) and the stop (2331112) with its final bar.
    expect(code128Modules('A')!.startsWith('11010010000')).toBe(true);
    expect(code128Modules('A')!.endsWith('1100011101011')).toBe(true);
    // "A" in set B is value 33: check = (104 + 33) mod 103 = 34, pattern 131123.
    expect(code128Modules('A')!.slice(22, 33)).toBe('10001011000');
  });

  it('refuses what it cannot encode', () => {
    expect(code128Modules('')).toBeUndefined();
    expect(code128Modules('中文')).toBeUndefined();
  });
});

describe('EAN / UPC', () => {
  it('check digits: 400638133393 → 1, 9638507 → 4', () => {
    expect(eanCheckDigit('400638133393')).toBe(1);
    expect(eanCheckDigit('9638507')).toBe(4);
  });

  it('EAN-13 is 95 modules with guards; a wrong check digit is refused', () => {
    const modules = ean13Modules('4006381333931')!;
    expect(modules).toHaveLength(95);
    expect(modules.slice(0, 3)).toBe('101');
    expect(modules.slice(45, 50)).toBe('01010');
    expect(modules.slice(92)).toBe('101');
    expect(ean13Modules('400638133393')).toBe(modules);
    expect(ean13Modules('4006381333932')).toBeUndefined();
  });

  it('EAN-8 is 67 modules; UPC-A is EAN-13 with a leading zero', () => {
    expect(ean8Modules('96385074')).toHaveLength(67);
    expect(barcodeModules('UPC_A', '03600029145')).toBe(ean13Modules('003600029145'));
    expect(barcodeModules('CODE39', 'ABC')).toBeUndefined();
  });
});
