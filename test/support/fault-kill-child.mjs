// A kiosk process for test/sync/faults-sigkill.test.ts: the COMPILED store, number allocation and
// sync worker (dist/, built by `npm run build`) issuing tickets and syncing in a loop, forever,
// until the test kills it with SIGKILL at a random moment; then it is started again on the same
// data folder. Each start does what the kiosk does at boot: open the store (SQLite recovers its
// WAL), void what a crash left between reserving and issuing, top up the leased block, and
// deliver the outbox while taking new tickets. Nothing here tries to survive being killed.
//
// Parameters (environment):
//   KILL_DATA_DIR  the kiosk's data folder      KILL_URL    the branch service's base URL
//   KILL_KIOSK_ID  kiosk id                      KILL_TOKEN  its token
//   KILL_SEED      seed of the pauses (as the printer takes)
// Reports on the IPC channel: { type: 'ready', voided, pending } once booted.
import { setTimeout as sleep } from 'node:timers/promises';
import { createMemoryLog } from '../../dist/src/log/index.js';
import { openStore, serviceDayOf } from '../../dist/src/store/index.js';
import { BranchServiceClient, SyncWorker } from '../../dist/src/sync/index.js';
import { TicketNumbers } from '../../dist/src/sync/ticket-numbers.js';
import { uuidv7 } from '../../dist/src/uuidv7.js';

const PERSONAL = {
  id: 'personal',
  prefix: 'A',
  name: { 'zh-CN': '个人业务', en: 'Personal banking' },
};

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`fault-kill-child: ${name} is not set`);
  return value;
};

let seed = Number(env('KILL_SEED')) >>> 0;
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const kioskId = env('KILL_KIOSK_ID');
const store = openStore({ dataDir: env('KILL_DATA_DIR'), kioskId });
const voided = store.settleInterruptedReservations();
const client = new BranchServiceClient({
  baseUrl: env('KILL_URL'),
  kioskId,
  token: env('KILL_TOKEN'),
  timeoutMs: 1_000,
});
const serviceDay = serviceDayOf(new Date());
if (store.numbersLeft(serviceDay, PERSONAL.id) < 20) {
  const requestId = uuidv7();
  const lease = await client.leaseNumbers({
    requestId,
    serviceDay,
    businessTypeId: PERSONAL.id,
    size: 60,
  });
  store.addNumberBlock({ ...lease, requestId });
}
const worker = new SyncWorker({
  store,
  client,
  maxItems: 4,
  baseDelayMs: 20,
  maxDelayMs: 200,
  pollIntervalMs: 0,
});
worker.start();
const numbers = new TicketNumbers({
  client,
  store,
  estimate: () => null,
  logger: createMemoryLog().logger,
  allocationTimeoutMs: 500,
  offlineHoldMs: 100,
});
process.send?.({ type: 'ready', voided: voided.length, pending: store.outboxStats().pending });

for (;;) {
  const { ticket } = await numbers.reserve(PERSONAL);
  await sleep(Math.floor(random() * 6)); // the receipt is printing
  store.issueTicket(ticket.id, { delivery: 'printed' });
  // The test paces its kills by how long a ticket takes on this machine right now.
  process.send?.({ type: 'issued' });
  await sleep(Math.floor(random() * 6));
}
