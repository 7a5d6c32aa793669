/**
 * Bar code data as the virtual printer reads it from GS k: which system, and the characters the
 * symbol carries (what a scanner would return), so tests can assert a payload rather than bytes.
 */
import {
  BARCODE_FUNCTION_A,
  BarcodeSystem,
  CODE128_SHIFT,
  Code128Set,
} from '../printer/framing.js';
import type { BarcodeSymbology } from '../printer/framing.js';

const SYMBOLOGY_BY_M = new Map<number, BarcodeSymbology>(
  Object.entries(BarcodeSystem).map(([name, m]) => [m, name as BarcodeSymbology]),
);

/** The system GS k m selects: function A (m 0..6) or B (m 65..). */
export function barcodeSymbology(m: number): BarcodeSymbology | 'other' {
  return (m <= 6 ? BARCODE_FUNCTION_A[m] : SYMBOLOGY_BY_M.get(m)) ?? 'other';
}

/** The characters a bar code carries; CODE128's code set switches and function codes removed. */
export function barcodeData(symbology: BarcodeSymbology | 'other', bytes: Uint8Array): string {
  if (symbology !== 'CODE128') return Buffer.from(bytes).toString('latin1');
  let set: number = Code128Set.B;
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte === CODE128_SHIFT) {
      // '{' starts a set switch ({A {B {C}, a function code ({1..{4, {S: no character), or in
      // sets A and B a literal '{' ({{).
      const next = bytes[i + 1];
      i++;
      if (next === CODE128_SHIFT && set !== Code128Set.C) out += '{';
      else if (next === Code128Set.A || next === Code128Set.B || next === Code128Set.C) set = next;
      continue;
    }
    if (set === Code128Set.C) out += byte <= 99 ? String(byte).padStart(2, '0') : '';
    else out += String.fromCharCode(byte);
  }
  return out;
}
