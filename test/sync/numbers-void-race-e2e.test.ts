// End to end, the race of numbers-void-race.test.ts as a kiosk meets it: its number request is
// held up in the network (test/support/fault-proxy.ts), the kiosk gives up, issues from its
// block and delivers the void of the request; the request reaches the service only afterwards.
// The late allocation is refused and its number stays voided. PGlite and PostgreSQL 15.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BranchService } from '../../branch-service/server.js';
import { NUMBER_PATHS } from '../../src/contract/numbers.js';
import { createMemoryLog } from '../../src/log/index.js';
import { serviceDayOf } from '../../src/store/index.js';
import { BranchServiceClient, SyncWorker } from '../../src/sync/index.js';
import { TicketNumbers } from '../../src/sync/ticket-numbers.js';
import { uuidv7 } from '../../src/uuidv7.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { databaseBackends, lazyPostgres } from '../support/postgres.js';
import { seeded } from '../support/seeded.js';
import { Cleanup, KIOSK_ID, PERSONAL, TOKEN, branchService, tempStore } from './harness.js';

const postgres = lazyPostgres();
afterAll(() => postgres.stop());

describe.each(databaseBackends(postgres))(
  'a number request held up past the kiosk’s timeout, service on $name',
  (backend) => {
    const cleanup = new Cleanup();
    let service: BranchService;
    let proxy: FaultProxy;
    beforeAll(async () => {
      service = await branchService(cleanup, { database: await backend.fresh() });
      proxy = await FaultProxy.start(service.url);
      cleanup.add(() => proxy.close());
    }, 120_000);
    afterAll(() => cleanup.run());

    it('arrives after the void: refused, and its number is voided, never waiting', async () => {
      const { store } = tempStore(cleanup);
      const direct = new BranchServiceClient({
        baseUrl: service.url,
        kioskId: KIOSK_ID,
        token: TOKEN,
      });
      const serviceDay = serviceDayOf(new Date());
      const requestId = uuidv7();
      const lease = await direct.leaseNumbers({
        requestId,
        serviceDay,
        businessTypeId: PERSONAL.id,
        size: 10,
      });
      store.addNumberBlock({ ...lease, requestId });

      proxy.script(NUMBER_PATHS.numbers, { kind: 'slow', delayMs: 2_500 });
      const numbers = new TicketNumbers({
        client: new BranchServiceClient({ baseUrl: proxy.url, kioskId: KIOSK_ID, token: TOKEN }),
        store,
        estimate: () => null,
        logger: createMemoryLog().logger,
        allocationTimeoutMs: 200,
      });
      const { ticket } = await numbers.reserve(PERSONAL);
      expect(ticket.issuedOffline).toBe(true);
      store.issueTicket(ticket.id, { delivery: 'printed' });

      const worker = new SyncWorker({
        store,
        client: direct,
        maxItems: 50,
        baseDelayMs: 20,
        maxDelayMs: 100,
        pollIntervalMs: 0,
        random: seeded(7),
      });
      cleanup.add(() => worker.stop());
      expect(await worker.syncNow()).toMatchObject({ backlog: 0 });
      const [request] = proxy.on(NUMBER_PATHS.numbers);
      // The order under test: the void is held before the allocation request reached the service.
      expect(request!.forwarded).toBe(0);
      const voids = await service.query<{ ticket_id: string }>(
        `SELECT payload->>'ticketId' AS ticket_id FROM kiosk_items WHERE kind = 'ticket.voided'`,
      );
      expect(voids).toHaveLength(1);

      for (let i = 0; i < 200 && request!.upstreamStatus === null; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(request!.upstreamStatus).toBe(409);
      expect(
        await service.query(
          `SELECT ticket_id::text AS id, number, state FROM queue_entries ORDER BY number`,
        ),
      ).toEqual([
        { id: voids[0]!.ticket_id, number: 'A0001', state: 'voided' },
        { id: ticket.id, number: ticket.number, state: 'waiting' },
      ]);
      // The next customer online gets the following number: A0001 is never handed out again.
      const next = await direct.allocateNumber({
        ticketId: uuidv7(),
        businessTypeId: PERSONAL.id,
        serviceDay,
      });
      expect(next.number).toBe('A0002');
    }, 30_000);
  },
);
