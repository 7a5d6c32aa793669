/**
 * The ticket flow's part of the ID card (issue 8): what it hands the identify flow, what it gets
 * back, what it reserves with, and the abuse guard's answer. The identify flow is named by id
 * only: a flow never imports another flow's folder.
 */
import type { BusinessType } from '../../src/domain/business-type.js';
import { IdentificationSchema, type Identification } from '../../src/domain/identification.js';
import type { TicketPriority } from '../../src/domain/ticket.js';
import type { FlowOutput } from '../flow.js';

/** The flow that reads the ID card (machines/identify), by its registered id. */
export const IDENTIFY_FLOW = 'identify';

/** A ticket this ID card already holds for the chosen queue: the abuse guard's answer. */
export interface LiveTicket {
  readonly number: string;
  /** "14:30": when this card may take another ticket for this queue. */
  readonly liveUntil: string;
}

/** What the reserve effect gets: the queue, and the ID card's priority and key when used. */
export interface ReserveTicketInput {
  readonly businessType: BusinessType;
  readonly priority?: TicketPriority;
  readonly customerKey?: string;
}

/**
 * Into the identify flow, saying where to come back and what to bring (a business type chosen
 * before this flow, so it is not lost on the way).
 */
export function toIdentifyFlow(preselectedBusinessTypeId: string | null): FlowOutput {
  const carry = preselectedBusinessTypeId ? { businessTypeId: preselectedBusinessTypeId } : {};
  return { next: 'flow', flow: IDENTIFY_FLOW, params: { returnTo: 'ticket', carry } };
}

/** The identification passed back by the identify flow, checked: anything else is none. */
export function identificationFrom(
  params: { readonly identification?: unknown } | null | undefined,
): Identification | null {
  const parsed = IdentificationSchema.safeParse(params?.identification);
  return parsed.success ? parsed.data : null;
}
