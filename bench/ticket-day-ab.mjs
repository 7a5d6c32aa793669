// A/B for issue 7's durable enqueue: a store built from a base snapshot (.ab-base-dist with
// .ab-base-migrations) against the current dist, and the raw single-row FULL commit floor of
// bench/outbox.mjs, interleaved ticket by ticket over one whole day on the same disk (the order
// of base and new alternates, so neither always follows the floor). Paired medians and ratios.
//
//   npm run build && cp -r dist .ab-base-dist && cp -r migrations .ab-base-migrations   (once, on the base)
//   … change, npm run build …
//   node bench/ticket-day-ab.mjs [tickets] [baseDist] [baseMigrations] [--no-fsync] [--fold-at-end]
//
// With --no-fsync both stores run with synchronous=OFF (never on a kiosk): what is left is the
// statement and JS work of a ticket, without its two flushes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { commitTicket, openRawCommit } from './outbox.mjs';
import { round, summarize } from './stats.mjs';

const noFsync = process.argv.includes('--no-fsync');
// With --fold-at-end the ticket journal is not folded between tickets (as on a kiosk with no
// sync worker, folding when idle): the customer's commits alone, and one fold at the end.
const foldAtEnd = process.argv.includes('--fold-at-end');
const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const tickets = Number(args[0] ?? 10_000);
const baseDist = resolve(args[1] ?? '.ab-base-dist');
const baseMigrations = resolve(args[2] ?? '.ab-base-migrations');
const window = Math.min(1_000, Math.floor(tickets / 4));

const load = async (dist) =>
  (await import(pathToFileURL(join(dist, 'src/store/index.js')).href)).openStore;
const openBase = await load(baseDist);
const openNew = await load(resolve('dist'));

const dirs = ['base', 'new', 'raw'].map((name) =>
  mkdtempSync(join(tmpdir(), `kiosk-ab-ticket-day-${name}-`)),
);
const base = openBase({ dataDir: dirs[0], kioskId: 'bench-kiosk', migrationsDir: baseMigrations });
const next = openNew({ dataDir: dirs[1], kioskId: 'bench-kiosk' });
const raw = openRawCommit(dirs[2]);
if (noFsync) {
  for (const store of [base, next]) store.featureStore(({ db }) => db.pragma('synchronous = OFF'));
}

const sample = () => ({ wall: [], reserve: [], issue: [], cpu: [], fold: [] });
const runs = { base: sample(), new: sample(), floor: [] };
const timeTicket = (store, into) => {
  const before = process.cpuUsage();
  const t = commitTicket(store);
  const used = process.cpuUsage(before);
  into.wall.push(t.totalMs);
  into.reserve.push(t.reserveMs);
  into.issue.push(t.issueMs);
  into.cpu.push((used.user + used.system) / 1000);
  // A store with a ticket journal (issue 7) moves the ticket into its tables after the
  // customer's two commits, as the kiosk's sync worker makes it do after each ticket: timed
  // apart, never in the ticket's figure (it is real work, off the customer's path).
  if (!foldAtEnd && typeof store.foldTicketJournal === 'function') {
    const start = performance.now();
    store.foldTicketJournal();
    into.fold.push(performance.now() - start);
  }
};
try {
  for (let i = 0; i < tickets; i++) {
    if (i % 2 === 0) {
      timeTicket(base, runs.base);
      timeTicket(next, runs.new);
    } else {
      timeTicket(next, runs.new);
      timeTicket(base, runs.base);
    }
    runs.floor.push(raw.commit());
  }
  if (foldAtEnd && typeof next.foldTicketJournal === 'function') {
    const start = performance.now();
    next.foldTicketJournal();
    runs.new.foldAtEndMs = performance.now() - start;
  }
} finally {
  base.close();
  next.close();
  raw.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

const median = (xs) => summarize(xs).median;
const windows = {
  first: (xs) => xs.slice(0, window),
  last: (xs) => xs.slice(-window),
  day: (xs) => xs,
};
const report = { tickets, window, noFsync, foldAtEnd };
if (runs.new.foldAtEndMs !== undefined) {
  report.foldAtEndMsPerTicket = round(runs.new.foldAtEndMs / tickets, 4);
}
for (const [name, cut] of Object.entries(windows)) {
  const floor = median(cut(runs.floor));
  const of = (run) => ({
    ticketMs: round(median(cut(run.wall)), 3),
    reserveMs: round(median(cut(run.reserve)), 3),
    issueMs: round(median(cut(run.issue)), 3),
    cpuMs: round(median(cut(run.cpu)), 3),
    ...(run.fold.length > 0 ? { foldMs: summarize(cut(run.fold)) } : {}),
    overFloor: round(median(cut(run.wall)) / floor, 2),
  });
  report[name] = { floorMs: round(floor, 3), base: of(runs.base), new: of(runs.new) };
  report[name].newOverBase = round(median(cut(runs.new.wall)) / median(cut(runs.base.wall)), 3);
}
console.log(JSON.stringify(report, null, 2));
