/**
 * Structured logs (design.md §2.1): every line is a pino event with a stable `event` name, a
 * level and fields (kiosk, ticket, device, reason). The sentence a technician reads comes from the
 * technician catalogue (`src/i18n/technician.ts`), never from string building at the call site.
 * One serializer masks identity fields in every event (./mask.ts).
 *
 * Call sites use `logEvent(logger, 'ticket.notPrinted', { ticket, reason })`: the event
 * name is checked against the catalogue at compile time, and its level comes from there too, so
 * the same event is always logged the same way.
 */
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { Writable } from 'node:stream';
import {
  TECHNICIAN_EVENTS,
  technicianSentence,
  type TechnicianEvent,
  type TechnicianFields,
} from '../i18n/technician.js';
import type { Language } from '../domain/business-type.js';
import { maskIdentity } from './mask.js';

export type Logger = PinoLogger;
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** The catalogue language of `msg`, kept on the logger so every child speaks it too. */
const LANGUAGE = Symbol('technicianLanguage');

export interface CreateLoggerOptions {
  /** Where the lines go; default stdout. Use `multistream` for stdout plus the rotating file. */
  readonly destination?: DestinationStream;
  readonly level?: LogLevel;
  /** Fields on every line, e.g. `{ kiosk: 'kiosk-07' }`. */
  readonly base?: Record<string, unknown>;
  /** The language of the technician sentences in `msg`; default English. */
  readonly language?: Language;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? {},
      timestamp: pino.stdTimeFunctions.isoTime,
      // Levels as words: a technician reads "warn", not 40.
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => maskIdentity(object) as Record<string, unknown>,
      },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  (logger as unknown as Record<symbol, Language>)[LANGUAGE] = options.language ?? 'en';
  return logger;
}

/** Logs a catalogue event at its catalogue level, with the technician's sentence as `msg`. */
export function logEvent<E extends TechnicianEvent>(
  logger: Logger,
  event: E,
  fields: TechnicianFields<E>,
): void {
  logEventRecord(logger, { event, fields });
}

/**
 * The same for an event a module reported as data (`{ event, fields }`, e.g. the store's boot
 * report), whose fields the compiler cannot match to the sentence: a missing one shows as {name}.
 */
export function logEventRecord(
  logger: Logger,
  { event, fields }: { readonly event: TechnicianEvent; readonly fields: object },
): void {
  const { level } = TECHNICIAN_EVENTS[event];
  if (!logger.isLevelEnabled(level)) return;
  const language = (logger as unknown as Record<symbol, Language | undefined>)[LANGUAGE] ?? 'en';
  // The sentence is filled from masked fields too: the serializer only sees the object.
  logger[level](
    { event, ...fields },
    technicianSentence(language, event, maskIdentity(fields) as Record<string, unknown>),
  );
}

/** A logger that keeps its events in memory: tests assert event names and fields. */
export interface MemoryLog {
  readonly logger: Logger;
  /** Every event logged so far, parsed (msg included). */
  events(): Array<Record<string, unknown> & { event?: string; level: string; msg?: string }>;
  /** The events with this name. */
  named(event: string): Array<Record<string, unknown>>;
  clear(): void;
}

export function createMemoryLog(options: Omit<CreateLoggerOptions, 'destination'> = {}): MemoryLog {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', ...options, destination: sink });
  const events = () =>
    lines.map((l) => JSON.parse(l) as Record<string, unknown> & { level: string });
  return {
    logger,
    events,
    named: (event) => events().filter((e) => e.event === event),
    clear: () => void lines.splice(0),
  };
}
