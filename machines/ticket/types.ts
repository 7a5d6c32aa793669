/**
 * The ticket flow's data: what it starts with, what it holds, what it hears. The machine is in
 * ./machine.ts; this file keeps the shapes other flows chain in with (TicketFlowParams) apart
 * from the behaviour.
 */
import type { BusinessType, Language } from '../../src/domain/business-type.js';
import type { Ticket } from '../../src/domain/ticket.js';
import type { Identification } from '../../src/domain/identification.js';
import type { QueueEstimate } from '../../src/domain/queue-estimate.js';
import type { Prompt } from '../../src/bridge/contract.js';
import type { Unavailability } from '../../src/domain/business-hours.js';
import { PRINT_FAILURE_REASONS, type PrintFailureReason } from '../../src/domain/device-status.js';
import type { DevicesChangedEvent, FlowInput } from '../flow.js';
import type { LiveTicket } from './id-card.js';

export type { PrintFailureReason };

/** What a failing print actor rejects with. Anything else counts as a hardware error. */
export interface PrintFailure {
  readonly reason: PrintFailureReason;
  readonly message: string;
}

/**
 * What the ticket flow may start with: a business type already chosen elsewhere (a submitted
 * form goes straight into a ticket for its business type). From the menu: nothing.
 */
export interface TicketFlowParams {
  readonly businessTypeId?: string;
  /**
   * Back from the identify flow: the ID card's outcome, or null when the customer went on
   * without it. Either way the card is not offered again in this flow.
   */
  readonly identification?: Identification | null;
}

export type TicketFlowInput = FlowInput<TicketFlowParams | null | undefined>;

/** What reserving gives: the ticket and the wait as the branch counted it (null: unknown). */
export interface ReservedTicket {
  readonly ticket: Ticket;
  readonly queue: QueueEstimate | null;
}

/**
 * `cancelled`: the customer went back; `done`: the customer has a number (or was sent away);
 * `identify`: the customer chose to use their ID card (the identify flow comes back here);
 * `feedback`: the customer has a number and tapped "rate us";
 * `reminder`: the customer has a number and tapped "remind me by SMS".
 */
export type TicketOutcome = 'cancelled' | 'done' | 'identify' | 'feedback' | 'reminder';

export interface TicketFlowContext {
  readonly businessTypes: readonly BusinessType[];
  readonly language: Language;
  readonly businessType: BusinessType | null;
  readonly ticket: Ticket | null;
  /** People ahead and the estimated wait, from the branch; null: "wait unknown". */
  readonly queue: QueueEstimate | null;
  readonly notice: Prompt | null;
  readonly printFailure: PrintFailure | null;
  /** For the technician log; never shown to the customer. */
  readonly failure: string | null;
  readonly outcome: TicketOutcome;
  /** A business type chosen before the flow started; taken once, at the start. */
  readonly preselectedBusinessTypeId: string | null;
  /**
   * The business type came with the flow (an appointment, the return from the ID card): its
   * confirmation is the first screen the customer sees, not a flash of the list while the wait
   * is counted. Cleared when the customer goes back to the list.
   */
  readonly businessTypeGiven: boolean;
  /**
   * Why the printer could not print when its supervisor last looked, or null: told to the
   * customer before they choose. Printing still asks the printer itself (the driver reads a
   * fresh status first and sends nothing to a printer that cannot print), so a refill or a
   * replug since the last look is not missed.
   */
  readonly printerProblem: PrintFailureReason | null;
  /** An ID-card reader is ready: the card may be offered (see `offeringIdCard`). */
  readonly idReaderReady: boolean;
  /** The card was offered already in this visit (used, or declined): not offered again. */
  readonly idCardAsked: boolean;
  /** The ID card's outcome, carrying no identity: priority and the abuse guard's key. */
  readonly identification: Identification | null;
  /** The abuse guard found a live ticket for this card and queue. */
  readonly liveTicket: LiveTicket | null;
  /** The branch's senior age, told with the offer. */
  readonly seniorAge: number;
  /**
   * The business types that cannot be chosen now (switched off, outside their hours), by id,
   * with why: listed greyed with the reason; read on the list's entry (see `readAvailability`).
   */
  readonly unavailable: Readonly<Record<string, Unavailability>>;
  /** The business type last refused as unavailable: the notice names it and says why. */
  readonly refusedBusinessTypeId: string | null;
  /** The branch offers "remind me by SMS" on the ticket's screen (its smsReminder policy). */
  readonly smsReminderOffered: boolean;
}

export type TicketFlowEvent =
  | { type: 'CHOOSE_BUSINESS_TYPE'; businessTypeId: string }
  | { type: 'BACK' }
  /** "Print my ticket" on the confirmation screen (people ahead, estimated wait). */
  | { type: 'CONFIRM_TICKET' }
  | { type: 'FINISH' }
  | { type: 'USE_ID_CARD' }
  | { type: 'CONTINUE_WITHOUT_ID_CARD' }
  | { type: 'SET_LANGUAGE'; language: Language }
  /** The customer taps "print again" on the not-printed screen (see `notPrinted`). */
  | { type: 'REPRINT_TICKET' }
  /** "Rate us" on an end screen: the flow ends into the feedback flow (optional). */
  | { type: 'RATE_US' }
  /** "Remind me by SMS" on an end screen: the flow ends into the reminder flow (optional). */
  | { type: 'REMIND_BY_SMS' }
  | DevicesChangedEvent;

const KNOWN_REASONS: ReadonlySet<string> = new Set(PRINT_FAILURE_REASONS);

export function toPrintFailure(error: unknown): PrintFailure {
  const e = error as { reason?: unknown; message?: unknown } | null;
  const reason =
    e && typeof e.reason === 'string' && KNOWN_REASONS.has(e.reason)
      ? (e.reason as PrintFailureReason)
      : 'hardwareError';
  const message = e && typeof e.message === 'string' ? e.message : String(error);
  return { reason, message };
}
