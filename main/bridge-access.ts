/**
 * Who may use the browser shell's bridge, and how refusals are logged.
 *
 * The bridge drives the kiosk, so its secret must not be readable by another local user. A
 * command line (`chromium --app=<url>`) is readable by every user through /proc, and a start
 * log is read by more people than the kiosk user. So the address given to the kiosk browser
 * carries only a one-time launch code:
 * - it works once, within a short time (default 30 s: a cold Chromium start on a slow terminal;
 *   a code that comes later makes start.ts relaunch the browser, and the next codes live longer);
 * - the renderer exchanges it (POST /bridge/session, with the kiosk's Origin) for a session
 *   cookie, HttpOnly (no script reads it) and SameSite=Strict (no other site's page sends it);
 * - the WebSocket upgrade presents that cookie, with the kiosk's Origin and Host.
 * Reading the code from /proc after the kiosk browser used it gains nothing. A code presented
 * twice means someone else had it: that is logged as an event, and the session the code opened
 * is closed too, since we cannot tell which of the two holders is the kiosk.
 *
 * Origin and Host are both checked: the Host check refuses a page on a foreign name that
 * resolves to 127.0.0.1 (DNS rebinding), and the Origin check refuses another local page or
 * program that has no business on the bridge (a WebSocket is not subject to CORS).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { logEvent, type Logger } from '../src/log/index.js';

export const SESSION_COOKIE = 'kiosk_bridge';
/** Cookies are scoped to the bridge paths: the page and its files never carry the session. */
export const SESSION_COOKIE_PATH = '/bridge';

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

export type ExchangeResult =
  | { readonly ok: true; readonly session: string }
  | { readonly ok: false; readonly reason: 'unknown' | 'reused' }
  /** `ageMs`: how long after its issue the code came (how slow the browser was). */
  | { readonly ok: false; readonly reason: 'expired'; readonly ageMs: number };

export interface LaunchCodesOptions {
  readonly ttlMs: number;
  readonly now: () => number;
  /** A reused code closes the session it opened: the shell drops that session's sockets. */
  readonly onRevoke: (sessionKey: string) => void;
  /**
   * The cookie that carries the session; default {@link SESSION_COOKIE}. Another gated page
   * (the device simulator panel) keeps codes and sessions of its own under another name, so
   * neither session opens the other.
   */
  readonly cookieName?: string;
}

interface CodeRecord {
  readonly expiresAt: number;
  readonly issuedAt: number;
  /** The session this code opened (its digest), once used. */
  session: string | null;
}

/** How long a used code is remembered, so a second use is recognised and logged. */
const REMEMBER_USED_MS = 24 * 60 * 60 * 1000;

/**
 * One-time launch codes and the sessions they open. Codes and sessions are kept by their
 * SHA-256 digest only: a lookup never compares the secret itself, and a heap dump holds none.
 */
export class LaunchCodes {
  private readonly codes = new Map<string, CodeRecord>();
  private readonly sessions = new Set<string>();

  constructor(private readonly options: LaunchCodesOptions) {}

  issue(ttlMs = this.options.ttlMs): string {
    this.prune();
    const code = randomBytes(32).toString('base64url');
    const now = this.options.now();
    this.codes.set(digest(code), { issuedAt: now, expiresAt: now + ttlMs, session: null });
    return code;
  }

  exchange(code: string): ExchangeResult {
    const key = digest(code);
    const record = this.codes.get(key);
    if (!record) return { ok: false, reason: 'unknown' };
    const now = this.options.now();
    if (record.session !== null) {
      // Told once: the code is forgotten, so presenting it again and again is only an unknown
      // code (logged at a bounded rate), not a restart of the kiosk browser each time.
      this.codes.delete(key);
      this.sessions.delete(record.session);
      this.options.onRevoke(record.session);
      return { ok: false, reason: 'reused' };
    }
    if (now > record.expiresAt) {
      this.codes.delete(key);
      return { ok: false, reason: 'expired', ageMs: now - record.issuedAt };
    }
    const session = randomBytes(32).toString('base64url');
    record.session = digest(session);
    this.sessions.add(record.session);
    return { ok: true, session };
  }

  /** The session's key (its digest) when the cookie holds a live session, else null. */
  sessionKey(cookieHeader: string | undefined): string | null {
    const value = readCookie(cookieHeader, this.options.cookieName ?? SESSION_COOKIE);
    if (value === null) return null;
    const key = digest(value);
    return this.sessions.has(key) ? key : null;
  }

  private prune() {
    const now = this.options.now();
    for (const [key, record] of this.codes) {
      const forgetAt =
        record.session === null ? record.expiresAt : record.expiresAt + REMEMBER_USED_MS;
      if (now > forgetAt) this.codes.delete(key);
    }
  }
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

export function sessionCookie(
  session: string,
  name: string = SESSION_COOKIE,
  cookiePath: string = SESSION_COOKIE_PATH,
): string {
  return `${name}=${session}; Path=${cookiePath}; HttpOnly; SameSite=Strict`;
}

/** The names this server answers to; anything else in Host is a rebinding attempt or a mistake. */
export function kioskHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export type RequestProblem = 'foreign host' | 'missing origin' | 'foreign origin';

/**
 * Checks Host (always) and Origin: required when `originRequired` (the exchange and the upgrade,
 * where browsers always send it), else refused only when present and foreign (a top-level page
 * load carries none).
 */
export function requestProblem(
  headers: IncomingHttpHeaders,
  port: number,
  originRequired: boolean,
): RequestProblem | null {
  const hosts = kioskHosts(port);
  if (!headers.host || !hosts.includes(headers.host.toLowerCase())) return 'foreign host';
  const origin = headers.origin;
  if (origin === undefined) return originRequired ? 'missing origin' : null;
  return hosts.some((h) => origin.toLowerCase() === `http://${h}`) ? null : 'foreign origin';
}

export interface RefusalLogOptions {
  /** Refusals of one kind logged one by one in each interval; default 5. */
  readonly burst?: number;
  /** After the burst, one summary event per interval with the count; default 60 s. */
  readonly intervalMs?: number;
}

/**
 * Rate-limits the log lines of refusals: a client sending 20,000 bad frames must not write
 * 20,000 lines (filling the disk is a denial of service of its own). The first few of each kind
 * are logged in full, then one `shell.refusalsSuppressed` event per interval says how many more.
 */
export class RefusalLog {
  private readonly burst: number;
  private readonly intervalMs: number;
  private readonly counts = new Map<string, { logged: number; suppressed: number }>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly logger: Logger,
    options: RefusalLogOptions = {},
  ) {
    this.burst = options.burst ?? 5;
    this.intervalMs = options.intervalMs ?? 60_000;
  }

  /** Logs through `write` unless this kind is over its burst in this interval. */
  refuse(kind: string, write: () => void): void {
    const count = this.counts.get(kind) ?? { logged: 0, suppressed: 0 };
    this.counts.set(kind, count);
    if (count.logged < this.burst) {
      count.logged++;
      write();
    } else {
      count.suppressed++;
    }
    if (this.timer === null) {
      this.timer = setInterval(() => this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Ends the interval: one summary per kind that was suppressed, and a fresh burst. */
  flush(): void {
    for (const [kind, count] of this.counts) {
      if (count.suppressed > 0) {
        logEvent(this.logger, 'shell.refusalsSuppressed', {
          kind,
          count: count.suppressed,
          seconds: Math.round(this.intervalMs / 1000),
        });
      }
    }
    this.counts.clear();
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
