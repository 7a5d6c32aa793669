/**
 * The bars of a printed bar code, for the virtual printer's PNG preview (receipt-html.ts): the
 * module pattern a printer draws for the data the parser decoded. CODE128 and the EAN/UPC family
 * are drawn; other systems have no pattern here and the preview says so instead of inventing
 * bars. Tables: ISO/IEC 15417 (CODE128) and ISO/IEC 15420 (EAN/UPC), as every encoder has them.
 */
import type { BarcodeSymbology } from '../printer/framing.js';

/** CODE128 symbol values 0..106 as bar/space widths (106 = stop, 13 modules). */
const CODE128_WIDTHS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
]; // prettier-ignore

const START_B = 104;
const START_C = 105;
const STOP = 106;

/** EAN/UPC left-hand odd-parity (L) codes of the digits 0..9; R = L inverted, G = R reversed. */
const EAN_L = [
  '0001101', '0011001', '0010011', '0111101', '0100011',
  '0110001', '0101111', '0111011', '0110111', '0001011',
]; // prettier-ignore
/** The parities of EAN-13's left six digits, chosen by its first digit (L = odd, G = even). */
const EAN13_PARITY = [
  'LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG',
  'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL',
]; // prettier-ignore

/** Widths (bar first) as a module string, 1 = bar. */
function widthsToModules(widths: string): string {
  let out = '';
  [...widths].forEach((w, i) => (out += (i % 2 === 0 ? '1' : '0').repeat(Number(w))));
  return out;
}

/** CODE128 modules for printable ASCII: set C for an even run of digits, else set B. */
export function code128Modules(data: string): string | undefined {
  if (data === '' || [...data].some((c) => c < ' ' || c > '~')) return undefined;
  const digitsOnly = /^\d+$/.test(data) && data.length % 2 === 0;
  const values = digitsOnly
    ? [START_C, ...(data.match(/\d\d/g) ?? []).map(Number)]
    : [START_B, ...[...data].map((c) => c.charCodeAt(0) - 32)];
  const checksum = values.reduce((sum, value, i) => sum + value * Math.max(1, i), 0) % 103;
  return [...values, checksum, STOP].map((v) => widthsToModules(CODE128_WIDTHS[v]!)).join('');
}

/** The EAN/UPC check digit of the digits before it (weights 3 and 1 from the right). */
export function eanCheckDigit(digits: string): number {
  let sum = 0;
  [...digits].reverse().forEach((d, i) => (sum += Number(d) * (i % 2 === 0 ? 3 : 1)));
  return (10 - (sum % 10)) % 10;
}

const invert = (bits: string): string => [...bits].map((b) => (b === '1' ? '0' : '1')).join('');
const reverse = (bits: string): string => [...bits].reverse().join('');

/** EAN-13 modules for 12 digits (check added) or 13 (check verified). */
export function ean13Modules(data: string): string | undefined {
  if (!/^\d{12,13}$/.test(data)) return undefined;
  const body = data.slice(0, 12);
  const full = body + String(eanCheckDigit(body));
  if (data.length === 13 && data !== full) return undefined;
  const parity = EAN13_PARITY[Number(full[0])]!;
  const left = [...full.slice(1, 7)]
    .map((d, i) => (parity[i] === 'L' ? EAN_L[Number(d)]! : reverse(invert(EAN_L[Number(d)]!))))
    .join('');
  const right = [...full.slice(7)].map((d) => invert(EAN_L[Number(d)]!)).join('');
  return `101${left}01010${right}101`;
}

/** EAN-8 modules for 7 digits (check added) or 8 (check verified). */
export function ean8Modules(data: string): string | undefined {
  if (!/^\d{7,8}$/.test(data)) return undefined;
  const body = data.slice(0, 7);
  const full = body + String(eanCheckDigit(body));
  if (data.length === 8 && data !== full) return undefined;
  const left = [...full.slice(0, 4)].map((d) => EAN_L[Number(d)]!).join('');
  const right = [...full.slice(4)].map((d) => invert(EAN_L[Number(d)]!)).join('');
  return `101${left}01010${right}101`;
}

/** The modules of a bar code (1 = bar), or undefined when this preview cannot draw it. */
export function barcodeModules(
  symbology: BarcodeSymbology | 'other',
  data: string,
): string | undefined {
  switch (symbology) {
    case 'CODE128':
      return code128Modules(data);
    case 'EAN13':
      return ean13Modules(data);
    case 'UPC_A':
      // UPC-A is EAN-13 with a leading zero.
      return /^\d{11,12}$/.test(data) ? ean13Modules(`0${data}`) : undefined;
    case 'EAN8':
      return ean8Modules(data);
    default:
      return undefined;
  }
}
