/**
 * The printer test page a technician prints from the command line (`npm run device --
 * print-test`): everything a queue ticket needs, on one slip, so one look at it tells whether
 * the printer, its settings and the paper are right. Chinese text (the GB18030 code page and the
 * printer's Chinese font), a QR code (the printer's 2D-code support and the module size), a
 * ruler of the paper width (whether `columns` matches the paper: it must fit on one line), the
 * four character sizes a ticket uses, and a cut (the auto-cutter). Pure bytes, like a ticket.
 */
import { escpos } from './escpos.js';

/** The Chinese line: common and less common characters, and full-width punctuation. */
export const TEST_PAGE_CHINESE_TEXT = '中文打印测试：欢迎光临，请取号';

/** What the QR code holds: plain text, so a phone scanning it shows it as is. */
export const TEST_PAGE_QR_PAYLOAD = 'BRANCH KIOSK PRINTER TEST';

export interface TestPageOptions {
  /** Paper width in characters of font A: 48 for 80 mm paper, 32 for 58 mm. Default 48. */
  readonly columns?: number;
  /** Where the page is printed, e.g. "serial /dev/ttyUSB0 @ 115200"; printed as is. */
  readonly port?: string;
  /** When, already formatted (e.g. "2026-11-27 04:10"); omitted when absent. */
  readonly printedAtText?: string;
}

// Printable text only: a port path or date with a control byte must not become a command.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;
const printable = (text: string): string => text.replace(CONTROL_CHARACTERS, ' ');

/**
 * A ruler `columns` characters wide: `----+----1----+----2…`, a digit every ten columns (the
 * tens), a plus every five. On paper of the right width it fills exactly one line.
 */
export function testPageRuler(columns: number): string {
  let ruler = '';
  for (let column = 1; column <= columns; column += 1) {
    ruler += column % 10 === 0 ? String((column / 10) % 10) : column % 5 === 0 ? '+' : '-';
  }
  return ruler;
}

/** The complete ESC/POS job for the test page, ending with a feed and a partial cut. */
export function renderTestPage(options: TestPageOptions = {}): Uint8Array {
  const columns = options.columns ?? 48;
  if (!Number.isInteger(columns) || columns < 10 || columns > 96) {
    throw new RangeError(
      `columns must be an integer 10..96 (48 for 80 mm paper, 32 for 58 mm), got ${columns}`,
    );
  }
  const job = escpos().initialize().chineseMode(true).align('center');

  job.size(2, 2).bold(true).line('TEST PAGE').bold(false);
  job.size(1, 1).line('打印机测试页');
  if (options.port !== undefined) job.line(printable(options.port));
  if (options.printedAtText !== undefined) job.line(printable(options.printedAtText));
  job.lf();

  job.line(TEST_PAGE_CHINESE_TEXT);
  job.lf();

  // Left-aligned, so a ruler that wraps or starts indented shows a wrong width at once.
  job.align('left').line(`Ruler, ${columns} columns: must fit on one line`);
  job.line(testPageRuler(columns));
  job.lf();

  for (const factor of [1, 2, 3, 4]) job.size(factor, factor).line(`${factor}x 字`);
  job.size(1, 1).lf();

  job.align('center').qrCode(TEST_PAGE_QR_PAYLOAD, { moduleSize: 6, errorLevel: 'M' }).lf();
  job.line(TEST_PAGE_QR_PAYLOAD);
  job.line('The paper is cut below: 切纸').lf();

  return job.chineseMode(false).align('left').feedAndCut(3, 'partial').build();
}
