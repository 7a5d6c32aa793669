/**
 * Reply routing for request/response devices (design.md §4): every request that expects an
 * answer waits here, with a matcher and a timeout, and every reply unit the framing layer finds
 * (one byte for ESC/POS, one frame for the SAM protocol) is given to the request it answers.
 *
 * Shaped like zigbee-herdsman's `waitress`: one matcher with timeouts shared by every driver. On
 * top of it: waits are grouped by kind, and two kinds may wait together only if the driver says
 * their replies can be told apart (`canOverlap`); and late-reply filters swallow the answer to a
 * request given up on, so it is never taken for the answer to the next one.
 */
import { deviceReason, type DeviceReason } from './reason.js';

/** What a matcher makes of a reply unit: not its answer, part of it, or its (last) unit. */
export type Verdict = 'no' | 'more' | 'yes';
export type ReplyMatcher<R> = (reply: R) => Verdict;

/** Why a wait ended without its answer. */
export type WaitFailure = 'timeout' | 'closed' | 'writeFailed' | 'abandoned';

/** How a wait ended: its answer (the unit that completed it), or why not (as data). */
export type Answer<R> =
  | { readonly ok: true; readonly reply: R }
  | { readonly ok: false; readonly failure: WaitFailure; readonly why: DeviceReason };

/** A late reply to swallow: matched by content, optionally only for so long. */
export interface LateReply<R> {
  readonly match: ReplyMatcher<R>;
  /** Forget the filter after this long (a reply later than that will not come). Default: never. */
  readonly forMs?: number;
}

export interface WaitOptions<R> {
  readonly timeoutMs: number;
  /** Aborting means the answer is no longer wanted; the wait ends as `abandoned`. */
  readonly signal?: AbortSignal;
  /**
   * If the wait times out or is abandoned, its answer may still come: this filter then swallows
   * it, so it cannot complete a later wait. Give it whenever the request was sent.
   */
  readonly late?: LateReply<R>;
}

export interface WaitressOptions<K extends string> {
  /** Names the device in the error thrown for a driver bug. */
  readonly name: string;
  /**
   * Whether a request of kind `a` may wait while one of kind `b` waits: only if no reply can be
   * an answer to both. Default: never (strictly one request at a time).
   */
  readonly canOverlap?: (a: K, b: K) => boolean;
}

/** A wait in progress. `end` settles it from outside (a failed write, the port closing). */
export interface Waiting<R> {
  readonly answer: Promise<Answer<R>>;
  end(failure: WaitFailure, why: DeviceReason): void;
}

interface Waiter<R> {
  readonly match: ReplyMatcher<R>;
  readonly deliver: (reply: R) => void;
}

interface LateFilter<R> {
  readonly match: ReplyMatcher<R>;
  timer?: NodeJS.Timeout;
}

/** What became of one reply unit. */
export type Routed = 'answered' | 'partOfAnswer' | 'late' | 'discarded';

export class Waitress<R, K extends string> {
  /** At most one wait per kind; insertion order is routing order. */
  private readonly waiters = new Map<K, Waiter<R>>();
  private readonly enders = new Set<(failure: WaitFailure, why: DeviceReason) => void>();
  private lateFilters: LateFilter<R>[] = [];
  private discarded = 0;
  private readonly canOverlap: (a: K, b: K) => boolean;

  constructor(private readonly options: WaitressOptions<K>) {
    this.canOverlap = options.canOverlap ?? (() => false);
  }

  /** Reply units that answered nothing: unasked, not valid, or swallowed as late (diagnostics). */
  get discardedCount(): number {
    return this.discarded;
  }

  /** Kinds waiting now. */
  get waitingKinds(): readonly K[] {
    return [...this.waiters.keys()];
  }

  /** Late-reply filters in force. */
  get lateFilterCount(): number {
    return this.lateFilters.length;
  }

