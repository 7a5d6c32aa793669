// Per-ticket store cost over a busy day (issue 7): reserve + issue on the real store for a
// 10,000-ticket day, each ticket paired with a raw single-row FULL commit on the same disk taken
// right after it (one for one, as bench/outbox.mjs does), so a ticket and its floor see the same
// disk at the same moment. "People ahead" comes from the branch now, so nothing in a reservation
// counts the day's tickets: the cost must stay flat.
//
//   npm run build && node bench/ticket-day.mjs [tickets]     (also in scripts/bench.mjs)
import { fileURLToPath } from 'node:url';
import { openStore } from '../dist/src/store/index.js';
import { commitTicket, openRawCommit } from './outbox.mjs';
import { withScope } from './scope.mjs';
import { round, summarize } from './stats.mjs';

export async function benchTicketDay({ quick, log = () => {}, tickets = quick ? 2_000 : 10_000 }) {
  const window = Math.min(1_000, Math.floor(tickets / 4));
  // In a scope: the folder goes also when opening fails or the run is interrupted (Ctrl-C).
  return withScope('ticket-day', (scope) => {
    const dataDir = scope.tempDir('ticket-day');
    const store = openStore({ dataDir, kioskId: 'bench-kiosk' });
    scope.add('close the store', () => store.close());
    const raw = openRawCommit(dataDir);
    scope.add('close the raw connection', () => raw.close());
    // Wall time is mostly the disk's fsync (two durable commits per ticket) and varies with
    // whatever else the machine does; CPU time is what a scan over the day's tickets would grow.
    const wall = [];
    const cpu = [];
    const rawMs = [];
    const foldMs = [];
    for (let i = 0; i < tickets; i++) {
      const before = process.cpuUsage();
      wall.push(commitTicket(store).totalMs);
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
      // The ticket journal's fold (issue 7): the kiosk's sync worker makes the store fold after
      // each ticket (it reads the outbox). Real work off the customer's path: timed apart,
      // reported beside the ticket's figure, never in it.
      if (typeof store.foldTicketJournal === 'function') {
        const start = performance.now();
        store.foldTicketJournal();
        foldMs.push(performance.now() - start);
      }
      // The floor, paired with this ticket: the same disk at the same moment of the day. (Every
      // tenth ticket, as before, compared tickets and floors minutes apart on a disk whose flush
      // time moved tenfold within minutes.)
      rawMs.push(raw.commit());
      if ((i + 1) % 2_500 === 0) log(`ticket-day: ${i + 1}/${tickets} tickets`);
    }
    const median = (xs) => summarize(xs).median;
    const part = (xs, first) => (first ? xs.slice(0, window) : xs.slice(-window));
    // Ratio of medians over paired samples: a window's tickets against the floors taken with them.
    const ratio = (tickets, floors) => round(median(tickets) / median(floors), 2);
    return {
      what:
        'reserveTicket + issueTicket for a whole day on one store (numbers from leased blocks), ' +
        'against an autocommitted single-row INSERT (WAL, synchronous=FULL) on the same disk',
      tickets,
      window,
      wallMs: { first: summarize(part(wall, true)), last: summarize(part(wall, false)) },
      cpuMs: { first: summarize(part(cpu, true)), last: summarize(part(cpu, false)) },
      rawCommitMs: summarize(rawMs),
      // Per ticket, after its two commits: one transaction with its own fsync (FULL), off the path.
      foldMs:
        foldMs.length > 0
          ? { first: summarize(part(foldMs, true)), last: summarize(part(foldMs, false)) }
          : null,
      rawCommitWindowMs: {
        first: summarize(part(rawMs, true)),
        last: summarize(part(rawMs, false)),
      },
      // Target ≤ 2.2 over the whole day and in each window (two commits per ticket: 2.0 the floor).
      ticketOverRawCommit: {
        day: ratio(wall, rawMs),
        first: ratio(part(wall, true), part(rawMs, true)),
        last: ratio(part(wall, false), part(rawMs, false)),
      },
      // The same per pair (ticket i over its own floor i), for the spread: median and p95.
      pairedRatio: summarize(
        wall.map((ms, i) => ms / rawMs[i]),
        2,
      ),
      targetTicketOverRawCommit: 2.2,
      cpuLastOverFirst: round(median(part(cpu, false)) / median(part(cpu, true)), 2),
      wallLastOverFirst: round(median(part(wall, false)) / median(part(wall, true)), 2),
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tickets = Number(process.argv[2] ?? 10_000);
  console.log(JSON.stringify(await benchTicketDay({ quick: false, tickets }), null, 2));
}
