// One process of simulated kiosks (bench/fleet.mjs). argv[2] is a JSON job:
//   { kiosks: [{ id, branch, url }], token, businessTypes, serviceDay, seqBase, startAt,
//     mode: 'lease' | 'open' | 'closed', durationMs, intervalMs: [min, max], leaseSize }
// Each kiosk is a BranchServiceClient on its instance (`url`, the kiosk's branch service there).
// - lease: every kiosk leases a block of `leaseSize` numbers of each queue of its branch, all at
//   once (a fleet's morning start: LeaseKeeper's first refill).
// - open: open-loop arrivals. Each kiosk's customers come at intervals drawn uniformly from
//   intervalMs, the first after a uniform part of one, from `startAt` (epoch ms, shared by every
//   process) for `durationMs`. An arrival asks for a number (POST /v1/numbers) when it is due,
//   whether or not the kiosk's previous request has answered: the load does not slow down when
//   the service does.
// - closed: every kiosk asks for its next number as soon as the previous one answers.
// Either way an answered number becomes a 'ticket.issued' outbox item, sent at once like the
//   SyncWorker does when notified (POST /v1/batches, ≤ 100 items; while a batch is in flight the
//   next ones wait and go together). A failed batch is sent again after 1 s.
// Prints one JSON line: every number (branch, queue, sequence, ticket id), every lease, each
// request's latency in ms (from sending it) and, open-loop, from when it was due (so a slow
// generator on a loaded machine shows, instead of hiding as fewer requests) and how late it
// was sent.
import { BranchServiceClient } from '../dist/src/sync/index.js';
import { uuidv7 } from '../dist/src/uuidv7.js';

const job = JSON.parse(process.argv[2]);
const numbers = [];
const leases = [];
const allocationMs = [];
const fromDueMs = [];
const lagMs = [];
const batchMs = [];
const batchItems = [];
const leaseMs = [];
const failures = [];
let itemsAcked = 0;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const between = ([min, max]) => min + Math.random() * (max - min);
const failed = (what, error) => failures.push(`${what}: ${String(error?.message ?? error)}`);

function simulatedKiosk(kiosk) {
  const client = new BranchServiceClient({
    baseUrl: kiosk.url,
    kioskId: kiosk.id,
    token: job.token,
    timeoutMs: 30_000,
  });
  const outbox = [];
  let seq = job.seqBase;
  let sending = null;

  async function send() {
    while (outbox.length > 0) {
      const items = outbox.slice(0, 100);
      const start = performance.now();
      try {
        const answer = await client.pushBatch({ kioskId: kiosk.id, items });
        batchMs.push(performance.now() - start);
        batchItems.push(items.length);
        if (answer.rejected.length > 0) failed('batch', JSON.stringify(answer.rejected[0]));
        itemsAcked += answer.accepted.length;
        outbox.splice(0, items.length);
      } catch (error) {
        failed('batch', error);
        await sleep(1_000);
      }
    }
    sending = null;
  }
  const flush = () => (sending ??= send());

  async function takeTicket(businessTypeId, due = null) {
    const ticketId = uuidv7();
    const reservedAt = new Date().toISOString();
    const start = performance.now();
    let answer;
    try {
      answer = await client.allocateNumber(
        { ticketId, businessTypeId, serviceDay: job.serviceDay },
        30_000,
      );
    } catch (error) {
      failed('allocation', error);
      return;
    }
    allocationMs.push(performance.now() - start);
    if (due !== null) fromDueMs.push(Date.now() - due);
    numbers.push([kiosk.branch, businessTypeId, answer.sequence, ticketId]);
    seq += 1;
    outbox.push({
      id: uuidv7(),
      seq,
      kioskId: kiosk.id,
      kind: 'ticket.issued',
      createdAt: new Date().toISOString(),
      payload: {
        id: ticketId,
        number: answer.number,
        businessTypeId,
        status: 'issued',
        delivery: 'printed',
        waitingAhead: Math.min(answer.waitingAhead, 99_999),
        reservedAt,
        issuedAt: new Date().toISOString(),
        kioskId: kiosk.id,
        serviceDay: job.serviceDay,
      },
    });
    void flush();
  }

  const queue = () => job.businessTypes[Math.floor(Math.random() * job.businessTypes.length)];
  const end = job.startAt + job.durationMs;

  return {
    async lease() {
      await sleep(job.startAt - Date.now());
      await Promise.all(
        job.businessTypes.map(async (businessTypeId) => {
          const start = performance.now();
          try {
            const block = await client.leaseNumbers({
              requestId: uuidv7(),
              businessTypeId,
              serviceDay: job.serviceDay,
              size: job.leaseSize,
            });
            leaseMs.push(performance.now() - start);
            leases.push([kiosk.branch, businessTypeId, block.firstSequence, block.lastSequence]);
          } catch (error) {
            failed('lease', error);
          }
        }),
      );
    },
    async open() {
      const tickets = [];
      let due = job.startAt + Math.random() * between(job.intervalMs);
      while (due < end) {
        await sleep(due - Date.now());
        lagMs.push(Math.max(0, Date.now() - due));
        tickets.push(takeTicket(queue(), due));
        due += between(job.intervalMs);
      }
      await Promise.all(tickets);
      while (sending !== null) await sending;
    },
    async closed() {
      await sleep(job.startAt - Date.now());
      while (Date.now() < end) await takeTicket(queue());
      while (sending !== null) await sending;
    },
  };
}

const kiosks = job.kiosks.map(simulatedKiosk);
await sleep(job.startAt - Date.now());
// The generator's own CPU time for the phase (its imports and start are left out).
const cpuAtStart = process.cpuUsage();
await Promise.all(kiosks.map((kiosk) => kiosk[job.mode]()));
const cpu = process.cpuUsage(cpuAtStart);
console.log(
  JSON.stringify({
    numbers,
    leases,
    allocationMs,
    fromDueMs,
    lagMs,
    batchMs,
    batchItems,
    leaseMs,
    itemsAcked,
    failures,
    cpuMs: (cpu.user + cpu.system) / 1000,
  }),
);
