// Per-ticket store cost over a busy day (issue 7): reserve + issue on the real store for a
// 10,000-ticket day, comparing the first and the last thousand. "People ahead" comes from the
// branch now, so nothing in a reservation counts the day's tickets: the cost must stay flat.
//
//   npm run build && node bench/ticket-day.mjs [tickets]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../dist/src/store/index.js';
import { commitTicket } from './outbox.mjs';

const tickets = Number(process.argv[2] ?? 10_000);
const window = Math.min(1_000, Math.floor(tickets / 4));
const dataDir = mkdtempSync(join(tmpdir(), 'bench-ticket-day-'));
const store = openStore({ dataDir, kioskId: 'bench-kiosk' });
try {
  // Wall time is mostly the disk's fsync (two durable commits per ticket) and varies with
  // whatever else the machine does; CPU time is what a scan over the day's tickets would grow.
  const totals = [];
  const cpu = [];
  for (let i = 0; i < tickets; i++) {
    const before = process.cpuUsage();
    totals.push(commitTicket(store).totalMs);
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const round = (x) => Number(x.toFixed(4));
  const [wallFirst, wallLast] = [mean(totals.slice(0, window)), mean(totals.slice(-window))];
  const [cpuFirst, cpuLast] = [mean(cpu.slice(0, window)), mean(cpu.slice(-window))];
  console.log(
    JSON.stringify({
      tickets,
      window,
      wallFirstMs: round(wallFirst),
      wallLastMs: round(wallLast),
      cpuFirstMs: round(cpuFirst),
      cpuLastMs: round(cpuLast),
      cpuLastOverFirst: round(cpuLast / cpuFirst),
    }),
  );
} finally {
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
