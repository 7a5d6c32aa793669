/**
 * Branch numbers, number blocks, queue status and the counter (issue 7): the schemas of the
 * branch service's number, lease, queue-status and counter endpoints, beside the sync contract
 * (./sync.ts, which holds the 'ticket.voided' outbox item). No Node and no DOM here.
 *
 * Every number of a queue on a service day comes from one range 1…9999 on the branch service:
 * an online allocation takes the next value from the bottom, a block leased to a kiosk for
 * offline use takes `size` values from the top. So a number is handed out once, whichever kiosk
 * or path it went through.
 */
import { z } from 'zod';
import {
  CalendarDay,
  Identifier,
  Instant,
  MAX_QUEUE_SEQUENCE,
  QUEUE_NUMBER_DIGITS,
  QueueSequence,
  Uuid,
  nonEmptyText,
  say,
  type Immutable,
} from './fields.js';
import { TicketPrioritySchema } from '../domain/ticket.js';
import { MAX_BUSINESS_TYPES } from './sync.js';

export { MAX_QUEUE_SEQUENCE, QUEUE_NUMBER_DIGITS, QueueSequence } from './fields.js';

export const NUMBER_PATHS = {
  /** POST NumberRequest → NumberAnswer. Idempotent by ticketId. */
  numbers: '/v1/numbers',
  /** POST NumberLeaseRequest → NumberLeaseAnswer. Idempotent by requestId. */
  leases: '/v1/number-leases',
  /** GET ?serviceDay=YYYY-MM-DD → QueueStatus, with ETag; `If-None-Match` → 304. */
  queueStatus: '/v1/queue-status',
  /** POST CounterCallRequest → CounterCallAnswer. */
  counterCallNext: '/v1/counter/call-next',
  /** POST CounterTicketRequest → CounterTicket. */
  counterRecall: '/v1/counter/recall',
  counterServed: '/v1/counter/served',
  counterNoShow: '/v1/counter/no-show',
} as const;

/** Largest block a kiosk may lease in one request. */
export const MAX_LEASE_SIZE = 500;
/** An estimate longer than a day is not an estimate. */
export const MAX_WAIT_MINUTES = 24 * 60;

/** A ticket number as printed: the business type's prefix (one or two letters) and its digits. */
export const QUEUE_NUMBER_PATTERN = new RegExp(`^[A-Z]{1,2}\\d{${QUEUE_NUMBER_DIGITS}}$`);
/** The longest ticket number: a two-letter prefix and the digits. */
export const MAX_QUEUE_NUMBER_LENGTH = 2 + QUEUE_NUMBER_DIGITS;

/** "A" + 7 → "A0007": the prefix and four digits; there is no number past 9999 in a day. */
export function formatQueueNumber(prefix: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_QUEUE_SEQUENCE) {
    throw new RangeError(
      `queue sequence must be an integer from 1 to ${MAX_QUEUE_SEQUENCE}, got ${sequence}`,
    );
  }
  return `${prefix}${String(sequence).padStart(QUEUE_NUMBER_DIGITS, '0')}`;
}

const Count = z
  .int({ error: say('must be a non-negative integer') })
  .min(0, { error: 'must be a non-negative integer' })
  .max(99_999, { error: 'must be at most 99999' });
const WaitMinutes = z
  .int({ error: say('must be a whole number of minutes') })
  .min(0, { error: 'must be a non-negative integer' })
  .max(MAX_WAIT_MINUTES, { error: `must be at most ${MAX_WAIT_MINUTES}` });

/** POST /v1/numbers: the next number of a queue, for one ticket. */
export const NumberRequestSchema = z.object(
  {
    ticketId: Uuid,
    businessTypeId: Identifier,
    serviceDay: CalendarDay,
    /**
     * The ticket's priority (absent: none). A served-first ticket is called before the ordinary
     * queue (src/domain/call-order.ts), so the answer's waitingAhead counts only the tickets
     * called before it. The issued ticket's outbox item carries it too.
     */
    priority: TicketPrioritySchema.optional(),
  },
  { error: say('must be an object') },
);
export type NumberRequest = Immutable<z.infer<typeof NumberRequestSchema>>;

export const NumberAnswerSchema = z.object({
  ticketId: Uuid,
  businessTypeId: Identifier,
  serviceDay: CalendarDay,
  sequence: QueueSequence,
  number: nonEmptyText(32),
  /** Tickets of this queue called before this one (the call order) when it was allocated. */
  waitingAhead: Count,
  /** null: no recent service times to estimate from. */
  estimatedWaitMinutes: WaitMinutes.nullable(),
  asOf: Instant,
});
export type NumberAnswer = Immutable<z.infer<typeof NumberAnswerSchema>>;

