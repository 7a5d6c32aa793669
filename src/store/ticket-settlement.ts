/**
 * Where boot looks for reservations a crash left between reserving and issuing (issue 7,
 * durable enqueue; migrations/0011): the kiosk's settlement mark, a tickets rowid at or below
 * which every ticket of that kiosk is issued or voided. Only the tickets above it can be open,
 * so boot reads those (a rowid range), and no index on open reservations is written per ticket
 * (that partial index cost a page write on both of a ticket's commits).
 *
 * The mark moves in two places, each in the transaction that reads what it moves past: boot's
 * settlement (./tickets.ts, settleInterruptedReservations) voids every open reservation and sets
 * it to the last ticket; and when the store is idle (./store.ts, after the idle checkpoint) it
 * moves to just below the first reservation still open (a receipt printing), or to the last
 * ticket. Tickets are never deleted, so a new ticket's rowid is above every mark. A kiosk up for
 * months without a restart thus reads at boot only the tickets since its last idle moment.
 *
 * Owned by the ticket feature (./tickets.ts); statements prepared at first use, so a store opened
 * on a database from before 0011 (the migration tests build old databases with this code) still
 * reserves and issues.
 */
import type Database from 'better-sqlite3';
import type { TicketRow } from './tickets.js';

export interface TicketSettlement {
  /** The kiosk's reservations neither issued nor voided (above its mark), oldest first. */
  unsettled(kioskId: string): TicketRow[];
  /** The last ticket's rowid (0 with none): read in a transaction before settling up to it. */
  lastTicket(): number;
  /** Every ticket of the kiosk up to `through` is issued or voided (never moves down). */
  markSettledThrough(kioskId: string, through: number): void;
  /**
   * Moves the mark up to just below the kiosk's first open reservation, or to the last ticket,
   * in one transaction of its own; true when it moved, false inside another transaction.
   */
  advance(kioskId: string): boolean;
}

function prepare(db: Database.Database) {
  return {
    // Only tickets above the kiosk's settlement mark can be unsettled (migrations/0011): a
    // rowid range from the mark, the tickets since the last settlement or idle advance.
    unissued: db.prepare(
      `SELECT * FROM tickets
       WHERE rowid > (SELECT coalesce(max(settled_through), 0) FROM ticket_settlement
                      WHERE kiosk_id = @kioskId)
         AND status = 'reserved' AND voided_at IS NULL AND kiosk_id = @kioskId
       ORDER BY reserved_at`,
    ),
    // Every ticket of the kiosk up to `through` is issued or voided: the mark moves there.
    markSettled: db.prepare(
      `INSERT INTO ticket_settlement (kiosk_id, settled_through) VALUES (@kioskId, @through)
       ON CONFLICT (kiosk_id) DO UPDATE SET settled_through = excluded.settled_through
       WHERE excluded.settled_through > settled_through`,
    ),
    lastTicket: db.prepare('SELECT coalesce(max(rowid), 0) FROM tickets').pluck(),
    // Just below the kiosk's first reservation still open above its mark, if any.
    openFrom: db
      .prepare(
        `SELECT min(rowid) - 1 FROM tickets
         WHERE rowid > (SELECT coalesce(max(settled_through), 0) FROM ticket_settlement
                        WHERE kiosk_id = @kioskId)
           AND status = 'reserved' AND voided_at IS NULL AND kiosk_id = @kioskId`,
      )
      .pluck(),
  };
}

export function createTicketSettlement(db: Database.Database): TicketSettlement {
  let statements: ReturnType<typeof prepare> | undefined;
  const sql = () => (statements ??= prepare(db));
  const lastTicket = () => sql().lastTicket.get() as number;
  const markSettledThrough = (kioskId: string, through: number) =>
    sql().markSettled.run({ kioskId, through }).changes > 0;
  return {
    unsettled: (kioskId) => sql().unissued.all({ kioskId }) as TicketRow[],
    lastTicket,
    markSettledThrough: (kioskId, through) => void markSettledThrough(kioskId, through),
    advance(kioskId) {
      if (db.inTransaction) return false;
      // Read and written in one transaction, so the mark only moves to where every ticket below
      // it is settled: below the first reservation still open (a receipt printing, or one a
      // crash left), or with none open, to the last ticket.
      return db
        .transaction(() => {
          const open = sql().openFrom.get({ kioskId }) as number | null;
          return markSettledThrough(kioskId, open ?? lastTicket());
        })
        .immediate();
    },
  };
}
