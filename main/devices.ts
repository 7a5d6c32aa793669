/**
 * The device registry: each configured device built once, with its transport (a serial port, or
 * the in-process simulator for the embedded default), and closed in reverse order. Features use
 * devices through it and never build their own.
 */
import type { KioskConfig } from '../src/config.js';
import { logEvent, type Logger } from '../src/log/index.js';
import { printFailureReason, type PrinterStatus } from '../src/domain/device-status.js';
import type { DeviceReadiness } from '../machines/flow.js';
import {
  newPrintJobId,
  PrinterError,
  supervisePrinter,
  ThermalPrinter,
  type PrintJobOptions,
  type TicketLayout,
} from '../devices/printer/index.js';
import { IdCardReader, superviseIdReader } from '../devices/idcard/index.js';
import { VirtualIdReader, VirtualPrinter } from '../devices/sim/index.js';
import type { DeviceSupervisor } from '../devices/supervisor.js';
import type { IdReaderStatus } from '../src/domain/device-status.js';
import {
  createInProcessTransportPair,
  SerialTransport,
  type ByteTransport,
} from '../devices/transport/index.js';

export interface DeviceRegistry {
  readonly printer: ThermalPrinter;
  /** The simulated printer, when the configuration asks for one: tests and the technician read it. */
  readonly virtualPrinter: VirtualPrinter | null;
  /** The ID-card reader, or null on a terminal configured without one. */
  readonly idReader: IdCardReader | null;
  /** The simulated reader, when the configuration asks for one (test cards are placed on it). */
  readonly virtualIdReader: VirtualIdReader | null;
  /** The reader's status as its supervisor last saw it (device and SAM), or null without one. */
  idReaderStatus(): IdReaderStatus | null;
  /** The printer's status as its supervisor last saw it (the device simulator panel shows it). */
  printerStatus(): PrinterStatus;
  /**
   * Prints a ticket and returns the status the printer confirmed it with. The job's id (given,
   * or a new one) is in every printer event about it; a job that fails once sent is reported
   * once as `printer.jobInterrupted` and never sent again by itself.
   */
  printTicket(layout: TicketLayout, options?: PrintJobOptions): Promise<PrinterStatus>;
  /**
   * What the flows need to know: why the printer cannot print now (or null), and whether an
   * ID-card reader is ready to read a card.
   */
  readiness(): DeviceReadiness;
  /** Called when the readiness changes (not on every status poll). Returns an unsubscribe. */
  onReadinessChange(listener: (readiness: DeviceReadiness) => void): () => void;
  open(): Promise<void>;
  close(): Promise<void>;
}

