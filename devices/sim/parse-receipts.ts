import { EscPosParser } from './escpos-parser.js';
import type { EscPosParserOptions } from './escpos-parser.js';
import { ReceiptAssembler } from './receipt.js';
import type { Receipt } from './receipt.js';

/**
 * Parses whole byte streams into receipts, ignoring status requests: for golden tests and for
 * replaying a captured job on the technician screen.
 */
export function parseReceipts(
  chunks: Uint8Array | readonly Uint8Array[],
  options: EscPosParserOptions = {},
): Receipt[] {
  const parser = new EscPosParser({ reportGraphics: true, ...options });
  const assembler = new ReceiptAssembler();
  const receipts: Receipt[] = [];
  for (const chunk of chunks instanceof Uint8Array ? [chunks] : chunks) {
    for (const event of parser.push(chunk)) {
      if (event.type === 'line') assembler.addLine(event.line);
      else if (event.type === 'qr') assembler.addQr(event.payload);
      else if (event.type === 'barcode') assembler.addBarcode(event.barcode);
      else if (event.type === 'image') assembler.addImage(event.image);
      else if (event.type === 'cut') {
        const receipt = assembler.cut(event.cut);
        if (receipt) receipts.push(receipt);
      }
    }
  }
  return receipts;
}
