/**
 * Why an ID-card reader command failed, as data: a reason, the command, and fields for the
 * technician catalogue (src/i18n/technician/idcard.ts), like PrinterError. A card that cannot
 * be read is not an error (it is an outcome the customer is told about); these are failures of
 * the reader, its SAM, or the line.
 */
import { technicianSentence } from '../../src/i18n/technician.js';
import type { FrameRejection } from './framing.js';
import type { SamCommand, SamResult } from './protocol.js';

/**
 * `offline`: no answer (timeout, port closed); `corruptReply`: only damaged frames came back, or
 * the reader says ours arrived damaged; `samFailure`: the security module refuses (self-test,
 * authorisation): a vendor's service call; `protocolError`: an answer that makes no sense here.
 */
export type IdCardErrorReason = 'offline' | 'corruptReply' | 'samFailure' | 'protocolError';

export type IdCardErrorEvent = `idcard.${IdCardErrorReason}`;

export type IdCardErrorFields = {
  readonly port: string;
  readonly command: SamCommand;
  readonly reason: IdCardErrorReason;
  readonly why: string;
  /** The SW3 result and its code in hex, when the reader answered. */
  readonly result?: SamResult | undefined;
  readonly code?: string | undefined;
  /** `corruptReply` from damaged frames: what was wrong with them. */
  readonly rejection?: FrameRejection | undefined;
};

export class IdCardError extends Error {
  override readonly name = 'IdCardError';
  /** The catalogue event of the technician's sentence; log it with `fields`. */
  readonly event: IdCardErrorEvent;
  readonly fields: IdCardErrorFields;

  constructor(
    readonly reason: IdCardErrorReason,
    details: {
      readonly port: string;
      readonly command: SamCommand;
      readonly why?: string | undefined;
      readonly result?: SamResult | undefined;
      readonly sw3?: number | undefined;
      readonly rejection?: FrameRejection | undefined;
    },
  ) {
    const fields: IdCardErrorFields = {
      port: details.port,
      command: details.command,
      reason,
      why: details.why ?? technicianSentence('en', 'idcard.noReasonGiven', {}),
      ...(details.result !== undefined ? { result: details.result } : {}),
      ...(details.sw3 !== undefined ? { code: sw3Hex(details.sw3) } : {}),
      ...(details.rejection !== undefined ? { rejection: details.rejection } : {}),
    };
    const event: IdCardErrorEvent = `idcard.${reason}`;
    super(technicianSentence('en', event, fields));
    this.event = event;
    this.fields = fields;
  }
}

export function sw3Hex(sw3: number): string {
  return sw3.toString(16).padStart(2, '0').toUpperCase();
}
