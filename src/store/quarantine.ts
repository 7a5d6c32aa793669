/**
 * The outbox quarantine: where an outbox row goes when it fails the kiosk's own checks (its
 * payload is not JSON, its page cannot be read, or, in salvage, the new database's schema or
 * the kiosk refuses it). One damaged row must
 * not set the whole store aside nor block the items behind it: the row is moved here, with the
 * reason, in one transaction, the technician is told, and the rest of the outbox is served.
 *
 * Nothing here is deleted by the kiosk: support reads the table (and may re-queue a repaired
 * row by hand). The table is created by the code, like `schema_migrations`, rather than by a
 * numbered migration: it only ever receives copies, so older software that ignores it loses
 * nothing, and salvage can create it in any database it writes to.
 */
import type Database from 'better-sqlite3';

/** Why and from where a row was quarantined. */
export type QuarantineOrigin = 'outbox' | 'salvage';

/** A quarantined row, for the technician screen and the log. */
export interface QuarantinedOutboxItem {
  /** The row's id when it could be read; null for an unreadable row known only by its seq. */
  readonly id: string | null;
  readonly seq: number | null;
  readonly kind: string | null;
  readonly reason: string;
  readonly origin: QuarantineOrigin;
  readonly quarantinedAt: string;
}

/** What is known of the row being quarantined; every field may be missing from a damaged row. */
export interface QuarantineInput {
  readonly id?: unknown;
  readonly seq?: unknown;
  readonly kioskId?: unknown;
  readonly kind?: unknown;
  /** As read, whatever its type: the raw bytes are what support needs to repair it. */
  readonly payload?: unknown;
  readonly createdAt?: unknown;
}

/**
 * An outbox row's columns as the quarantine takes them: from a checked row (./outbox-row.ts) or
 * from whatever a damaged file gave for each column (./salvage.ts), typed or not.
 */
export function quarantineInputOf(row: {
  readonly id?: unknown;
  readonly seq?: unknown;
  readonly kiosk_id?: unknown;
  readonly kind?: unknown;
  readonly payload?: unknown;
  readonly created_at?: unknown;
}): QuarantineInput {
  return {
    id: row.id,
    seq: row.seq,
    kioskId: row.kiosk_id,
    kind: row.kind,
    payload: row.payload,
    createdAt: row.created_at,
  };
}

export function ensureQuarantineTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS outbox_quarantine (
    id             TEXT,
    seq            INTEGER,
    kiosk_id       TEXT,
    kind           TEXT,
    payload        ANY,
    created_at     TEXT,
    reason         TEXT NOT NULL,
    origin         TEXT NOT NULL CHECK (origin IN ('outbox', 'salvage')),
    quarantined_at TEXT NOT NULL
  ) STRICT`);
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const integer = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value)
    ? value
    : typeof value === 'bigint'
      ? Number(value)
      : null;

/** What STRICT's ANY column can hold: text, a number, a blob or null. */
function storable(value: unknown): string | number | Buffer | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || Buffer.isBuffer(value)) {
    return value;
  }
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? String(value);
}

/** The quarantine table's statements on one connection. */
export class OutboxQuarantine {
  readonly #sql;

  constructor(db: Database.Database) {
    ensureQuarantineTable(db);
    this.#sql = {
      insert: db.prepare(
        `INSERT INTO outbox_quarantine
           (id, seq, kiosk_id, kind, payload, created_at, reason, origin, quarantined_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      list: db.prepare(
        `SELECT id, seq, kind, reason, origin, quarantined_at AS quarantinedAt
         FROM outbox_quarantine ORDER BY rowid DESC LIMIT ?`,
      ),
      count: db.prepare('SELECT count(*) AS n FROM outbox_quarantine'),
    };
  }

  /** Inserts the copy; the caller removes the original in the same transaction. */
  insert(
    row: QuarantineInput,
    reason: string,
    origin: QuarantineOrigin,
    at: Date,
  ): QuarantinedOutboxItem {
    const entry: QuarantinedOutboxItem = {
      id: text(row.id),
      seq: integer(row.seq),
      kind: text(row.kind),
      reason,
      origin,
      quarantinedAt: at.toISOString(),
    };
    this.#sql.insert.run(
      entry.id,
      entry.seq,
      text(row.kioskId),
      entry.kind,
      storable(row.payload),
      text(row.createdAt),
      reason,
      origin,
      entry.quarantinedAt,
    );
    return entry;
  }

  /** The most recent first. */
  list(limit = 20): QuarantinedOutboxItem[] {
    return this.#sql.list.all(limit) as QuarantinedOutboxItem[];
  }

  count(): number {
    return (this.#sql.count.get() as { n: number }).n;
  }
}
