/**
 * A device supervisor (design.md §2.1, §4): one per device, started by the composition root. It
 * keeps the device's current status and publishes every change, so the kiosk can say "printer
 * out of paper" before the customer picks a queue, send tickets to the screen-only path or go
 * out of service, and come back by itself when the fault clears.
 *
 * While the device is idle it reads the status every `pollMs` (never while a command runs: a
 * job reports its own status, and a poll would only queue behind it). When the port goes away
 * (unplugged, closed) it publishes the device's unreachable status and reopens the port with a
 * capped exponential backoff. Each status change is logged once as `device.statusChanged`.
 */
import { exponentialBackoff } from '../src/backoff.js';
import type { DeviceState } from '../src/domain/device-status.js';
import { logEvent, logEventRecord } from '../src/log/index.js';
import type { Logger } from '../src/log/index.js';
import { reasonOf, type DeviceReason } from './engine/reason.js';
import { messageOf, positiveMs } from './engine/timing.js';
import { Listeners } from './transport/byte-transport.js';

/** What a supervisor needs of a device; each device class gives an adapter (see printer/). */
export interface SupervisedDevice<S> {
  /** The device class for logs and the kiosk, e.g. "printer", "idReader". */
  readonly kind: string;
  /** Where it is, e.g. "serial /dev/ttyUSB0 @ 9600". */
  readonly port: string;
  readonly isOpen: boolean;
  /** A command is running or queued: do not poll now. */
  readonly busy: boolean;
  /** The status it last reported (before the first poll too). */
  readonly lastStatus: S;
  /** The status to publish while the port is gone. */
  readonly unreachable: S;
  open(): Promise<void>;
  /** Reads the status; must not reject for a device that does not answer (that is a status). */
  queryStatus(): Promise<S>;
  /** Statuses the device reports by itself (after a job, during a job's polls). */
  onStatusChange(listener: (status: S) => void): () => void;
  /** The port closed: unplugged (error set) or closed on request. */
  onClose(listener: (error: Error | undefined) => void): () => void;
  /** The CEN/XFS device state of a status. */
  stateOf(status: S): DeviceState;
  same(a: S, b: S): boolean;
  /** A short summary of a status for the log, e.g. "userError, paper out". */
  summary(status: S): string;
}

/** What a driver offers a supervisor by itself (ThermalPrinter and IdCardReader both do). */
export interface SupervisableDriver<S> {
  /** Where it is, e.g. "serial /dev/ttyUSB0 @ 9600". */
  readonly description: string;
  readonly isOpen: boolean;
  readonly busy: boolean;
  readonly lastStatus: S;
  open(): Promise<void>;
  queryStatus(): Promise<S>;
  onStatusChange(listener: (status: S) => void): () => void;
  onClose(listener: (error: Error | undefined) => void): () => void;
}

/** What a device class adds: its name and how its statuses read. */
export type DeviceStatusVocabulary<S> = Pick<
  SupervisedDevice<S>,
  'kind' | 'unreachable' | 'stateOf' | 'same' | 'summary'
>;

/** A driver and its device class's vocabulary, as a supervisor sees them. */
export function supervisedDriver<S>(
  driver: SupervisableDriver<S>,
  vocabulary: DeviceStatusVocabulary<S>,
): SupervisedDevice<S> {
  return {
    ...vocabulary,
    get port() {
      return driver.description;
    },
    get isOpen() {
      return driver.isOpen;
    },
    get busy() {
      return driver.busy;
    },
    get lastStatus() {
      return driver.lastStatus;
    },
    open: () => driver.open(),
    queryStatus: () => driver.queryStatus(),
    onStatusChange: (listener) => driver.onStatusChange(listener),
    onClose: (listener) => driver.onClose(listener),
  };
}

export interface DeviceSupervisorOptions {
  readonly logger: Logger;
  /** Status poll period while idle. Default 5000 ms. */
  readonly pollMs?: number;
  /** First reopen delay after the port went away or failed to open. Default 1000 ms. */
  readonly reopenInitialMs?: number;
  /** Longest reopen delay: the backoff doubles up to this. Default 30000 ms. */
  readonly reopenMaxMs?: number;
}

export interface DeviceSupervisor<S> {
  /** Opens the device if needed and starts supervising. Resolves after the first status read. */
  start(): Promise<void>;
  /** Stops polling and reopening; resolves once nothing of it is running. Idempotent. */
  stop(): Promise<void>;
  /** The status as last published. */
  current(): S;
  /** Called with every published status change; returns the unsubscribe function. */
  onStatus(listener: (status: S) => void): () => void;
}

