/**
 * Dates as the branch reads them, in the kiosk's local time (the terminal's clock is set to
 * branch time): the service day a ticket belongs to, and the time printed on it.
 */
const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11-27": the branch's calendar day. */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "2026-11-27 09:05": the day and the minute, as printed on a ticket. */
export function localDayAndMinute(date: Date): string {
  return `${localDay(date)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "09:05": the time of day, as a screen says "as of". */
export function localHourMinute(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
