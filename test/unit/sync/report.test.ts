// The technician's view of sync: events on state changes (not per retry) and per rejected item.
import { describe, expect, it } from 'vitest';
import { createMemoryLog } from '../../../src/log/index.js';
import type { SyncResult } from '../../../src/sync/index.js';
import { syncReporter } from '../../../src/sync/index.js';

const result = (overrides: Partial<SyncResult>): SyncResult => ({
  outcome: 'idle',
  acked: 0,
  rejected: 0,
  backlog: 0,
  error: null,
  ...overrides,
});

function reporter() {
  const log = createMemoryLog();
  const rejections = [
    { id: '01950000-0000-7000-8000-0000000000b2', kind: 'ticket.issued', reason: 'second' },
    { id: '01950000-0000-7000-8000-0000000000b1', kind: 'ticket.issued', reason: 'first' },
  ];
  const report = syncReporter({
    logger: log.logger,
    rejections: { outboxRejections: (limit = 20) => rejections.slice(0, limit) },
    url: 'http://branch.test',
  });
  const names = () => log.events().map((e) => e.event);
  return { log, report, names };
}

describe('syncReporter', () => {
  it('logs one event when delivery starts failing, not one per retry, and one when it resumes', () => {
    const { log, report, names } = reporter();
    report(result({ outcome: 'idle' }));
    expect(names()).toEqual([]);
    const down = 'The branch service at http://branch.test refused the connection.';
    for (let i = 0; i < 3; i++) {
      report(result({ outcome: 'retry-later', backlog: 2, error: down }));
    }
    expect(log.named('sync.deliveryFailing')).toEqual([
      expect.objectContaining({ level: 'warn', reason: down, backlog: 2 }),
    ]);
    report(result({ outcome: 'delivered', acked: 2 }));
    report(result({ outcome: 'idle' }));
    expect(names()).toEqual(['sync.deliveryFailing', 'sync.resumed']);
    expect(log.named('sync.resumed')[0]).toMatchObject({ level: 'info', backlog: 0 });
  });

  it('says blocked once, with the address to check, and ignores a stopped run', () => {
    const { log, report, names } = reporter();
    const refused = 'The branch service refused kiosk "kiosk-1" (401: UNAUTHORIZED: no).';
    report(result({ outcome: 'blocked', backlog: 3, error: refused }));
    report(result({ outcome: 'blocked', backlog: 4, error: refused }));
    report(result({ outcome: 'stopped', backlog: 4 }));
    expect(names()).toEqual(['sync.blocked']);
    expect(log.named('sync.blocked')[0]).toMatchObject({
      level: 'error',
      reason: refused,
      backlog: 3,
      url: 'http://branch.test',
    });
    expect(String(log.events()[0]!.msg)).toContain('kioskId/kioskToken');
    // An outage after the refusal is a new state; so is the way back.
    report(result({ outcome: 'retry-later', backlog: 4, error: 'timeout' }));
    report(result({ outcome: 'idle', backlog: 0 }));
    expect(names()).toEqual(['sync.blocked', 'sync.deliveryFailing', 'sync.resumed']);
  });

  it('logs every item rejected in the run with its id, kind and reason', () => {
    const { log, report, names } = reporter();
    report(result({ outcome: 'delivered', acked: 1, rejected: 2 }));
    expect(names()).toEqual(['sync.itemRejected', 'sync.itemRejected']);
    expect(log.named('sync.itemRejected')).toEqual([
      expect.objectContaining({
        level: 'error',
        id: '01950000-0000-7000-8000-0000000000b2',
        kind: 'ticket.issued',
        reason: 'second',
      }),
      expect.objectContaining({ id: '01950000-0000-7000-8000-0000000000b1', reason: 'first' }),
    ]);
  });
});
