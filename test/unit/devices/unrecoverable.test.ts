import { afterEach, describe, expect, it } from 'vitest';
import { cleanUp, printError, settle, setup } from './printer-harness.js';
import { layout } from './ticket-layout.js';

afterEach(cleanUp);

describe('ThermalPrinter: an unrecoverable printer error', () => {
  it('during the job fails the ticket at once, like paper out, not after the job timeout', async () => {
    const { sim, driver, hostTap } = await setup({ jobTimeoutMs: 10_000 });
    hostTap.beforeWrite = (bytes) => {
      if (bytes.length > 16) sim.setUnrecoverableError(true);
      return bytes;
    };
    const started = performance.now();
    const error = await printError(driver.printTicket(layout));
    // The poll every 500 ms sees it; the 10 s barrier wait is not sat out.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(error.reason).toBe('hardwareError');
    expect(error.stage).toBe('job');
    expect(error.status.device).toBe('hardwareError');
    expect(sim.receipts()).toEqual([]);
    // Power-cycled: the dropped ticket must not come out for the next customer.
    sim.setUnrecoverableError(false);
    await settle();
    expect(sim.receipts()).toEqual([]);
  });

  it('before the job refuses the ticket without sending it', async () => {
    const { sim, driver } = await setup({ jobTimeoutMs: 10_000 });
    sim.setUnrecoverableError(true);
    const error = await printError(driver.printTicket(layout));
    expect(error).toMatchObject({ reason: 'hardwareError', stage: 'precheck' });
    sim.setUnrecoverableError(false);
    await settle();
    expect(sim.receipts()).toEqual([]);
  });
});
