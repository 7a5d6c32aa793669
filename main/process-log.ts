/**
 * The process logger, created once at start-up by each entry (start.ts, electron-main.ts):
 * stdout plus the rotating file `<dataDir>/logs/kiosk.log`. And the one way a start-up failure
 * is told: one sentence on the screen of whoever started the kiosk, the stack (for an
 * unexpected error only) in the log file, where a technician reads it and a customer does not.
 */
import path from 'node:path';
import { pino, type DestinationStream } from 'pino';
import { createLogger, createRotatingFile, logEvent, type Logger } from '../src/log/index.js';

export interface ProcessLog {
  /** stdout and the log file: every event of the running kiosk. */
  readonly logger: Logger;
  /** The log file alone: details (stacks) that do not belong on the screen. */
  readonly fileLogger: Logger | null;
  /** stdout alone: the sentence of an event whose details went to the file. */
  readonly screenLogger: Logger;
  /** Where the log file is, to name it in a sentence; null before the data folder is known. */
  readonly logFile: string | null;
  close(): void;
}

export interface ProcessLogOptions {
  /** The data folder; without it (the configuration did not load) stdout only. */
  readonly dataDir?: string;
  readonly kioskId?: string;
  /** Default process stdout; tests pass a stream. */
  readonly stdout?: DestinationStream;
  readonly maxBytes?: number;
  readonly keep?: number;
}

export function createProcessLog(options: ProcessLogOptions = {}): ProcessLog {
  const stdout = options.stdout ?? pino.destination({ dest: 1, sync: true });
  const base = options.kioskId ? { kiosk: options.kioskId } : {};
  const screen = createLogger({ destination: stdout, base });
  if (options.dataDir === undefined) {
    return {
      logger: screen,
      fileLogger: null,
      screenLogger: screen,
      logFile: null,
      close: () => {},
    };
  }
  const file = createRotatingFile({
    dir: path.join(options.dataDir, 'logs'),
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    ...(options.keep !== undefined ? { keep: options.keep } : {}),
    // Once per run of failures; stdout keeps every event meanwhile.
    onError: (error, where) =>
      logEvent(screen, 'shell.logFileFailed', { file: where, reason: error.message }),
  });
  const logger = createLogger({
    destination: pino.multistream([{ stream: stdout }, { stream: file }]),
    base,
  });
  return {
    logger,
    fileLogger: createLogger({ destination: file, base }),
    screenLogger: screen,
    logFile: file.file,
    close: () => file.close(),
  };
}

/** Errors whose message is already the sentence for the person starting the kiosk. */
const TOLD_ERRORS = new Set(['ConfigError', 'StoreError', 'BrowserShellError']);

export interface StartFailure {
  /** One sentence, no stack. */
  readonly sentence: string;
  /** True for an error nobody wrote a sentence for: its stack goes to the log file. */
  readonly unexpected: boolean;
}

export function describeStartFailure(error: unknown, logFile: string | null): StartFailure {
  if (error instanceof Error && TOLD_ERRORS.has(error.name)) {
    return { sentence: error.message, unexpected: false };
  }
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? '';
  return {
    sentence: `Unexpected error (${firstLine}). ${
      logFile ? `The details are in ${logFile}.` : 'Run it again to see whether it persists.'
    }`,
    unexpected: true,
  };
}

/**
 * Tells a start-up failure: the `shell.startFailed` event (stdout and file), the stack of an
 * unexpected error in the file only, and the sentence alone on stderr, last.
 */
export function reportStartFailure(
  log: ProcessLog,
  error: unknown,
  stderr: (line: string) => void = (line) => process.stderr.write(line),
): StartFailure {
  const failure = describeStartFailure(error, log.logFile);
  if (failure.unexpected && log.fileLogger) {
    logEvent(log.fileLogger, 'shell.crashed', {
      kind: 'start',
      reason: failure.sentence,
      err: error,
    });
  }
  logEvent(log.logger, 'shell.startFailed', { reason: failure.sentence });
  stderr(`The kiosk cannot start: ${failure.sentence}\n`);
  return failure;
}

/** An uncaught error while running: the stack in the file, one sentence on the screen. */
export function reportCrash(
  log: ProcessLog,
  kind: string,
  error: unknown,
  stderr: (line: string) => void = (line) => process.stderr.write(line),
): void {
  const failure = describeStartFailure(error, log.logFile);
  const fields = { kind, reason: failure.sentence };
  if (log.fileLogger) logEvent(log.fileLogger, 'shell.crashed', { ...fields, err: error });
  logEvent(log.screenLogger, 'shell.crashed', fields);
  stderr(`The kiosk stopped: ${failure.sentence}\n`);
}
