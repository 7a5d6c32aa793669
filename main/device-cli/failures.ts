/**
 * Every failure of the technician CLI as one sentence a person can act on, from the technician
 * catalogue: what the drivers already say (a port that does not exist or is busy, paper out, a
 * silent ID reader) in their own words, and the CLI's own sentences where the driver's would
 * not name the option to change (`--baud`). Never a stack trace.
 */
import type { Language } from '../../src/domain/business-type.js';
import { technicianSentence } from '../../src/i18n/technician.js';
import type { TechnicianEvent } from '../../src/i18n/technician.js';
import { IdCardError } from '../../devices/idcard/errors.js';
import { PrinterError } from '../../devices/printer/errors.js';
import { TransportError } from '../../devices/transport/byte-transport.js';

/** Says catalogue sentences in one language. */
export type Say = (event: TechnicianEvent, fields?: Readonly<Record<string, unknown>>) => string;

export function sayer(language: Language): Say {
  return (event, fields = {}) => technicianSentence(language, event, fields);
}

export interface FailureContext {
  /** The port as the technician typed it. */
  readonly port: string;
  readonly baud: number;
}

/** The sentence for any error a command can meet. */
export function failureSentence(say: Say, error: unknown, context: FailureContext): string {
  if (error instanceof TransportError) {
    return error.event !== undefined
      ? say(error.event, error.fields ?? {})
      : say('cli.unexpected', { error: error.message });
  }
  if (error instanceof PrinterError) {
    // A silent printer: the CLI names the option to check; the driver's sentence would point
    // at the kiosk's device settings instead.
    if (error.reason === 'offline') return printerNoAnswer(say, context);
    return say(error.event, error.fields);
  }
  if (error instanceof IdCardError) return say(error.event, error.fields);
  return say('cli.unexpected', { error: error instanceof Error ? error.message : String(error) });
}

export function printerNoAnswer(say: Say, context: FailureContext): string {
  return say('cli.printerNoAnswer', { port: context.port, baud: context.baud });
}