export function createDeviceRegistry(config: KioskConfig, logger: Logger): DeviceRegistry {
  let transport: ByteTransport;
  let virtualPrinter: VirtualPrinter | null = null;
  if (config.printer.kind === 'simulated') {
    const [kioskEnd, printerEnd] = createInProcessTransportPair({
      names: ['kiosk→virtual printer', 'virtual printer'],
    });
    transport = kioskEnd;
    virtualPrinter = new VirtualPrinter(printerEnd);
  } else {
    transport = new SerialTransport({
      path: config.printer.path,
      baudRate: config.printer.baudRate,
    });
  }
  // The virtual printer sends Automatic Status Back; a serial printer's manual says whether it
  // does (GS a), so the configuration says so (off until it does), and likewise for QR codes
  // drawn by the printer and the paper width.
  const printerSettings = config.printer;
  const printer = new ThermalPrinter(transport, {
    automaticStatusBack:
      printerSettings.kind === 'simulated' || printerSettings.automaticStatusBack === true,
    ticket:
      printerSettings.kind === 'serial'
        ? {
            ...(printerSettings.qrCode ? { qr: printerSettings.qrCode } : {}),
            ...(printerSettings.paperWidthMm ? { paper: printerSettings.paperWidthMm } : {}),
          }
        : {},
  });
  // The supervisor opens the port, watches it while idle and reopens it after an unplug.
  const printerSupervisor = supervisePrinter(printer, { logger });
  const reader = buildIdReader(config, logger);
  const readiness = (): DeviceReadiness => ({
    printer: printFailureReason(printerSupervisor.current()) ?? null,
    idReaderReady: reader !== null && idReaderReady(reader.supervisor.current()),
  });

  return {
    printer,
    virtualPrinter,
    idReader: reader?.reader ?? null,
    virtualIdReader: reader?.simulator ?? null,
    idReaderStatus: () => reader?.supervisor.current() ?? null,
    printerStatus: () => printerSupervisor.current(),
    async printTicket(layout, options = {}) {
      const jobId = options.jobId ?? newPrintJobId();
      // A printer plugged back in since the supervisor last tried is used at once, not after
      // its back-off: the customer is waiting for this ticket.
      if (!printer.isOpen) await printer.open().catch(() => {});
      try {
        const status = await printer.printTicket(layout, { jobId });
        logEvent(logger, 'printer.jobPrinted', { jobId, port: printer.description });
        return status;
      } catch (error) {
        // Once (part of) it was sent, the job is reported here, once: the caller decides whether
        // it is ever printed again (for a ticket, only the customer's "print again").
        if (error instanceof PrinterError && error.stage === 'job') {
          logEvent(logger, 'printer.jobInterrupted', {
            jobId,
            port: printer.description,
            reason: error.reason,
            jobCleared: error.jobCleared === true,
          });
        }
        throw error;
      }
    },
    readiness,
    onReadinessChange(listener) {
      let last = readiness();
      const changed = () => {
        const next = readiness();
        if (next.printer === last.printer && next.idReaderReady === last.idReaderReady) return;
        last = next;
        listener(next);
      };
      const offPrinter = printerSupervisor.onStatus(changed);
      const offReader = reader?.supervisor.onStatus(changed);
      return () => {
        offPrinter();
        offReader?.();
      };
    },
    async open() {
      await virtualPrinter?.open();
      // Resolves even when the printer is absent (the supervisor logs why and keeps trying):
      // the kiosk still serves, showing tickets on screen until the printer is back.
      await printerSupervisor.start();
      // Likewise: a reader that is absent or whose SAM fails is logged and retried, never fatal.
      await reader?.simulator?.open();
      await reader?.supervisor.start();
    },
    async close() {
      if (reader) await closeSupervised(reader.supervisor, reader.reader, reader.simulator);
      await closeSupervised(printerSupervisor, printer, virtualPrinter);
    },
  };
}

/**
 * The reader can read a card: its port answers and its SAM works. The card on it (media) does
 * not matter: the identify flow reads whatever card is there.
 */
export function idReaderReady(status: IdReaderStatus): boolean {
  return status.device === 'online' && status.sam === 'ok';
}

/** The configured ID-card reader with its supervisor (and its simulator), or null for none. */
function buildIdReader(
  config: KioskConfig,
  logger: Logger,
): {
  readonly reader: IdCardReader;
  readonly simulator: VirtualIdReader | null;
  readonly supervisor: DeviceSupervisor<IdReaderStatus>;
} | null {
  const settings = config.idReader;
  if (settings.kind === 'none') return null;
  let transport: ByteTransport;
  let simulator: VirtualIdReader | null = null;
  if (settings.kind === 'simulated') {
    const [kioskEnd, readerEnd] = createInProcessTransportPair({
      names: ['kiosk→virtual ID reader', 'virtual ID reader'],
    });
    transport = kioskEnd;
    simulator = new VirtualIdReader(readerEnd);
  } else {
    transport = new SerialTransport({ path: settings.path, baudRate: settings.baudRate });
  }
  const reader = new IdCardReader(transport);
  return { reader, simulator, supervisor: superviseIdReader(reader, { logger }) };
}

/** Supervisor first (or it would reopen the port), then the device, then its simulator. */
async function closeSupervised(
  supervisor: DeviceSupervisor<unknown>,
  device: { close(): Promise<void>; readonly isOpen: boolean },
  simulator: { close(): Promise<void> } | null,
): Promise<void> {
  const stopped = supervisor.stop();
  await device.close();
  await stopped;
  // A reopen that was under way when the close came may have finished since.
  if (device.isOpen) await device.close();
  await simulator?.close();
}
