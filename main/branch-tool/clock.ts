/**
 * Times as staff read them on a branch's command-line tools: the branch's wall clock, not an ISO
 * instant in UTC. The tools run on a branch machine whose clock (and TZ) is set to branch time,
 * as the kiosk's is (src/domain/local-time.ts), so the local time is the branch's.
 */
import { localDay } from '../../src/domain/local-time.js';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * "09:05:07" for an instant of today, "2026-11-26 17:40:02" for one of another day ("today" as
 * of `now`, e.g. the service's own `asOf`). An unreadable instant is shown as it came.
 */
export function branchClockTime(instant: string, now: Date = new Date()): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const day = localDay(date);
  return day === localDay(now) ? time : `${day} ${time}`;
}
