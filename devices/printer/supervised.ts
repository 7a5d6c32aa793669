/**
 * The receipt printer as a supervised device: the adapter between {@link ThermalPrinter} and
 * the generic device supervisor (devices/supervisor.ts).
 */
import { samePrinterStatus } from '../../src/domain/device-status.js';
import type { PrinterStatus } from '../../src/domain/device-status.js';
import { superviseDevice, supervisedDriver } from '../supervisor.js';
import type { DeviceSupervisor, DeviceSupervisorOptions, SupervisedDevice } from '../supervisor.js';
import type { ThermalPrinter } from './driver.js';
import { NO_DEVICE_STATUS } from './status.js';

/** "userError, paper out, cover open": the state first, then what a person checks. */
export function printerStatusSummary(status: PrinterStatus): string {
  const parts = [status.device, `paper ${status.paper}`];
  if (status.coverOpen) parts.push('cover open');
  if (status.cutterError) parts.push('cutter error');
  return parts.join(', ');
}

export function supervisedPrinter(printer: ThermalPrinter): SupervisedDevice<PrinterStatus> {
  return supervisedDriver(printer, {
    kind: 'printer',
    unreachable: NO_DEVICE_STATUS,
    stateOf: (status) => status.device,
    same: samePrinterStatus,
    summary: printerStatusSummary,
  });
}

/** One supervisor for one printer; start() it after building, stop() it before closing. */
export function supervisePrinter(
  printer: ThermalPrinter,
  options: DeviceSupervisorOptions,
): DeviceSupervisor<PrinterStatus> {
  return superviseDevice(supervisedPrinter(printer), options);
}