/** POST /v1/number-leases: a block of numbers this kiosk may issue offline on that day. */
export const NumberLeaseRequestSchema = z.object(
  {
    requestId: Uuid,
    businessTypeId: Identifier,
    serviceDay: CalendarDay,
    size: z
      .int({ error: say('must be a positive integer') })
      .min(1, { error: 'must be a positive integer' })
      .max(MAX_LEASE_SIZE, { error: `must be at most ${MAX_LEASE_SIZE}` }),
  },
  { error: say('must be an object') },
);
export type NumberLeaseRequest = Immutable<z.infer<typeof NumberLeaseRequestSchema>>;

/** The block granted: [firstSequence, lastSequence], possibly smaller near the end of the day's range. */
export const NumberLeaseAnswerSchema = z
  .object({
    requestId: Uuid,
    businessTypeId: Identifier,
    serviceDay: CalendarDay,
    prefix: nonEmptyText(8),
    firstSequence: QueueSequence,
    lastSequence: QueueSequence,
  })
  .refine((lease) => lease.firstSequence <= lease.lastSequence, {
    error: 'lastSequence must not be below firstSequence',
  });
export type NumberLeaseAnswer = Immutable<z.infer<typeof NumberLeaseAnswerSchema>>;

export const QueueSummarySchema = z
  .object({
    businessTypeId: Identifier,
    waiting: Count,
    /**
     * Of `waiting`, the tickets served first (src/domain/call-order.ts: senior, disability,
     * appointment, VIP), who are called before the ordinary queue: so the tickets ahead of a
     * served-first ticket taken now. Absent from older services: a kiosk then estimates every
     * ticket as a walk-in's (all waiting ahead).
     */
    waitingServedFirst: Count.optional(),
    called: Count,
    served: Count,
    /** Mean of recent service times (call → served); null before the first served ticket. */
    averageServiceSeconds: z.int().min(0).max(86_400).nullable(),
    /** For a walk-in ticket taken now; null when there is nothing to estimate from. */
    estimatedWaitMinutes: WaitMinutes.nullable(),
    lastCalledNumber: nonEmptyText(32).nullable(),
  })
  .refine((queue) => (queue.waitingServedFirst ?? 0) <= queue.waiting, {
    error: 'waitingServedFirst must not be above waiting (it counts some of them)',
    path: ['waitingServedFirst'],
  });
export type QueueSummary = Immutable<z.infer<typeof QueueSummarySchema>>;

/** GET /v1/queue-status: every queue of a service day, as the branch knows it at `asOf`. */
export const QueueStatusSchema = z.object({
  serviceDay: CalendarDay,
  asOf: Instant,
  queues: z.array(QueueSummarySchema).max(MAX_BUSINESS_TYPES),
});
export type QueueStatus = Immutable<z.infer<typeof QueueStatusSchema>>;

export const QUEUE_ENTRY_STATES = ['waiting', 'called', 'served', 'noShow', 'voided'] as const;

/** A ticket as a counter sees it. */
export const CounterTicketSchema = z.object({
  ticketId: Uuid,
  number: nonEmptyText(32),
  businessTypeId: Identifier,
  serviceDay: CalendarDay,
  state: z.enum(QUEUE_ENTRY_STATES),
  counterId: Identifier.nullable(),
  calledAt: Instant.nullable(),
  issuedOffline: z.boolean(),
});
export type CounterTicket = Immutable<z.infer<typeof CounterTicketSchema>>;

/** POST /v1/counter/call-next: the longest-waiting ticket of these queues, at this counter. */
export const CounterCallRequestSchema = z.object(
  {
    counterId: Identifier,
    businessTypeIds: z.array(Identifier).min(1).max(MAX_BUSINESS_TYPES),
    serviceDay: CalendarDay,
  },
  { error: say('must be an object') },
);
export type CounterCallRequest = Immutable<z.infer<typeof CounterCallRequestSchema>>;

export const CounterCallAnswerSchema = z.object({
  /** null: nobody is waiting in these queues. */
  called: CounterTicketSchema.nullable(),
  /** The ticket this counter had called before, now marked served; null if none. */
  completed: CounterTicketSchema.nullable(),
});
export type CounterCallAnswer = Immutable<z.infer<typeof CounterCallAnswerSchema>>;

/** POST /v1/counter/recall | served | no-show: one called ticket of this counter. */
export const CounterTicketRequestSchema = z.object(
  { counterId: Identifier, ticketId: Uuid },
  { error: say('must be an object') },
);
export type CounterTicketRequest = Immutable<z.infer<typeof CounterTicketRequestSchema>>;
