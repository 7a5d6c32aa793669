// The guide-call feed on the reference branch service, over HTTP, on PGlite and on a real
// PostgreSQL server: a delivered 'guide.called' item becomes an open call (kiosk, time, reason);
// a guide's desk lists, acknowledges (first guide wins) and closes it; the calling kiosk reads
// its state. Plus the desk's command line (list, watch, ack, close) against the same service.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { runGuideDeskCli } from '../../main/guide-desk/run.js';
import { GuideCallListSchema, GuideCallSchema } from '../../src/contract/guide.js';
import type { OutboxItemWire } from '../../src/contract/sync.js';
import { BranchServiceClient, SyncError } from '../../src/sync/index.js';
import { uuidv7 } from '../../src/uuidv7.js';
import { databaseBackends, lazyPostgres } from '../support/postgres.js';
import { Cleanup, KIOSK_ID, TOKEN, branchService } from './harness.js';

const DESK = 'desk-1';
const DESK_TOKEN = 'token-for-desk-1';
const KIOSKS = { [KIOSK_ID]: TOKEN, [DESK]: DESK_TOKEN };

const postgres = lazyPostgres();
afterAll(() => postgres.stop());

function calledItem(calledAt: string, reason?: string): OutboxItemWire {
  const id = uuidv7(Date.parse(calledAt));
  return {
    id: randomUUID(),
    seq: 1,
    kioskId: KIOSK_ID,
    kind: 'guide.called',
    createdAt: calledAt,
    payload: {
      id,
      kioskId: KIOSK_ID,
      calledAt,
      serviceDay: calledAt.slice(0, 10),
      ...(reason === undefined ? {} : { reason }),
    },
  };
}

async function refusal(work: Promise<unknown>): Promise<SyncError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SyncError);
  return error as SyncError;
}

for (const backend of databaseBackends(postgres)) {
  describe(`guide-call feed (${backend.name})`, () => {
    it('lists delivered calls, acknowledges first-come, closes, and the kiosk reads its call', async () => {
      const cleanup = new Cleanup();
      try {
        const service = await branchService(cleanup, {
          database: await backend.fresh(),
          kiosks: KIOSKS,
        });
        const kiosk = new BranchServiceClient({
          baseUrl: service.url,
          kioskId: KIOSK_ID,
          token: TOKEN,
        });
        const desk = new BranchServiceClient({
          baseUrl: service.url,
          kioskId: DESK,
          token: DESK_TOKEN,
        });

        const first = calledItem('2026-11-27T01:00:00.000Z', 'wheelchair access');
        const second = calledItem('2026-11-27T01:02:00.000Z');
        const firstId = (first.payload as { id: string }).id;
        const secondId = (second.payload as { id: string }).id;
        // Not delivered yet: the kiosk's poll finds nothing (and is not an error).
        expect(await kiosk.getGuideCall(firstId)).toBeNull();
        const batch = { kioskId: KIOSK_ID, items: [second, first] };
        expect((await kiosk.pushBatch(batch)).accepted).toHaveLength(2);
        // A re-sent batch changes nothing.
        await kiosk.pushBatch(batch);

        const list = GuideCallListSchema.parse(await desk.listGuideCalls());
        expect(list.calls.map((c) => [c.callId, c.kioskId, c.calledAt, c.reason, c.state])).toEqual(
          [
            [firstId, KIOSK_ID, '2026-11-27T01:00:00.000Z', 'wheelchair access', 'open'],
            [secondId, KIOSK_ID, '2026-11-27T01:02:00.000Z', null, 'open'],
          ],
        );
        expect(await kiosk.getGuideCall(firstId)).toMatchObject({
          state: 'open',
          acknowledgedBy: null,
        });

        const acked = GuideCallSchema.parse(
          await desk.guideCallUpdate('acknowledge', firstId, 'Li Na'),
        );
        expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'Li Na' });
        expect(Date.parse(acked.acknowledgedAt!)).not.toBeNaN();
        // Idempotent for the same guide; another guide is told who answered.
        expect(await desk.guideCallUpdate('acknowledge', firstId, 'Li Na')).toEqual(acked);
        const taken = await refusal(desk.guideCallUpdate('acknowledge', firstId, 'Wang Wei'));
        expect(taken.status).toBe(409);
        expect(taken.message).toMatch(/GUIDE_CALL_TAKEN.*Li Na/);
        expect(await kiosk.getGuideCall(firstId)).toMatchObject({
          state: 'acknowledged',
          acknowledgedBy: 'Li Na',
        });

        const closed = await desk.guideCallUpdate('close', firstId, 'Li Na');
        expect(closed).toMatchObject({
          state: 'closed',
          closedBy: 'Li Na',
          acknowledgedBy: 'Li Na',
        });
        expect(await desk.guideCallUpdate('close', firstId, 'Li Na')).toEqual(closed);
        expect((await refusal(desk.guideCallUpdate('acknowledge', firstId, 'Li Na'))).status).toBe(
          409,
        );
        expect((await desk.listGuideCalls()).calls.map((c) => c.callId)).toEqual([secondId]);
        // A call closed without an acknowledgement (the customer had gone).
        expect(await desk.guideCallUpdate('close', secondId, 'Wang Wei')).toMatchObject({
          state: 'closed',
          acknowledgedBy: null,
          acknowledgedAt: null,
        });
        expect((await desk.listGuideCalls()).calls).toEqual([]);

        // Unknown and malformed ids, and a body without a guide.
        expect((await refusal(desk.guideCallUpdate('acknowledge', uuidv7(), 'Li Na'))).status).toBe(
          404,
        );
        expect((await refusal(desk.guideCallUpdate('close', 'not-a-uuid', 'Li Na'))).status).toBe(
          400,
        );
        expect((await refusal(desk.guideCallUpdate('close', secondId, ' '))).status).toBe(400);
        const anonymous = await fetch(`${service.url}/v1/guide-calls`);
        expect(anonymous.status).toBe(401);
      } finally {
        await cleanup.run();
      }
    });
  });
}

