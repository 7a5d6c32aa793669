/**
 * The ID reader under the generic device supervisor (in-process): statuses published from SAM
 * status polls, a SAM failure reported as hardwareError, recovery.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdCardReader } from '../../../devices/idcard/driver.js';
import { superviseIdReader } from '../../../devices/idcard/supervised.js';
import { VirtualIdReader } from '../../../devices/sim/virtual-id-reader.js';
import { createInProcessTransportPair } from '../../../devices/transport/in-process.js';
import type { IdReaderStatus } from '../../../src/domain/device-status.js';
import { createMemoryLog } from '../../../src/log/index.js';

let sim: VirtualIdReader;
let reader: IdCardReader;

beforeEach(async () => {
  const [host, device] = createInProcessTransportPair();
  sim = new VirtualIdReader(device);
  reader = new IdCardReader(host, { commandTimeoutMs: 100, settleMs: 20 });
  await sim.open();
});

afterEach(async () => {
  await reader.close();
  await sim.close();
});

describe('supervised ID reader', () => {
  it('publishes online, then a failed SAM, then online again', async () => {
    const log = createMemoryLog();
    const supervisor = superviseIdReader(reader, { logger: log.logger, pollMs: 20 });
    const seen: IdReaderStatus[] = [];
    supervisor.onStatus((status) => seen.push(status));
    const until = async (test: (s: IdReaderStatus) => boolean): Promise<void> => {
      while (!test(supervisor.current())) await new Promise((r) => setTimeout(r, 5));
    };
    try {
      await supervisor.start();
      expect(supervisor.current()).toEqual({ device: 'online', media: 'noCard', sam: 'ok' });
      sim.setFault('samFailure');
      await until((s) => s.sam === 'selfTestFailed');
      expect(supervisor.current()).toEqual({
        device: 'hardwareError',
        media: 'noCard',
        sam: 'selfTestFailed',
      });
      sim.setFault(undefined);
      await until((s) => s.device === 'online');
      expect(supervisor.current().sam).toBe('ok');
      expect(log.named('device.statusChanged').length).toBeGreaterThanOrEqual(2);
      expect(seen.map((s) => s.device)).toContain('hardwareError');
    } finally {
      await supervisor.stop();
    }
  });
});
