/**
 * The ticket journal's rows (migrations/0012, 0013): what a reservation and an issue hold, how a
 * row's body is written (a JSON array of the record's fields in a fixed order) and read back
 * (that array, or the object the build before 0013 wrote), each field checked for its type.
 * Written by ./ticket-journal.ts, read by the fold (./ticket-journal-fold.ts).
 */
/** The reservation as the journal holds it: a tickets row's fields. */
export interface JournalReservation {
  readonly id: string;
  readonly number: string;
  readonly sequence: number;
  readonly businessTypeId: string;
  readonly waitingAhead: number;
  readonly reservedAt: string;
  readonly kioskId: string;
  readonly serviceDay: string;
  readonly issuedOffline: 0 | 1;
  readonly priority: string;
  readonly customerKey: string | null;
  /** The number request this reservation answered (online): dropped at the fold. */
  readonly dropRequest: string | null;
}

/**
 * The issue as the journal holds it. The outbox item's payload is built at the fold from the
 * issued ticket row; a row written before that carries it in the journal's `payload` column.
 */
export interface JournalIssue {
  readonly ticketId: string;
  readonly delivery: string;
  readonly issuedAt: string;
  readonly outboxId: string;
  readonly kind: string;
  readonly createdAt: string;
  readonly kioskId: string;
}

export const JOURNAL_RESERVE = 'reserve';
export const JOURNAL_ISSUE = 'issue';

/*
 * A row's body is a JSON array of its record's fields in these orders. Positional rather than
 * an object: right after a flush, JSON.stringify of the array cost a commit 1 µs less (issue 7,
 * durable enqueue). A body written as an object, by the build before this one, is read too.
 */
const RESERVATION_FIELDS = [
  'id',
  'number',
  'sequence',
  'businessTypeId',
  'waitingAhead',
  'reservedAt',
  'kioskId',
  'serviceDay',
  'issuedOffline',
  'priority',
  'customerKey',
  'dropRequest',
] as const satisfies readonly (keyof JournalReservation)[];
const ISSUE_FIELDS = [
  'ticketId',
  'delivery',
  'issuedAt',
  'outboxId',
  'kind',
  'createdAt',
  'kioskId',
] as const satisfies readonly (keyof JournalIssue)[];

/** The values of `T`'s `fields`, in their order: a row body's type. */
type FieldValues<T, F extends readonly (keyof T)[]> = {
  [I in keyof F]: F[I] extends keyof T ? T[F[I]] : never;
};

/**
 * A reservation's values in the row's order. The first eleven are also the tickets row's, in the
 * order of the ticket store's and the fold's INSERT (`reservationValues(r).slice(0, 11)`), so the
 * order is written once.
 */
export function reservationValues(
  r: JournalReservation,
): FieldValues<JournalReservation, typeof RESERVATION_FIELDS> {
  return [
    r.id,
    r.number,
    r.sequence,
    r.businessTypeId,
    r.waitingAhead,
    r.reservedAt,
    r.kioskId,
    r.serviceDay,
    r.issuedOffline,
    r.priority,
    r.customerKey,
    r.dropRequest,
  ];
}

/** The tickets row's values of a reservation (without the number request it answered). */
export const ticketRowValues = (r: JournalReservation) => reservationValues(r).slice(0, 11);

/** A reservation's row body. */
export function reservationBody(r: JournalReservation): string {
  return JSON.stringify(reservationValues(r));
}

/** An issue's row body. */
export function issueBody(i: JournalIssue): string {
  return JSON.stringify([
    i.ticketId,
    i.delivery,
    i.issuedAt,
    i.outboxId,
    i.kind,
    i.createdAt,
    i.kioskId,
  ] satisfies FieldValues<JournalIssue, typeof ISSUE_FIELDS>);
}

/** What each field must hold: text, text or null, a whole number, or 0/1. */
type FieldType = 'text' | 'text?' | 'int' | 'flag';
const RESERVATION_TYPES: readonly FieldType[] = [
  'text', // id
  'text', // number
  'int', // sequence
  'text', // businessTypeId
  'int', // waitingAhead
  'text', // reservedAt
  'text', // kioskId
  'text', // serviceDay
  'flag', // issuedOffline
  'text', // priority
  'text?', // customerKey
  'text?', // dropRequest
];
const ISSUE_TYPES: readonly FieldType[] = ISSUE_FIELDS.map(() => 'text');

const fits = (value: unknown, type: FieldType): boolean =>
  type === 'text'
    ? typeof value === 'string'
    : type === 'text?'
      ? value === null || typeof value === 'string'
      : type === 'int'
        ? Number.isSafeInteger(value)
        : value === 0 || value === 1;

/**
 * A parsed body as its record: an array in `fields` order, or an object (the build before
 * 0013), each field of its type; else null (the row is put aside, never half-folded).
 */
function recordOf<T>(
  body: unknown,
  fields: readonly (keyof T & string)[],
  types: readonly FieldType[],
): T | null {
  if (body === null || typeof body !== 'object') return null;
  const array = Array.isArray(body);
  if (array && body.length !== fields.length) return null;
  const record: Record<string, unknown> = {};
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    const value: unknown = array ? body[index] : (body as Record<string, unknown>)[field];
    if (!fits(value, types[index]!)) return null;
    record[field] = value;
  }
  return record as T;
}

/** A reservation row's body as its record; null when it is not one (the row is put aside). */
export const reservationOf = (body: unknown): JournalReservation | null =>
  recordOf<JournalReservation>(body, RESERVATION_FIELDS, RESERVATION_TYPES);

/** An issue row's body as its record; null when it is not one (the row is put aside). */
export const issueOf = (body: unknown): JournalIssue | null =>
  recordOf<JournalIssue>(body, ISSUE_FIELDS, ISSUE_TYPES);
