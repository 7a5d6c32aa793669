/**
 * The ticket journal (issue 7, durable enqueue; migrations/0012): what a ticket's two durable
 * commits write. Reserving (before printing) and issuing (after) each append ONE row to one
 * index-free table, about one WAL page per commit, instead of a tickets row with its indexes
 * and an outbox row with its index and AUTOINCREMENT counter (4 and 5 pages).
 *
 * The rows are moved into tickets and outbox by the fold (./ticket-journal-fold.ts), so the
 * tables keep their shape and every reader its queries: the store folds at open, when idle
 * (before the checkpoint), and before every other read or write of tickets, outbox or number
 * blocks (`fold()`, cheap when nothing is unfolded: a counter). Reserve and issue never fold:
 * that is the point. What they need of the unfolded rows is kept here, in memory:
 *
 * - the unfolded tickets by id, so that issue validates what its UPDATE … RETURNING did (the
 *   reservation exists, is not issued yet, not voided) without the row being in tickets, and a
 *   second issue of the same ticket (a retried "printed", a double tap) appends nothing;
 * - (in ./number-blocks.ts) each leased block's next number, advanced by each reservation (and
 *   kept across folds: a fold moves the rows it counted).
 *
 * Both hold every row of the journal on this connection: each row is appended here and
 * remembered once its commit returned, and the unfolded tickets are forgotten only after a fold
 * that committed on its own (a fold inside someone else's transaction keeps them; see fold()). A fold lost to a crash leaves the rows in the journal
 * and the memory gone with the process; the next open folds them first.
 */
import type Database from 'better-sqlite3';
import type { Ticket, TicketDelivery } from '../domain/ticket.js';
import { isoTimestamp } from '../iso-time.js';
import { uuidv7 } from '../uuidv7.js';
import type { QuarantinedOutboxItem } from './quarantine.js';
import { foldTicketJournal, hasTicketJournal } from './ticket-journal-fold.js';
import {
  issueBody,
  JOURNAL_ISSUE,
  JOURNAL_RESERVE,
  reservationBody,
  type JournalIssue,
  type JournalReservation,
} from './ticket-journal-rows.js';
import type { StoreTx } from './transaction.js';

/** A ticket written to the journal and not folded yet. */
export interface UnfoldedTicket {
  ticket: Ticket;
  readonly serviceDay: string;
}

export interface TicketJournalOptions {
  readonly now: () => Date;
  /** After the commit of an issue: its outbox item will be there at the next read (the kick). */
  readonly outboxAppended: () => void;
  /** Each journal row the fold could not apply, moved to the outbox quarantine. */
  readonly quarantined: (entry: QuarantinedOutboxItem) => void;
  /**
   * Runs one statement as its own durable commit (autocommit: no BEGIN and COMMIT around it),
   * watched as the store's writes are (a refused write tells the space watch; the idle
   * checkpoint counts it). Refuses to run inside a write, where it would join that write.
   */
  readonly commitAlone: (run: () => void) => void;
}

/** The journal open on each connection: the ticket store finds it by its connection. */
const journals = new WeakMap<Database.Database, TicketJournal>();

/** The connection's journal (made by the store at open); undefined: the tables directly. */
export function ticketJournalOf(db: Database.Database): TicketJournal | undefined {
  return journals.get(db);
}

export class TicketJournal {
  readonly #db: Database.Database;
  readonly #options: TicketJournalOptions;
  readonly #append: Database.Statement | null;
  readonly #tickets = new Map<string, UnfoldedTicket>();
  /** Journal rows committed since the last fold: 0 makes fold() free. */
  #unfolded = 0;

  constructor(db: Database.Database, options: TicketJournalOptions) {
    this.#db = db;
    this.#options = options;
    // A database from before 0012 (the migration tests open old ones): no journal, the ticket
    // store writes its tables directly, as it did.
    this.#append = hasTicketJournal(db)
      ? db.prepare('INSERT INTO ticket_journal (kind, body, payload) VALUES (?, ?, ?)')
      : null;
    journals.set(db, this);
  }

  /** False on a database without the journal table (before migrations/0012). */
  get available(): boolean {
    return this.#append !== null;
  }

  /** True while rows are written and not folded. */
  get pending(): boolean {
    return this.#unfolded > 0;
  }

  /**
   * The issued tickets only the journal holds (their outbox items are made by the fold): how
   * many, and when the first was issued. For the backlog while the disk refuses the fold.
   */
  unfoldedIssues(): { readonly count: number; readonly oldestIssuedAt: string | null } {
    let count = 0;
    let oldestIssuedAt: string | null = null;
    for (const { ticket } of this.#tickets.values()) {
      if (ticket.status !== 'issued' || ticket.issuedAt === null) continue;
      count += 1;
      if (oldestIssuedAt === null || ticket.issuedAt < oldestIssuedAt) {
        oldestIssuedAt = ticket.issuedAt;
      }
    }
    return { count, oldestIssuedAt };
  }

  /** The unfolded ticket with this id, as it stands after its journal rows; else undefined. */
  unfolded(id: string): UnfoldedTicket | undefined {
    return this.#tickets.get(id);
  }

  /**
   * Appends a reservation as its own durable commit: the one statement of a reservation with
   * nothing else to write (the common case). Without a transaction around it: BEGIN, COMMIT and
   * the write's wrapper cost a commit about 4 µs right after the previous flush, where
   * everything runs cold (issue 7, durable enqueue). Remembered once committed.
   */
  reserveAlone(ticket: Ticket, entry: JournalReservation): void {
    const body = reservationBody(entry);
    this.#options.commitAlone(() => this.#append!.run(JOURNAL_RESERVE, body, null));
    this.#remember(ticket, entry.serviceDay);
  }

