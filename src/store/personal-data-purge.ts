/**
 * Keeps personal data briefly (issue 7, PIPL): a configured time after the branch service
 * acknowledged an outbox item, the personal fields it carried are removed from the item and from
 * the feature's row:
 *   - 'feedback.submitted': the comment, from the outbox payload and the feedback row;
 *   - 'ticket.issued' / 'ticket.voided': the ticket's customer key (the HMAC of the ID card).
 * Then the WAL is checkpointed (TRUNCATE) so the old pages leave kiosk.db-wal; the connection runs
 * with `secure_delete` on (set by openStore), so the freed cells in kiosk.db are zeroed too.
 *
 * It also seals, once at start, feedback comments written before migration 0006 in clear.
 * A named periodic job: started with the store, stopped with it (openStore, close()).
 */
import { FEEDBACK_SUBMITTED } from './feedback.js';
import { TICKET_ISSUED, TICKET_VOIDED } from './tickets.js';
import type { StoreContext } from './transaction.js';

/** Default: a day after the acknowledgement, past any one-ticket-per-card window (240 min). */
export const DEFAULT_PURGE_AFTER_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_PURGE_INTERVAL_MS = 10 * 60 * 1000;

export interface PersonalDataPurgeOptions {
  /** How long after the branch acknowledged an item its personal fields are kept. */
  readonly purgeAfterMs: number;
  /** How often the job looks; default 10 min. */
  readonly intervalMs?: number;
  /** Told after each pass that removed something (the technician's log), never with the data. */
  readonly onPurged?: (report: PurgeReport) => void;
  /** Told when a pass failed (disk full…); the next pass tries again. */
  readonly onFailed?: (error: unknown) => void;
}

export interface PurgeReport {
  readonly feedbackComments: number;
  readonly outboxPayloads: number;
  readonly customerKeys: number;
  /** The WAL was checkpointed to zero bytes (false when a reader held it). */
  readonly walTruncated: boolean;
}

export interface PersonalDataPurge {
  readonly name: 'personal-data-purge';
  /** One pass now; what it removed. */
  runOnce(): PurgeReport;
  start(): void;
  stop(): void;
}

export function createPersonalDataPurge(
  { db, now, write, personalData, foldJournal }: StoreContext,
  options: PersonalDataPurgeOptions,
): PersonalDataPurge {
  // The rows named (by the payload's `idPath`) by items of `kind` acknowledged by the cutoff.
  const acked = (kind: string, idPath: string) =>
    `SELECT json_extract(payload, '${idPath}') FROM outbox
     WHERE kind = '${kind}' AND state = 'acked' AND acked_at <= @cutoff`;
  const sql = {
    feedback: db.prepare(
      `UPDATE feedback SET comment = NULL, comment_purged_at = @now
       WHERE comment IS NOT NULL AND id IN (${acked(FEEDBACK_SUBMITTED, '$.id')})`,
    ),
    outbox: db.prepare(
      `UPDATE outbox SET payload = json_set(payload, '$.comment', NULL)
       WHERE kind = '${FEEDBACK_SUBMITTED}' AND state = 'acked' AND acked_at <= @cutoff
         AND json_extract(payload, '$.comment') IS NOT NULL`,
    ),
    tickets: db.prepare(
      `UPDATE tickets SET customer_key = NULL
       WHERE customer_key IS NOT NULL AND (
         id IN (${acked(TICKET_ISSUED, '$.id')})
         OR id IN (${acked(TICKET_VOIDED, '$.ticketId')}))`,
    ),
    legacy: db.prepare('SELECT id, comment FROM feedback WHERE comment IS NOT NULL'),
    seal: db.prepare('UPDATE feedback SET comment = ? WHERE id = ?'),
  };
  const intervalMs = options.intervalMs ?? DEFAULT_PURGE_INTERVAL_MS;
  let timer: NodeJS.Timeout | null = null;

  const sealLegacyComments = () => {
    const rows = sql.legacy.all() as { id: string; comment: string }[];
    const clear = rows.filter((row) => !personalData.isSealed(row.comment));
    if (clear.length === 0) return;
    write(() => {
      for (const row of clear) sql.seal.run(personalData.seal(row.comment, row.id), row.id);
    });
  };

  const runOnce = (): PurgeReport => {
    // The journal's tickets into tickets first: the journal rows (with their customer keys) are
    // deleted by the fold (secure_delete zeroes them), and the keys purged below.
    foldJournal();
    const at = now();
    const params = {
      cutoff: new Date(at.getTime() - options.purgeAfterMs).toISOString(),
      now: at.toISOString(),
    };
    const counts = write(() => ({
      feedbackComments: sql.feedback.run(params).changes,
      outboxPayloads: sql.outbox.run(params).changes,
      customerKeys: sql.tickets.run(params).changes,
    }));
    const removed = counts.feedbackComments + counts.outboxPayloads + counts.customerKeys;
    let walTruncated = false;
    if (removed > 0) {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      walTruncated = result?.busy === 0;
    }
    const report = { ...counts, walTruncated };
    if (removed > 0) options.onPurged?.(report);
    return report;
  };

  const tick = () => {
    try {
      runOnce();
    } catch (error) {
      options.onFailed?.(error);
    }
  };

  return {
    name: 'personal-data-purge',
    runOnce,
    start() {
      if (timer !== null) return;
      try {
        sealLegacyComments();
      } catch (error) {
        options.onFailed?.(error);
      }
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };
}
