/**
 * Reads the printer's real-time status (DLE EOT 1..4) through the shared engine, collapses it
 * into the CEN/XFS vocabulary (status.ts) and remembers the last one, telling subscribers when
 * it changes. Used by the driver before and after every ticket, by its polls during a ticket,
 * and (through `ThermalPrinter.queryStatus`) by the device supervisor.
 */
import { samePrinterStatus } from '../../src/domain/device-status.js';
import type { PrinterStatus } from '../../src/domain/device-status.js';
import { deviceReason, type DeviceReason } from '../engine/reason.js';
import type { RequestEngine } from '../engine/request-engine.js';
import { Listeners } from '../transport/byte-transport.js';
import type { ByteTransport } from '../transport/byte-transport.js';
import { RealtimeStatus } from './framing.js';
import type { RealtimeStatusKind } from './framing.js';
import { realtimeStatusReply } from './replies.js';
import type { ReplyKind } from './replies.js';
import { NO_DEVICE_STATUS, collapsePrinterStatus, realtimeStatusRequest } from './status.js';
import type { RawPrinterStatus } from './status.js';

/** A status read: the status, and why the printer did not answer (when it did not). */
export interface StatusRead {
  readonly status: PrinterStatus;
  readonly why: DeviceReason | undefined;
}

/** DLE EOT 1..4 read one at a time, added to `start`; see {@link PrinterStatusReader.readRealtime}. */
export interface RealtimeRead {
  readonly raw: RawPrinterStatus;
  readonly why: DeviceReason | undefined;
  readonly interrupted: boolean;
}

const REALTIME_KEYS: readonly (readonly [keyof RawPrinterStatus, RealtimeStatusKind])[] = [
  ['printer', RealtimeStatus.printer],
  ['offlineCause', RealtimeStatus.offlineCause],
  ['error', RealtimeStatus.error],
  ['paperRoll', RealtimeStatus.paperRoll],
];

export class PrinterStatusReader {
  private last: PrinterStatus = NO_DEVICE_STATUS;
  private readonly listeners = new Listeners<[PrinterStatus]>();

  constructor(
    private readonly engine: RequestEngine<number, ReplyKind>,
    private readonly transport: ByteTransport,
    private readonly commandTimeoutMs: number,
  ) {}

  /** The status from the most recent read. */
  get lastStatus(): PrinterStatus {
    return this.last;
  }

  /** Called whenever a read yields a status different from the previous one. */
  onStatusChange(listener: (status: PrinterStatus) => void): () => void {
    return this.listeners.add(listener);
  }

  /** DLE EOT 1..4 (plus a GS r 1 answer if there is one) as one status, remembered. */
  async read(paperSensor?: number): Promise<StatusRead> {
    if (!this.transport.isOpen) {
      return this.remember(NO_DEVICE_STATUS, deviceReason('device.portNotOpen'));
    }
    const { raw, why } = await this.readRealtime({ paperSensor });
    return this.remember(collapsePrinterStatus(raw), why);
  }

  /**
   * DLE EOT 1..4 one at a time, added to `start`; stops at the first request without an answer
   * (`why`), or before the next request once `interrupt()` is true. A request already sent is
   * always waited for: given up on, its answer would arrive during the next status read and be
   * taken for the answer to DLE EOT 1.
   */
  async readRealtime(
    start: RawPrinterStatus,
    interrupt: () => boolean = () => false,
  ): Promise<RealtimeRead> {
    const raw: { -readonly [K in keyof RawPrinterStatus]: RawPrinterStatus[K] } = { ...start };
    for (const [key, n] of REALTIME_KEYS) {
      if (interrupt()) return { raw, why: undefined, interrupted: true };
      if (!this.transport.isOpen) {
        return { raw, why: noAnswer(n, deviceReason('device.portNotOpen')), interrupted: false };
      }
      const answer = await this.engine.exchange(
        'realtimeStatus',
        realtimeStatusRequest(n),
        realtimeStatusReply,
        { timeoutMs: this.commandTimeoutMs },
      );
      if (!answer.ok) return { raw, why: noAnswer(n, answer.why), interrupted: false };
      raw[key] = answer.reply;
    }
    return { raw, why: undefined, interrupted: false };
  }

  /** Keeps `status` as the last one; tells subscribers if it differs from the previous. */
  remember(status: PrinterStatus, why: DeviceReason | undefined): StatusRead {
    const previous = this.last;
    this.last = status;
    if (!samePrinterStatus(previous, status)) this.listeners.emit(status);
    return { status, why };
  }
}

function noAnswer(n: RealtimeStatusKind, why: DeviceReason): DeviceReason {
  return deviceReason('printer.noAnswer', { n, why });
}
