// The branch service's logger option: a pino Logger is used as is; the older message-shaped
// logger ({ info, warn, error }) still receives each event's sentence and fields.
import { describe, expect, it } from 'vitest';
import { serviceLogger, silentLogger } from '../../../branch-service/log.js';
import { createMemoryLog, logEvent } from '../../../src/log/index.js';

describe('branch service logger', () => {
  it('uses a pino logger as given', () => {
    const memory = createMemoryLog();
    const log = serviceLogger(memory.logger);
    expect(log).toBe(memory.logger);
    logEvent(log, 'branchService.itemRejected', { kiosk: 'k1', id: 'i1', reason: 'bad' });
    expect(memory.named('branchService.itemRejected')).toEqual([
      expect.objectContaining({ level: 'warn', kiosk: 'k1', id: 'i1', reason: 'bad' }),
    ]);
  });

  it('forwards events to a message-shaped logger, by level', () => {
    const lines: [string, string, Record<string, unknown> | undefined][] = [];
    const log = serviceLogger({
      info: (message, fields) => lines.push(['info', message, fields]),
      warn: (message, fields) => lines.push(['warn', message, fields]),
      error: (message, fields) => lines.push(['error', message, fields]),
    });
    logEvent(log, 'branchService.batchApplied', {
      kiosk: 'k1',
      items: 2,
      inserted: 1,
      duplicates: 1,
      rejected: 0,
    });
    logEvent(log, 'branchService.itemRejected', { kiosk: 'k1', id: 'i1', reason: 'bad' });
    logEvent(log, 'branchService.databaseUnavailable', { reason: 'gone' });
    expect(lines.map(([level]) => level)).toEqual(['info', 'warn', 'error']);
    expect(lines[1]![1]).toBe('Rejected item i1 from kiosk k1: bad');
    expect(lines[1]![2]).toMatchObject({ event: 'branchService.itemRejected', kiosk: 'k1' });
  });

  it('silentLogger logs nothing', () => {
    expect(silentLogger.isLevelEnabled('fatal')).toBe(false);
  });
});
