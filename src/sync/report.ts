/**
 * The technician's view of sync, as log events (src/i18n/technician/sync.ts): one event when
 * delivery changes state (failing and retrying, blocked by the service, resumed), not one per
 * retry, each followed by its cause's own event (src/sync/errors.ts), and one per item the
 * service rejected, with its id, kind and reason.
 */
import { logEvent, logEventRecord, type Logger } from '../log/index.js';
import type { SyncOutcome, SyncResult } from './drain.js';
import type { OutboxRejectionRecord } from './ports.js';

export interface SyncReportOptions {
  readonly logger: Logger;
  /** Where the reasons of rejected items are read (the store). */
  readonly rejections: {
    outboxRejections(limit?: number): readonly OutboxRejectionRecord[];
  };
  /** The branch service address, named in the "blocked" advice. */
  readonly url: string;
}

/** A SyncWorker `onRun` callback that logs what the technician needs to know. */
export function syncReporter(options: SyncReportOptions): (result: SyncResult) => void {
  const { logger, rejections, url } = options;
  let last: Exclude<SyncOutcome, 'delivered' | 'stopped'> = 'idle';
  return (result) => {
    if (result.rejected > 0) {
      for (const item of rejections.outboxRejections(result.rejected)) {
        logEvent(logger, 'sync.itemRejected', {
          id: item.id,
          kind: item.kind,
          reason: item.reason,
        });
      }
    }
    if (result.outcome === 'stopped') return;
    const state = result.outcome === 'delivered' ? 'idle' : result.outcome;
    if (state === last) return;
    last = state;
    const { backlog, cause } = result;
    // The state change names the cause by its code; the cause's own sentence (what to check)
    // follows on the next line, in the logger's language.
    const code = cause?.code ?? 'unknown';
    if (state === 'retry-later') logEvent(logger, 'sync.deliveryFailing', { code, backlog });
    else if (state === 'blocked') logEvent(logger, 'sync.blocked', { code, backlog, url });
    else logEvent(logger, 'sync.resumed', { backlog });
    if (state !== 'idle' && cause !== null) logEventRecord(logger, cause);
  };
}
