// A kiosk process for test/sync/crash.test.ts: the COMPILED store and sync worker (dist/, built
// by `npm run build`) on a data folder the test chooses, talking to the branch service through
// the test's proxy. The test kills this process with SIGKILL at chosen points, then starts it
// again on the same folder. Nothing here tries to be clean about being killed: that is the point.
//
// Parameters (environment):
//   CRASH_DATA_DIR   the kiosk's data folder (kiosk.db is created or reopened there)
//   CRASH_PROXY_URL  base URL of the branch service (the test's proxy)
//   CRASH_KIOSK_ID   kiosk id (default kiosk-crash); CRASH_TOKEN its token (default token)
//   CRASH_ISSUE      tickets to reserve and issue before syncing (default 0)
//   CRASH_PAUSE_MS   pause after reserving and after issuing each ticket, as the printer would
//                    take (default 0)
//   CRASH_SYNC       '0': do not sync after issuing, wait to be killed (default: sync to zero)
//
// Reports on the IPC channel (fork), one object per event:
//   { type: 'opened', boot, stats, unissued }   the store is open (WAL recovered if needed)
//   { type: 'issued', index, id, number, serviceDay }   a ticket was issued (committed)
//   { type: 'synced', result }                   one SyncWorker.syncNow() finished
//   { type: 'done', stats, rejections }          backlog 0; the process then exits with 0
//   { type: 'failed', message }                  anything else; exit code 1
import { setTimeout as sleep } from 'node:timers/promises';
import { serviceDayOf } from '../../dist/src/store/index.js';
import { BranchServiceClient, SyncWorker } from '../../dist/src/sync/index.js';
import { PERSONAL, openOfflineKioskStore } from './offline-kiosk-store.mjs';

/** Resolves once the message is handed to the IPC channel (or printed, without one). */
function report(message) {
  return new Promise((resolve) => {
    if (process.send && process.connected) {
      process.send(message, () => resolve());
    } else {
      process.stdout.write(`${JSON.stringify(message)}\n`, () => resolve());
    }
  });
}

function setting(name, fallback) {
  const value = process.env[name];
  if (value !== undefined && value !== '') return value;
  if (fallback !== undefined) return fallback;
  throw new Error(`sync-crash-child: ${name} is not set`);
}

function count(name, fallback) {
  const value = Number(setting(name, String(fallback)));
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`sync-crash-child: ${name} must be a non-negative integer`);
  }
  return value;
}

async function main() {
  const dataDir = setting('CRASH_DATA_DIR');
  const baseUrl = setting('CRASH_PROXY_URL');
  const kioskId = setting('CRASH_KIOSK_ID', 'kiosk-crash');
  const token = setting('CRASH_TOKEN', 'token');
  const issue = count('CRASH_ISSUE', 0);
  const pauseMs = count('CRASH_PAUSE_MS', 0);
  const sync = setting('CRASH_SYNC', '1') !== '0';

  // Numbers as a kiosk that reached its branch today holds them (idempotent across restarts).
  const store = openOfflineKioskStore({ dataDir, kioskId });
  await report({
    type: 'opened',
    boot: store.boot,
    stats: store.outboxStats(),
    unissued: store.unissuedTickets().map((t) => t.id),
  });

  for (let index = 1; index <= issue; index += 1) {
    const reserved = store.reserveTicket({ businessType: PERSONAL });
    if (pauseMs > 0) await sleep(pauseMs); // the receipt is printing
    const ticket = store.issueTicket(reserved.id, { delivery: 'printed' });
    await report({
      type: 'issued',
      index,
      id: ticket.id,
      number: ticket.number,
      serviceDay: serviceDayOf(new Date(ticket.reservedAt)),
    });
    if (pauseMs > 0) await sleep(pauseMs);
  }

  if (!sync) {
    // Stay alive until the test kills this process.
    await new Promise(() => setInterval(() => undefined, 60_000));
  }

  const worker = new SyncWorker({
    store,
    client: new BranchServiceClient({ baseUrl, kioskId, token, timeoutMs: 5000 }),
    maxItems: 10,
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const result = await worker.syncNow();
    await report({ type: 'synced', result });
    if (result.backlog === 0) break;
    if (Date.now() > deadline) {
      throw new Error(`backlog still ${result.backlog} after 30 s; last error: ${result.error}`);
    }
    if (result.outcome !== 'delivered') await sleep(50);
  }
  await report({ type: 'done', stats: store.outboxStats(), rejections: store.outboxRejections() });
  await worker.stop();
  store.close();
}

main().then(
  () => process.exit(0),
  async (err) => {
    await report({ type: 'failed', message: err?.stack ?? String(err) });
    process.exit(1);
  },
);