  /**
   * Starts waiting for an answer of `kind`. Register before sending the request: over a fast
   * line the answer can arrive before the write resolves. Throws (a driver bug, not a device
   * fault) if a kind that cannot overlap with `kind` is already waiting.
   */
  waitFor(kind: K, match: ReplyMatcher<R>, options: WaitOptions<R>): Waiting<R> {
    for (const other of this.waiters.keys()) {
      if (!this.canOverlap(kind, other)) {
        throw new Error(
          `${this.options.name}: a ${kind} request while a ${other} answer is awaited`,
        );
      }
    }
    const { timeoutMs, signal, late } = options;
    let end: (failure: WaitFailure, why: DeviceReason) => void = () => undefined;
    const answer = new Promise<Answer<R>>((resolve) => {
      let done = false;
      const finish = (result: Answer<R>): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', abandon);
        this.enders.delete(end);
        if (this.waiters.get(kind) === waiter) this.waiters.delete(kind);
        if (
          !result.ok &&
          late &&
          (result.failure === 'timeout' || result.failure === 'abandoned')
        ) {
          this.expectLate(late);
        }
        resolve(result);
      };
      end = (failure, why) => finish({ ok: false, failure, why });
      const abandon = (): void => end('abandoned', deviceReason('device.replyAbandoned'));
      const waiter: Waiter<R> = { match, deliver: (reply) => finish({ ok: true, reply }) };
      const timer = setTimeout(
        () => end('timeout', deviceReason('device.replyTimedOut', { timeoutMs })),
        timeoutMs,
      );
      this.waiters.set(kind, waiter);
      this.enders.add(end);
      if (signal?.aborted) abandon();
      else signal?.addEventListener('abort', abandon, { once: true });
    });
    return { answer, end: (failure, why) => end(failure, why) };
  }

  /**
   * Routes one reply unit: first to the late-reply filters (a late answer is told apart by its
   * content, so it never reaches a waiter), then to the waiting kinds in order. The kinds that
   * wait together cannot both take a unit, so the order does not change who gets it.
   */
  receive(reply: R): Routed {
    for (const filter of this.lateFilters) {
      const verdict = filter.match(reply);
      if (verdict === 'no') continue;
      if (verdict === 'yes') this.dropLate(filter);
      this.discarded += 1;
      return 'late';
    }
    for (const waiter of this.waiters.values()) {
      const verdict = waiter.match(reply);
      if (verdict === 'yes') {
        waiter.deliver(reply);
        return 'answered';
      }
      if (verdict === 'more') return 'partOfAnswer';
    }
    this.discarded += 1;
    return 'discarded';
  }

  /** Swallow the next reply `late` matches: the answer to a request no longer waited for. */
  expectLate(late: LateReply<R>): void {
    const filter: LateFilter<R> = { match: late.match };
    if (late.forMs !== undefined) {
      filter.timer = setTimeout(() => this.dropLate(filter), late.forMs);
      filter.timer.unref();
    }
    this.lateFilters.push(filter);
  }

  /** Drops every late-reply filter: the driver knows those answers will not come any more. */
  forgetLate(): void {
    for (const filter of this.lateFilters) clearTimeout(filter.timer);
    this.lateFilters = [];
  }

  /** Ends every wait at once (the port closed): nobody waits for a timeout that cannot help. */
  endAll(failure: WaitFailure, why: DeviceReason): void {
    for (const end of [...this.enders]) end(failure, why);
  }

  private dropLate(filter: LateFilter<R>): void {
    clearTimeout(filter.timer);
    this.lateFilters = this.lateFilters.filter((f) => f !== filter);
  }
}

/** A matcher for replies of one unit that `valid` accepts. */
export const oneUnit =
  <R>(valid: (reply: R) => boolean): ReplyMatcher<R> =>
  (reply) =>
    valid(reply) ? 'yes' : 'no';

/** Accepts `sequence` arriving whole and in order; other units before it are not the answer. */
export function unitSequence<R>(sequence: readonly R[]): ReplyMatcher<R> {
  let matched = 0;
  return (unit) => {
    if (unit === sequence[matched]) {
      matched += 1;
      if (matched < sequence.length) return 'more';
      matched = 0;
      return 'yes';
    }
    matched = unit === sequence[0] ? 1 : 0;
    return matched === 1 ? 'more' : 'no';
  };
}
