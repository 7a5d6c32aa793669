// The technician's view of sync: events on state changes (not per retry) and per rejected item.
import { describe, expect, it } from 'vitest';
import { createMemoryLog } from '../../../src/log/index.js';
import type { SyncResult } from '../../../src/sync/index.js';
import { describeCause, syncCause, syncReporter } from '../../../src/sync/index.js';

const result = (overrides: Partial<SyncResult>): SyncResult => ({
  outcome: 'idle',
  acked: 0,
  rejected: 0,
  backlog: 0,
  error: null,
  cause: null,
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
    const down = syncCause('connectionRefused', { url: 'http://branch.test' });
    for (let i = 0; i < 3; i++) {
      report(
        result({ outcome: 'retry-later', backlog: 2, error: describeCause(down), cause: down }),
      );
    }
    expect(log.named('sync.deliveryFailing')).toEqual([
      expect.objectContaining({ level: 'warn', code: 'connectionRefused', backlog: 2 }),
    ]);
    // The cause's own sentence (what to check) is the next line, from the catalogue.
    expect(log.named('sync.connectionRefused')).toEqual([
      expect.objectContaining({ url: 'http://branch.test', msg: describeCause(down) }),
    ]);
    report(result({ outcome: 'delivered', acked: 2 }));
    report(result({ outcome: 'idle' }));
    expect(names()).toEqual(['sync.deliveryFailing', 'sync.connectionRefused', 'sync.resumed']);
    expect(log.named('sync.resumed')[0]).toMatchObject({ level: 'info', backlog: 0 });
  });

  it('says blocked once, with the address to check, and ignores a stopped run', () => {
    const { log, report, names } = reporter();
    const refused = syncCause('kioskRefused', {
      kioskId: 'kiosk-1',
      status: 401,
      said: 'UNAUTHORIZED: no',
    });
    report(result({ outcome: 'blocked', backlog: 3, cause: refused }));
    report(result({ outcome: 'blocked', backlog: 4, cause: refused }));
    report(result({ outcome: 'stopped', backlog: 4 }));
    expect(names()).toEqual(['sync.blocked', 'sync.kioskRefused']);
    expect(log.named('sync.blocked')[0]).toMatchObject({
      level: 'error',
      code: 'kioskRefused',
      backlog: 3,
      url: 'http://branch.test',
    });
    expect(String(log.events()[0]!.msg)).toContain('kioskId/kioskToken');
    expect(log.named('sync.kioskRefused')[0]).toMatchObject({ status: 401, kioskId: 'kiosk-1' });
    // An outage after the refusal is a new state; so is the way back.
    const timeout = syncCause('timeout', { url: 'http://branch.test', timeoutMs: 5000 });
    report(result({ outcome: 'retry-later', backlog: 4, cause: timeout }));
    report(result({ outcome: 'idle', backlog: 0 }));
    expect(names()).toEqual([
      'sync.blocked',
      'sync.kioskRefused',
      'sync.deliveryFailing',
      'sync.serviceTimedOut',
      'sync.resumed',
    ]);
  });

  it("speaks the logger's language: no English prose in a zh-CN log", () => {
    const log = createMemoryLog({ language: 'zh-CN' });
    const report = syncReporter({
      logger: log.logger,
      rejections: { outboxRejections: () => [] },
      url: 'http://branch.test',
    });
    const down = syncCause('connectionRefused', { url: 'http://branch.test' });
    report(result({ outcome: 'retry-later', backlog: 2, error: describeCause(down), cause: down }));
    const lines = log.events().map((e) => String(e.msg));
    expect(lines).toEqual([
      '待发队列未能送达（connectionRefused：见下一行）；2 项在队列中等待，正在重试。',
      '网点服务（http://branch.test）拒绝连接：服务是否在运行，地址是否正确？',
    ]);
    expect(JSON.stringify(log.events())).not.toContain('refused the connection');
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