describe('guide desk command line (PGlite)', () => {
  it('lists, watches, acknowledges and closes the calls', async () => {
    const cleanup = new Cleanup();
    try {
      const service = await branchService(cleanup, { kiosks: KIOSKS });
      const kiosk = new BranchServiceClient({
        baseUrl: service.url,
        kioskId: KIOSK_ID,
        token: TOKEN,
      });
      const run = async (...args: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runGuideDeskCli(
          ['--url', service.url, '--id', DESK, '--token', DESK_TOKEN, '--guide', 'Li Na', ...args],
          {},
          { out: (l) => out.push(l), err: (l) => err.push(l) },
        );
        return { code, out: out.join('\n'), err: err.join('\n') };
      };
      expect(await run('list')).toMatchObject({ code: 0, out: 'no open calls' });

      // watch: the open list first, then each new call and each change as it happens.
      const stop = new AbortController();
      const watched: string[] = [];
      const watching = runGuideDeskCli(
        ['--url', service.url, '--id', DESK, '--token', DESK_TOKEN, '--interval', '0.1', 'watch'],
        {},
        { out: (l) => watched.push(l), err: (l) => watched.push(`err ${l}`), signal: stop.signal },
      );
      const until = async (pattern: RegExp) => {
        const deadline = Date.now() + 10_000;
        while (!watched.some((l) => pattern.test(l))) {
          if (Date.now() > deadline)
            throw new Error(`watch never said ${pattern}: ${watched.join('\n')}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await until(/no open calls; watching/);
      const item = calledItem(new Date().toISOString(), 'lost card');
      const callId = (item.payload as { id: string }).id;
      await kiosk.pushBatch({ kioskId: KIOSK_ID, items: [item] });
      await until(new RegExp(`^NEW: OPEN  kiosk ${KIOSK_ID} .* — lost card  call ${callId}$`));

      const ack = await run('ack', callId);
      expect(ack).toMatchObject({
        code: 0,
        out: expect.stringContaining('ack: on the way: Li Na'),
      });
      await until(new RegExp(`^changed: on the way: Li Na .* call ${callId}$`));
      expect((await run('list')).out).toContain(`on the way: Li Na  kiosk ${KIOSK_ID}`);
      expect((await run('close', callId)).out).toContain('close: closed by Li Na');
      await until(new RegExp(`^closed: call ${callId}$`));
      stop.abort();
      expect(await watching).toBe(0);
      expect(watched.filter((l) => l.startsWith('err'))).toEqual([]);

      expect((await run('ack')).code).toBe(2);
      expect((await run('ack', uuidv7())).code).toBe(1);
      expect((await run('fly')).err).toContain('Unknown command');
      expect((await run('--interval', '0', 'watch')).code).toBe(2);
    } finally {
      await cleanup.run();
    }
  });
});
