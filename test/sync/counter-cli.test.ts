// The demo counter's command line against the real branch service over HTTP: call next, recall,
// served, no-show and status, with the tickets two kiosks allocated.
import { describe, expect, it } from 'vitest';
import { runCounterCli } from '../../main/counter/run.js';
import { BranchServiceClient } from '../../src/sync/index.js';
import { localDay } from '../../src/domain/local-time.js';
import { uuidv7 } from '../../src/uuidv7.js';
import { Cleanup, branchService } from './harness.js';

describe('counter command line', () => {
  it('calls the branch’s tickets in order and reports the queues', async () => {
    const cleanup = new Cleanup();
    try {
      const service = await branchService(cleanup, {
        kiosks: { 'kiosk-1': 'k1', 'counter-1': 'c1' },
      });
      const kiosk = new BranchServiceClient({
        baseUrl: service.url,
        kioskId: 'kiosk-1',
        token: 'k1',
      });
      const serviceDay = localDay(new Date());
      const numbers = [];
      for (let i = 0; i < 3; i++) {
        const answer = await kiosk.allocateNumber({
          ticketId: uuidv7(),
          businessTypeId: 'personal',
          serviceDay,
        });
        numbers.push(answer);
      }
      const run = async (...args: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCounterCli(
          ['--url', service.url, '--id', 'counter-1', '--token', 'c1', '--window', 'w1', ...args],
          {},
          { out: (l) => out.push(l), err: (l) => err.push(l) },
        );
        return { code, out: out.join('\n'), err: err.join('\n') };
      };

      const first = await run('next', 'personal');
      expect(first).toMatchObject({ code: 0, out: expect.stringContaining('called to w1: A0001') });
      expect((await run('recall', numbers[0]!.ticketId)).out).toContain('recall: A0001');
      const second = await run('next', 'personal');
      expect(second.out).toContain('served: A0001');
      expect(second.out).toContain('called to w1: A0002');
      expect((await run('no-show', numbers[1]!.ticketId)).out).toContain('no-show: A0002');
      expect((await run('served', numbers[1]!.ticketId)).code).toBe(1); // not called any more
      const status = await run('status');
      expect(status.out).toContain('personal: 1 waiting, 0 called, 1 served');

      expect((await run('next')).code).toBe(2);
      expect((await run('fly')).err).toContain('Unknown command');
      const wrong = await runCounterCli(
        ['--url', service.url, '--id', 'counter-1', '--token', 'nope', 'status'],
        {},
        { out: () => undefined, err: () => undefined },
      );
      expect(wrong).toBe(1);
    } finally {
      await cleanup.run();
    }
  });
});
