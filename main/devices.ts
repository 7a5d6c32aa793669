/**
 * The device registry: each configured device built once, with its transport (a serial port, or
 * the in-process simulator for the embedded default), and closed in reverse order. Features use
 * devices through it and never build their own.
 */
import type { KioskConfig } from '../src/config.js';
import { logEvent, type Logger } from '../src/log/index.js';
import { ThermalPrinter, type TicketLayout } from '../devices/printer/index.js';
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
  /** Prints a ticket, reopening a printer that was unplugged earlier and may be back. */
  printTicket(layout: TicketLayout): Promise<void>;
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
  const openPrinter = () =>
    printer.open().catch((error: Error) => {
      // The kiosk still serves: tickets are shown on screen until the printer is back.
      logEvent(logger, 'printer.cannotOpen', { device: 'printer', reason: error.message });
    });

  return {
    printer,
    virtualPrinter,
    async printTicket(layout) {
      if (!transport.isOpen) await openPrinter();
      await printer.printTicket(layout);
    },
    async open() {
      await virtualPrinter?.open();
      await openPrinter();
    },
    async close() {
      await printer.close();
      await virtualPrinter?.close();
    },
  };
}
