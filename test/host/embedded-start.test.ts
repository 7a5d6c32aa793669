/**
 * The embedded branch service must not hold up the screen (issue 7): the host publishes the
 * attract view while PGlite is still starting, and the kiosk takes tickets with the branch's
 * numbers once the service is up. A number asked for meanwhile waits for the service; the
 * background requests are told to try again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startKioskHost, type KioskHost } from '../../main/kiosk.js';
import {
  startEmbeddedBranchServiceInBackground,
  STARTING_ORIGIN,
  type EmbeddedBranchService,
} from '../../main/embedded-branch-service.js';
import { createMemoryLog } from '../../src/log/index.js';
import { testConfig, waitForScreen, waitForView } from '../support/kiosk-harness.js';
import { takeTicket } from './kiosk-helpers.js';

const hosts: KioskHost[] = [];
const services: EmbeddedBranchService[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  for (const service of services.splice(0)) await service.close();
});

describe('embedded branch service start', () => {
  it('publishes the attract view before the embedded service is up, then issues a branch number', async () => {
    const log = createMemoryLog();
    const host = await startKioskHost(testConfig(), { logger: log.logger });
    hosts.push(host);
    const kiosk = host.kiosk!;
    expect(host.bridge.view().screen).toBe('attract');
    expect(kiosk.branchService).toBeNull();

    await kiosk.branchServiceUp();
    const order = log.events().map((e) => e.event);
    expect(order.indexOf('kiosk.started')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('kiosk.started')).toBeLessThan(order.indexOf('kiosk.branchServiceUp'));
    expect(kiosk.branchService).not.toBeNull();
    expect(kiosk.branchServiceUrl).toBe(kiosk.branchService!.url);
    // The technician learns where the embedded service listens (its port is chosen at start).
    expect(log.named('kiosk.branchServiceUp')).toEqual([
      expect.objectContaining({ url: kiosk.branchService!.url, ms: expect.any(Number) }),
    ]);
    expect(kiosk.branchService!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);

    const issued = await takeTicket(kiosk, 'personal');
    expect(issued.screen).toBe('ticketIssued');
    if (issued.screen !== 'ticketIssued') return;
    expect(issued.ticket.number).toMatch(/^[A-Z]0001$/);
    expect(issued.ticket.issuedOffline ?? false).toBe(false);
    expect((await kiosk.sync.syncNow()).outcome).toBe('delivered');
    const rows = await kiosk.branchService!.query<{ number: string }>('select number from tickets');
    expect(rows).toEqual([{ number: issued.ticket.number }]);
  });

  it('serves the first customers while the embedded service starts: at worst one is refused', async () => {
    const host = await startKioskHost(testConfig(), { logger: createMemoryLog().logger });
    hosts.push(host);
    const kiosk = host.kiosk!;
    // Straight away, on the bundled queues: the number request waits for the service within
    // its own timeout (1.5 s), so this customer is served unless the service takes longer.
    kiosk.bridge.dispatch({ type: 'START' });
    kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
    await waitForScreen(kiosk, 'chooseBusinessType');
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    const first = await waitForView(
      kiosk,
      (v) => !['chooseBusinessType', 'confirmTicket', 'printing'].includes(v.screen),
      30_000,
    );
    kiosk.bridge.dispatch({ type: 'FINISH' });
    await waitForScreen(kiosk, 'attract');

    // Once it is up, the next customer has a number: the branch's, or the block leased then.
    await kiosk.branchServiceUp();
    const second = await takeTicket(kiosk, 'personal');
    expect(second.screen).toBe('ticketIssued');
    if (first.screen === 'ticketIssued' && second.screen === 'ticketIssued') {
      expect(second.ticket.number).not.toBe(first.ticket.number);
    }
  });

  it('lets a number request wait for the starting service and answers background work 503', async () => {
    const config = testConfig();
    const service = startEmbeddedBranchServiceInBackground(config, createMemoryLog().logger);
    services.push(service);
    expect(service.baseUrl).toBe(STARTING_ORIGIN);
    expect(service.current()).toBeNull();

    const starting = await service.fetch(`${service.baseUrl}/v1/config`);
    expect(starting.status).toBe(503);
    expect(starting.headers.get('retry-after')).toBe('1');

    // Unauthenticated on purpose: any answer from the real service proves the request waited.
    const waited = await service.fetch(`${service.baseUrl}/v1/numbers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(30_000),
    });
    expect(service.current()).not.toBeNull();
    expect(waited.status).toBe(401);

    const after = await service.fetch(`${service.baseUrl}/v1/health`);
    expect(after.status).toBe(200);
  });

  it('gives a number request its own timeout while the service starts', async () => {
    const service = startEmbeddedBranchServiceInBackground(testConfig(), createMemoryLog().logger);
    services.push(service);
    await expect(
      service.fetch(`${service.baseUrl}/v1/numbers`, {
        method: 'POST',
        body: '{}',
        signal: AbortSignal.timeout(1),
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    await service.up;
  });
});
