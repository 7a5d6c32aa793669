// Two whole kiosks and one branch service (PGlite on disk), the service going away in between
// and coming back: no number is issued twice on the day, online or offline, across a kiosk
// restart, and the tickets numbered offline carry the mark (on screen, on paper, upstream).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, startBranchService } from '../../branch-service/server.js';
import type { BranchService } from '../../branch-service/server.js';
import type { Kiosk } from '../../main/kiosk.js';
import type { KioskConfig } from '../../src/config.js';
import { startTestKiosk, waitForScreen, waitForView } from '../support/kiosk-harness.js';
import { BranchServiceClient } from '../../src/sync/index.js';
import { Cleanup, PERSONAL } from './harness.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const KIOSKS = { 'kiosk-a': 'token-a', 'kiosk-b': 'token-b' };

async function service(dataDir: string, port = 0): Promise<BranchService> {
  const started = await startBranchService({
    database: { kind: 'pglite', dataDir },
    kiosks: KIOSKS,
    logger: silentLogger,
    port,
  });
  cleanup.add(() => started.close());
  return started;
}

async function kiosk(id: keyof typeof KIOSKS, url: string, dataDir?: string) {
  const overrides: Partial<KioskConfig> = {
    kioskId: id,
    kioskToken: KIOSKS[id],
    branchService: { kind: 'remote', url },
    ...(dataDir === undefined ? {} : { dataDir }),
  };
  const started = await startTestKiosk(overrides);
  cleanup.add(() => started.kiosk.stop());
  return started;
}

/** Takes a ticket of the personal queue through the screens; returns what the customer saw. */
async function take(k: Kiosk) {
  k.bridge.dispatch({ type: 'START' });
  k.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
  await waitForScreen(k, 'chooseBusinessType');
  k.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
  await waitForScreen(k, 'confirmTicket');
  k.bridge.dispatch({ type: 'CONFIRM_TICKET' });
  const view = await waitForScreen(k, ['ticketIssued', 'ticketNotPrinted']);
  const { number } = view.ticket;
  const receipt = await k.virtualPrinter!.waitForReceipt((r) =>
    r.lines.some((l) => l.text.includes(number)),
  );
  k.bridge.dispatch({ type: 'FINISH' });
  await waitForView(k, (v) => v.screen === 'attract');
  return { ...view.ticket, printed: receipt.lines.map((l) => l.text).join('\n') };
}

describe('branch numbers with two kiosks and one service', () => {
  it('never issues a number twice on the day, online or offline, across restarts', async () => {
    const serviceDir = mkdtempSync(join(tmpdir(), 'numbers-service-'));
    cleanup.add(() => rmSync(serviceDir, { recursive: true, force: true }));
    let branch = await service(serviceDir);
    const { port, url } = branch;
    const a = await kiosk('kiosk-a', url);
    const b = await kiosk('kiosk-b', url);
    const seen: { number: string; offline: boolean; kiosk: string }[] = [];
    const record = (kioskId: string, t: Awaited<ReturnType<typeof take>>) => {
      seen.push({ number: t.number, offline: t.issuedOffline === true, kiosk: kioskId });
      return t;
    };

    // Online: one sequence for the branch, dense from A0001, with the branch's count.
    const first = record('kiosk-a', await take(a.kiosk));
    const second = record('kiosk-b', await take(b.kiosk));
    const third = record('kiosk-a', await take(a.kiosk));
    expect([first.number, second.number, third.number]).toEqual(['A0001', 'A0002', 'A0003']);
    expect(first).toMatchObject({ issuedOffline: false, waitUnknown: false, waitingAhead: 0 });
    expect(second).toMatchObject({ waitingAhead: 1, asOf: expect.stringMatching(/^\d\d:\d\d$/) });
    expect(first.printed).not.toContain('离线取号');

    // The service goes away: numbers come from each kiosk's leased block, marked offline.
    await branch.close();
    const offline = [
      record('kiosk-a', await take(a.kiosk)),
      record('kiosk-b', await take(b.kiosk)),
      record('kiosk-a', await take(a.kiosk)),
    ];
    for (const ticket of offline) {
      expect(ticket).toMatchObject({ issuedOffline: true, waitUnknown: true });
      expect(ticket.printed).toContain('离线取号');
      expect(ticket.printed).toContain('等候时间暂时未知');
    }
    expect(a.log.named('numbers.issuedOffline')).toHaveLength(2);

    // Kiosk B restarts while the service is still away, and goes on from its block.
    const bDir = b.kiosk.config.dataDir;
    await b.kiosk.stop();
    const b2 = await kiosk('kiosk-b', url, bDir);
    record('kiosk-b', await take(b2.kiosk));

    // The service comes back on its data: both kiosks deliver, and number online again.
    branch = await service(serviceDir, port);
    for (const k of [a.kiosk, b2.kiosk]) {
      await k.sync.syncNow();
      expect(k.store.outboxStats().pending).toBe(0);
    }
    const numbers = seen.map((s) => s.number);
    expect(new Set(numbers).size).toBe(numbers.length);

    const rows = await branch.query<{ number: string; kiosk_id: string; offline: boolean }>(
      `SELECT t.number, t.kiosk_id, q.issued_offline AS offline
       FROM tickets t JOIN queue_entries q ON q.ticket_id = t.id ORDER BY t.number`,
    );
    expect(rows).toHaveLength(seen.length);
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
    expect(rows.map((r) => ({ number: r.number, offline: r.offline, kiosk: r.kiosk_id }))).toEqual(
      [...seen].sort((x, y) => x.number.localeCompare(y.number)),
    );
    // The offline numbers sit in the blocks at the top of the day's range.
    for (const row of rows.filter((r) => r.offline)) {
      expect(Number(row.number.slice(1))).toBeGreaterThan(9000);
    }
  });

  it('voids at boot a number reserved before a crash, tells the branch, and never reuses it', async () => {
    const serviceDir = mkdtempSync(join(tmpdir(), 'numbers-service-'));
    cleanup.add(() => rmSync(serviceDir, { recursive: true, force: true }));
    const branch = await service(serviceDir);
    const a = await kiosk('kiosk-a', branch.url);
    const personal = PERSONAL;
    // The kiosk stops between reserving (the branch allocated) and issuing: a crash mid-print.
    const request = a.kiosk.store.requestNumber({ businessType: personal });
    const api = new BranchServiceClient({
      baseUrl: branch.url,
      kioskId: 'kiosk-a',
      token: 'token-a',
    });
    const answer = await api.allocateNumber({ ...request, businessTypeId: 'personal' });
    const orphan = a.kiosk.store.reserveTicket({
      businessType: personal,
      branchNumber: { ...answer, ticketId: request.ticketId },
    });
    expect(orphan.number).toBe('A0001');
    const dataDir = a.kiosk.config.dataDir;
    await a.kiosk.stop();

    const again = await kiosk('kiosk-a', branch.url, dataDir);
    expect(again.log.named('numbers.reservationsVoided')).toEqual([
      expect.objectContaining({ count: 1, numbers: 'A0001', ticketIds: [orphan.id] }),
    ]);
    await again.kiosk.sync.syncNow();
    expect(again.kiosk.store.outboxStats()).toMatchObject({ pending: 0, rejected: 0 });
    const entries = await branch.query<{ number: string; state: string }>(
      'SELECT number, state FROM queue_entries ORDER BY number',
    );
    expect(entries).toEqual([{ number: 'A0001', state: 'voided' }]);
    const next = await take(again.kiosk);
    expect(next.number).toBe('A0002');
    expect(next.waitingAhead).toBe(0); // the voided number is nobody ahead
  });
});
