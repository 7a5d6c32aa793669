/**
 * The device registry: each configured device built once, with its transport (a serial port, or
 * the in-process simulator for the embedded default), and closed in reverse order. Features use
 * devices through it and never build their own.
 */
import type { KioskConfig } from '../src/config.js';
import type { Logger } from '../src/log/index.js';
import { printFailureReason, type PrinterStatus } from '../src/domain/device-status.js';
import type { DeviceReadiness } from '../machines/flow.js';
import { supervisePrinter, ThermalPrinter, type TicketLayout } from '../devices/printer/index.js';
import { VirtualPrinter } from '../devices/sim/index.js';
import {
  createInProcessTransportPair,
  SerialTransport,
  type ByteTransport,
} from '../devices/transport/index.js';

export interface DeviceRegistry {
  readonly printer: ThermalPrinter;
  /** The simulated printer, when the configuration asks for one: tests and the technician read it. */
  readonly virtualPrinter: VirtualPrinter | null;
  /** Prints a ticket and returns the status the printer confirmed it with. */
  printTicket(layout: TicketLayout): Promise<PrinterStatus>;
  /** What the flows need to know: why the printer cannot print now, or null. */
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
  const printer = new ThermalPrinter(transport);
  // The supervisor opens the port, watches it while idle and reopens it after an unplug.
  const printerSupervisor = supervisePrinter(printer, { logger });
  const readiness = (): DeviceReadiness => ({
    printer: printFailureReason(printerSupervisor.current()) ?? null,
  });

  return {
    printer,
    virtualPrinter,
    async printTicket(layout) {
      // A printer plugged back in since the supervisor last tried is used at once, not after
      // its back-off: the customer is waiting for this ticket.
      if (!printer.isOpen) await printer.open().catch(() => {});
      return printer.printTicket(layout);
    },
    readiness,
    onReadinessChange(listener) {
      let last = readiness().printer;
      return printerSupervisor.onStatus(() => {
        const next = readiness();
        if (next.printer === last) return;
        last = next.printer;
        listener(next);
      });
    },
    async open() {
      await virtualPrinter?.open();
      // Resolves even when the printer is absent (the supervisor logs why and keeps trying):
      // the kiosk still serves, showing tickets on screen until the printer is back.
      await printerSupervisor.start();
    },
    async close() {
      // Stopped first, or it would reopen the port the close is taking away.
      const stopped = printerSupervisor.stop();
      await printer.close();
      await stopped;
      // A reopen that was under way when the close came may have finished since.
      if (printer.isOpen) await printer.close();
      await virtualPrinter?.close();
    },
  };
}
