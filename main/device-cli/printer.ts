/**
 * The printer commands of the technician CLI: `status` (real-time status, DLE EOT) and
 * `print-test` (the test page of devices/printer/test-page.ts, confirmed by the driver's GS r 1
 * barrier like a ticket), through the kiosk's own ThermalPrinter driver over a SerialTransport,
 * so what works here works in the kiosk.
 */
import { printFailureReason } from '../../src/domain/device-status.js';
import type { PrinterStatus } from '../../src/domain/device-status.js';
import { ThermalPrinter } from '../../devices/printer/driver.js';
import { renderTestPage } from '../../devices/printer/test-page.js';
import { SerialTransport } from '../../devices/transport/serial-transport.js';
import { failureSentence, printerNoAnswer } from './failures.js';
import type { CommandContext, ExitCode } from './io.js';

export interface PortOptions {
  readonly port: string;
  readonly baud: number;
}

/** Device states in which the printer answered nothing. */
const SILENT = new Set<PrinterStatus['device']>(['offline', 'powerOff', 'noDevice']);

/** Opens the printer, runs `body`, closes it; any failure becomes one sentence and exit 1. */
async function withPrinter(
  context: CommandContext,
  options: PortOptions,
  body: (printer: ThermalPrinter) => Promise<ExitCode>,
): Promise<ExitCode> {
  const printer = new ThermalPrinter(
    new SerialTransport({ path: options.port, baudRate: options.baud }),
  );
  try {
    await printer.open();
    return await body(printer);
  } catch (error) {
    context.io.err(failureSentence(context.say, error, options));
    return 1;
  } finally {
    await printer.close().catch(() => undefined);
  }
}

/** `status`: the printer's state; exit 0 only if it answers and can print. */
export function printerStatus(context: CommandContext, options: PortOptions): Promise<ExitCode> {
  return withPrinter(context, options, async (printer) => {
    const { say, io } = context;
    const status = await printer.queryStatus();
    if (SILENT.has(status.device)) {
      io.err(printerNoAnswer(say, options));
      return 1;
    }
    io.out(
      say('cli.printerStatus', {
        port: printer.description,
        device: status.device,
        paper: status.paper,
        cover: status.coverOpen ? 'open' : 'closed',
        cutter: status.cutterError ? 'error' : 'ok',
      }),
    );
    const reason = printFailureReason(status);
    if (reason !== undefined) {
      io.err(say(`printer.${reason}`, { port: printer.description }));
      return 1;
    }
    if (status.paper === 'low') io.err(say('cli.printerPaperLow'));
    io.out(say('cli.printerReady'));
    return 0;
  });
}

/** `print-test`: prints the test page; exit 0 only once the printer confirmed it. */
export function printTestPage(
  context: CommandContext,
  options: PortOptions & { readonly columns: number; readonly now?: Date },
): Promise<ExitCode> {
  return withPrinter(context, options, async (printer) => {
    const job = renderTestPage({
      columns: options.columns,
      port: printer.description,
      printedAtText: localTimestamp(options.now ?? new Date()),
    });
    const status = await printer.printJob(job);
    if (status.paper === 'low') context.io.err(context.say('cli.printerPaperLow'));
    context.io.out(context.say('cli.testPagePrinted', { port: printer.description }));
    return 0;
  });
}

function localTimestamp(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}`
  );
}