  /** Appends a reservation inside the caller's write (one that also settles a number request). */
  reserve(tx: StoreTx, ticket: Ticket, entry: JournalReservation): void {
    this.#append!.run(JOURNAL_RESERVE, reservationBody(entry), null);
    tx.afterCommit(() => this.#remember(ticket, entry.serviceDay));
  }

  /**
   * Appends the issue of `ticket` (a reservation open for issue, checked by the caller) as its
   * own durable commit (see reserveAlone): its `ticket.issued` outbox item, with the id it will
   * keep in the outbox. Returns the issued ticket.
   */
  issueAlone(
    ticket: Ticket,
    serviceDay: string,
    delivery: TicketDelivery,
    kind: string,
    at: { readonly now: Date; readonly kioskId: string },
  ): Ticket {
    const { issued, body } = issueRow(ticket, delivery, kind, at);
    this.#options.commitAlone(() => this.#append!.run(JOURNAL_ISSUE, body, null));
    this.#remember(issued, serviceDay);
    try {
      this.#options.outboxAppended();
    } catch {
      // Committed already: a faulty listener must not turn an issued ticket into an error.
    }
    return issued;
  }

  /** The same as issueAlone, inside the caller's write (a reservation read from tickets). */
  issue(
    tx: StoreTx,
    ticket: Ticket,
    serviceDay: string,
    delivery: TicketDelivery,
    kind: string,
  ): Ticket {
    const { issued, body } = issueRow(ticket, delivery, kind, tx);
    this.#append!.run(JOURNAL_ISSUE, body, null);
    tx.afterCommit(() => this.#remember(issued, serviceDay));
    tx.afterCommit(this.#options.outboxAppended);
    return issued;
  }

  /** A committed journal row's ticket, until the fold. */
  #remember(ticket: Ticket, serviceDay: string): void {
    this.#tickets.set(ticket.id, { ticket, serviceDay });
    this.#unfolded += 1;
  }

  /**
   * Folds what is unfolded (see ./ticket-journal-fold.ts): in its own transaction, flushed
   * unless `flush` is false (the idle fold, which a checkpoint follows). Free when nothing is
   * unfolded.
   *
   * Inside a transaction someone else opened (a reader called within a feature's write), the
   * rows are folded in it, so that the reader sees them, but the memory is kept: that
   * transaction may still roll back and put the rows back, and forgetting them would let an
   * issue fail for a reserved ticket and a number be handed out twice once the cursors are read
   * again. Kept while they were folded, the memory is only stale, which is safe (the fold is
   * idempotent, and an issue of a ticket whose reservation is in tickets folds onto it); the
   * next fold outside a transaction clears it.
   */
  fold({ flush = true }: { readonly flush?: boolean } = {}): void {
    if (this.#unfolded === 0 || this.#append === null || !this.#db.open) return;
    const inOuterTransaction = this.#db.inTransaction;
    const result = foldTicketJournal(this.#db, this.#options.now(), { flush });
    if (!inOuterTransaction) this.#folded();
    for (const entry of result.quarantined) {
      try {
        this.#options.quarantined(entry);
      } catch {
        // Reporting must not stop the fold's caller.
      }
    }
  }

  /**
   * Folds inside the caller's write transaction (a feature's write that reads or appends to the
   * tables): the memory is cleared once that transaction has committed.
   */
  foldIn(tx: StoreTx): void {
    if (this.#unfolded === 0 || this.#append === null) return;
    const result = foldTicketJournal(tx.db, tx.now);
    tx.afterCommit(() => {
      this.#folded();
      for (const entry of result.quarantined) this.#options.quarantined(entry);
    });
  }

  #folded(): void {
    this.#tickets.clear();
    this.#unfolded = 0;
  }
}

/**
 * An issue's journal row: the issued ticket, and the row's body with the outbox item's id. The
 * outbox payload (the issued ticket and its service day) is built by the fold from the issued
 * row: JSON the customer's commit need not wait for.
 */
function issueRow(
  ticket: Ticket,
  delivery: TicketDelivery,
  kind: string,
  at: { readonly now: Date; readonly kioskId: string },
): { issued: Ticket; body: string } {
  const issuedAt = isoTimestamp(at.now);
  const entry: JournalIssue = {
    ticketId: ticket.id,
    delivery,
    issuedAt,
    outboxId: uuidv7(at.now.getTime()),
    kind,
    createdAt: issuedAt,
    kioskId: at.kioskId,
  };
  return { issued: issuedTicket(ticket, delivery, issuedAt), body: issueBody(entry) };
}

/**
 * The reservation `ticket` as issued. Written out rather than `{ ...ticket, status, … }`: a
 * spread that then overrides keys takes V8's slow path, and right after the reservation's
 * flush it cost the issue 6 µs, more than the rest of its work (issue 7, durable enqueue).
 */
function issuedTicket(ticket: Ticket, delivery: TicketDelivery, issuedAt: string): Ticket {
  const issued: Ticket = {
    id: ticket.id,
    number: ticket.number,
    businessTypeId: ticket.businessTypeId,
    status: 'issued',
    delivery,
    waitingAhead: ticket.waitingAhead,
    reservedAt: ticket.reservedAt,
    issuedAt,
    kioskId: ticket.kioskId,
    issuedOffline: ticket.issuedOffline,
  };
  return ticket.priority === undefined ? issued : { ...issued, priority: ticket.priority };
}
