/**
 * The branch service's logger: pino events through src/log, their sentences in
 * src/i18n/technician/branch-service.ts. Callers may still hand over the older message-shaped
 * logger ({ info, warn, error } taking a sentence and fields); it receives each event's
 * sentence and fields, so an embedding kiosk keeps forwarding them into its own log.
 */
import { pino } from 'pino';
import { createLogger, type Logger } from '../src/log/index.js';

/** @deprecated Pass a pino Logger (src/log's `Logger`), e.g. `logger.child({ area: 'branchService' })`. */
export interface BranchServiceLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Logs nothing (tests, benchmarks). */
export const silentLogger: Logger = pino({ level: 'silent' });

const isPino = (logger: Logger | BranchServiceLogger): logger is Logger =>
  typeof (logger as Partial<Logger>).isLevelEnabled === 'function';

/** Pino's numeric levels → the message-shaped logger's three methods. */
function forwardLine(target: BranchServiceLogger, line: string): void {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return;
  }
  const { level, msg, time: _time, ...fields } = record;
  const message = typeof msg === 'string' ? msg : String(record.event ?? '');
  if (level === 'error' || level === 'fatal') target.error(message, fields);
  else if (level === 'warn') target.warn(message, fields);
  else target.info(message, fields);
}

/** The logger the service writes to: the one given, adapted when message-shaped; else stdout. */
export function serviceLogger(given: Logger | BranchServiceLogger | undefined): Logger {
  if (given === undefined) return createLogger({ base: { service: 'branch-service' } });
  if (isPino(given)) return given;
  return createLogger({
    level: 'info',
    destination: {
      write: (chunk: string) => {
        for (const line of chunk.split('\n')) if (line !== '') forwardLine(given, line);
      },
    },
  });
}
