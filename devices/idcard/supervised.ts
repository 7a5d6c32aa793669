/**
 * The ID-card reader as a supervised device: the adapter between {@link IdCardReader} and the
 * generic device supervisor (devices/supervisor.ts), like devices/printer/supervised.ts. The
 * supervisor polls SAM status while the reader is idle and reopens the port when it goes away;
 * the card events come from {@link IdCardPoller}.
 */
import type { IdReaderStatus } from '../../src/domain/device-status.js';
import { superviseDevice, supervisedDriver } from '../supervisor.js';
import type { DeviceSupervisor, DeviceSupervisorOptions, SupervisedDevice } from '../supervisor.js';
import type { IdCardReader } from './driver.js';

/** What the supervisor publishes while the port is gone. */
export const NO_ID_READER_STATUS: IdReaderStatus = {
  device: 'noDevice',
  media: 'noCard',
  sam: 'ok',
};

/** "online, card read, SAM ok": for the log. */
export function idReaderStatusSummary(status: IdReaderStatus): string {
  return `${status.device}, card ${status.media}, SAM ${status.sam}`;
}

export function supervisedIdReader(reader: IdCardReader): SupervisedDevice<IdReaderStatus> {
  return supervisedDriver(reader, {
    kind: 'idReader',
    unreachable: NO_ID_READER_STATUS,
    stateOf: (status) => status.device,
    same: (a, b) => a.device === b.device && a.media === b.media && a.sam === b.sam,
    summary: idReaderStatusSummary,
  });
}

/** One supervisor for one ID reader; start() it after building, stop() it before closing. */
export function superviseIdReader(
  reader: IdCardReader,
  options: DeviceSupervisorOptions,
): DeviceSupervisor<IdReaderStatus> {
  return superviseDevice(supervisedIdReader(reader), options);
}
