/**
 * The guide feature's part of the store: a customer's call for a guide and the staff PIN's audit
 * log (migrations/0005_guide.sql). Each write appends its outbox item ('guide.called',
 * 'guide.audit') in the same transaction, so the branch service learns of every stored row and
 * of nothing that was rolled back. The PIN is never an argument here: only what it came to.
 */
import {
  GUIDE_AUDIT_OUTCOMES,
  GuideAuditPayloadSchema,
  GuideCalledPayloadSchema,
  type GuideAuditOutcome,
  type GuideAuditPayload,
  type GuideCalledPayload,
} from '../contract/sync.js';
import { localDay } from '../domain/local-time.js';
import { uuidv7 } from '../uuidv7.js';
import { StoreError } from './errors.js';
import { appendOutbox } from './outbox.js';
import type { StoreContext } from './transaction.js';

export const GUIDE_CALLED = 'guide.called';
export const GUIDE_AUDIT = 'guide.audit';

export interface GuideAuditInput {
  readonly outcome: GuideAuditOutcome;
  /** Consecutive failures after this use (0 after an accepted PIN). */
  readonly failures: number;
  /** Until when the keypad refuses PINs, or null. */
  readonly lockedUntil: Date | null;
}

export interface GuideStore {
  /** Stores a call for a guide and queues it for the branch service, in one transaction. */
  recordCall(): GuideCalledPayload;
  /** Stores one use of the staff PIN and queues it, in one transaction. */
  recordAudit(input: GuideAuditInput): GuideAuditPayload;
  /**
   * Where the PIN lock stands, from the last audited use: its consecutive failures and lockout
   * (none before the first use). The audit log is the lock's memory, so a restart keeps it.
   */
  pinLockState(): { failures: number; lockedUntil: Date | null };
}

function checkAudit({ outcome, failures, lockedUntil }: GuideAuditInput): void {
  const invalid = (message: string): never => {
    throw new StoreError('INVALID_ARGUMENT', `recordAudit: ${message}`);
  };
  if (!GUIDE_AUDIT_OUTCOMES.includes(outcome)) {
    invalid(`the outcome must be one of ${GUIDE_AUDIT_OUTCOMES.join(', ')}.`);
  }
  if (!Number.isInteger(failures) || failures < 0) {
    invalid(`failures must be a whole number from 0, got ${JSON.stringify(failures)}.`);
  }
  if (lockedUntil !== null && Number.isNaN(lockedUntil.getTime())) {
    invalid('lockedUntil must be a valid date or null.');
  }
}

export function createGuideStore({ db, write }: StoreContext): GuideStore {
  const insertCall = db.prepare(
    `INSERT INTO guide_calls (id, kiosk_id, called_at, service_day)
     VALUES (@id, @kioskId, @calledAt, @serviceDay)`,
  );
  const insertAudit = db.prepare(
    `INSERT INTO guide_audit (id, kiosk_id, outcome, failures, locked_until, at, service_day)
     VALUES (@id, @kioskId, @outcome, @failures, @lockedUntil, @at, @serviceDay)`,
  );
  const lastAudit = db.prepare(
    `SELECT failures, locked_until FROM guide_audit ORDER BY rowid DESC LIMIT 1`,
  );
  return {
    pinLockState() {
      const last = lastAudit.get() as { failures: number; locked_until: string | null } | undefined;
      if (last === undefined) return { failures: 0, lockedUntil: null };
      return {
        failures: last.failures,
        lockedUntil: last.locked_until === null ? null : new Date(last.locked_until),
      };
    },
    recordCall() {
      return write((tx) => {
        const call: GuideCalledPayload = GuideCalledPayloadSchema.parse({
          id: uuidv7(tx.now.getTime()),
          kioskId: tx.kioskId,
          calledAt: tx.now.toISOString(),
          serviceDay: localDay(tx.now),
        });
        insertCall.run(call);
        appendOutbox(tx, GUIDE_CALLED, call);
        return call;
      });
    },
    recordAudit(input) {
      checkAudit(input);
      return write((tx) => {
        const audit: GuideAuditPayload = GuideAuditPayloadSchema.parse({
          id: uuidv7(tx.now.getTime()),
          kioskId: tx.kioskId,
          outcome: input.outcome,
          failures: input.failures,
          lockedUntil: input.lockedUntil?.toISOString() ?? null,
          at: tx.now.toISOString(),
          serviceDay: localDay(tx.now),
        });
        insertAudit.run(audit);
        appendOutbox(tx, GUIDE_AUDIT, audit);
        return audit;
      });
    },
  };
}