export function superviseDevice<S>(
  device: SupervisedDevice<S>,
  options: DeviceSupervisorOptions,
): DeviceSupervisor<S> {
  const pollMs = positiveMs('pollMs', options.pollMs ?? 5000);
  const reopenInitialMs = positiveMs('reopenInitialMs', options.reopenInitialMs ?? 1000);
  const reopenMaxMs = Math.max(
    reopenInitialMs,
    positiveMs('reopenMaxMs', options.reopenMaxMs ?? 30_000),
  );
  const reopenBackoff = { initialMs: reopenInitialMs, maxMs: reopenMaxMs };
  const listeners = new Listeners<[S]>();
  const { logger } = options;
  let current = device.lastStatus;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  /** The tick in progress, so stop() can wait for it. */
  let ticking: Promise<void> = Promise.resolve();
  let reopenAttempts = 0;
  let lastOpenError: string | undefined;
  /** The port went away (or never opened): its next successful open is logged. */
  let lost = false;
  let unsubscribe: (() => void)[] = [];
  /** Set during the supervisor's own reads: their result is published by the poll itself. */
  let ownRead = false;

  /**
   * An error in a log line: a catalogue error (a TransportError that says what to check) by its
   * event name, its own sentence following on the next line in the logger's language; any other
   * by its message (a system's own words).
   */
  const errorCode = (error: unknown): string => {
    const reason = reasonOf(error);
    return typeof reason === 'string' ? reason : reason.event;
  };
  const explain = (error: unknown): void => {
    const reason = reasonOf(error);
    if (typeof reason !== 'string') logEventRecord(logger, reasonFieldsRecord(reason));
  };

  const publish = (status: S): void => {
    if (device.same(current, status)) return;
    const from = current;
    current = status;
    logEvent(logger, 'device.statusChanged', {
      device: device.kind,
      port: device.port,
      from: device.summary(from),
      to: device.summary(status),
      state: device.stateOf(status),
    });
    listeners.emit(status);
  };

  /**
   * A status read or reported while the port is closed says only "no answer" (offline): that
   * the port is gone (noDevice) is the more exact news, and publishing both would flap.
   */
  const observe = (status: S): void => publish(device.isOpen ? status : device.unreachable);

  const schedule = (ms: number): void => {
    clearTimeout(timer);
    if (!running) return;
    timer = setTimeout(() => {
      // One tick at a time: a reopen scheduled by the close handler waits for a read in flight.
      ticking = ticking.then(safeTick);
    }, ms);
    timer.unref();
  };

  /** Tries to open the port; on failure, schedules the next try with a doubled delay. */
  const reopen = async (): Promise<boolean> => {
    try {
      await device.open();
    } catch (error) {
      const delay = exponentialBackoff(reopenBackoff, reopenAttempts);
      reopenAttempts += 1;
      const message = messageOf(error);
      // Once per distinct error, not once per try: a printer left unplugged overnight would
      // otherwise write a line every 30 s.
      if (message !== lastOpenError) {
        logEvent(logger, 'device.reopenFailed', {
          device: device.kind,
          port: device.port,
          error: errorCode(error),
          retryInMs: delay,
        });
        explain(error);
      }
      lastOpenError = message;
      lost = true;
      publish(device.unreachable);
      schedule(delay);
      return false;
    }
    if (lost) logEvent(logger, 'device.reopened', { device: device.kind, port: device.port });
    lost = false;
    reopenAttempts = 0;
    lastOpenError = undefined;
    return true;
  };

  const tick = async (): Promise<void> => {
    if (!running) return;
    if (!device.isOpen && !(await reopen())) return;
    if (!running) return;
    if (!device.busy) {
      ownRead = true;
      try {
        let status = await device.queryStatus();
        // A status is several reads (DLE EOT 1..4): one that straddles a change can mix the
        // old state with the new (offline from before a refill, paper from after). A change is
        // read again before it is published, so a torn read never reaches the kiosk; not when
        // a job is queued meanwhile (it reads the status itself, and must not wait for us).
        if (running && device.isOpen && !device.busy && !device.same(status, current)) {
          status = await device.queryStatus();
        }
        observe(status);
      } catch (error) {
        // queryStatus reports a silent device as a status; a throw is a software fault.
        logEvent(logger, 'device.pollFailed', {
          device: device.kind,
          port: device.port,
          error: messageOf(error),
        });
      } finally {
        ownRead = false;
      }
    }
    // The port may have gone during the read: the close handler has scheduled a reopen.
    if (running && device.isOpen) schedule(pollMs);
  };

  /**
   * A tick never rejects: nothing awaits a timer's tick, and an unhandled rejection would end
   * the kiosk over a fault in one device's adapter. The fault is logged and polling goes on.
   */
  const safeTick = (): Promise<void> =>
    tick().catch((error: unknown) => {
      try {
        logEvent(logger, 'device.pollFailed', {
          device: device.kind,
          port: device.port,
          error: messageOf(error),
        });
      } catch {
        // Nothing is left to tell; the next tick tries again.
      }
      schedule(pollMs);
    });

  return {
    async start() {
      if (running) return;
      running = true;
      unsubscribe = [
        // What a job finds (paper out mid-ticket) is published as it is found.
        device.onStatusChange((status) => {
          if (!ownRead) observe(status);
        }),
        device.onClose((error) => {
          if (!running) return;
          logEvent(logger, 'device.portLost', {
            device: device.kind,
            port: device.port,
            error: error === undefined ? 'closed' : errorCode(error),
          });
          if (error !== undefined) explain(error);
          lost = true;
          publish(device.unreachable);
          // The first reopen try comes after the initial delay: a port that just vanished
          // (USB re-enumerating) is rarely back at once.
          schedule(reopenInitialMs);
        }),
      ];
      ticking = safeTick();
      await ticking;
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      timer = undefined;
      for (const stop of unsubscribe.splice(0)) stop();
      await ticking;
    },
    current: () => current,
    onStatus: (listener) => listeners.add(listener),
  };
}

/** A reason as a loggable record: its own event, its plain fields (nested ones by their code). */
function reasonFieldsRecord(reason: DeviceReason): {
  event: DeviceReason['event'];
  fields: object;
} {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(reason.fields)) {
    fields[name] = typeof value === 'object' && value !== null ? value.event : value;
  }
  return { event: reason.event, fields };
}
