/**
 * The ID-card reader's polling loop (design.md §4.2): watches the reader and reports what the
 * customer does with their card: placed (inserted), read or unreadable, left on the reader after
 * its read ("please take your card"), taken away (removed).
 *
 * A card is read once per placement: while it stays on the reader it is only looked for (find
 * card), never read again, so a card left behind is not a second customer. It counts as removed
 * after `removedAfterMisses` polls in a row find nothing, so one missed RF answer does not end it.
 */
import { logEvent, logEventRecord } from '../../src/log/index.js';
import type { Logger } from '../../src/log/index.js';
import { Listeners } from '../transport/byte-transport.js';
import { positiveMs } from '../engine/timing.js';
import { IdCardError } from './errors.js';
import type { CardRead, IdCardReader } from './driver.js';
import type { SamCommand, SamResult } from './protocol.js';

export type IdCardEvent =
  | { readonly type: 'inserted' }
  | { readonly type: 'read'; readonly card: CardRead }
  | { readonly type: 'unreadable'; readonly command: SamCommand; readonly result: SamResult }
  /** The card is still on the reader after its read: ask the customer to take it. Once per card. */
  | { readonly type: 'stillPresent' }
  | { readonly type: 'removed' }
  /**
   * The reader failed (offline, SAM, damaged answers); polling goes on. Reported once per
   * failure: the same failure again is not repeated until a poll succeeds.
   */
  | { readonly type: 'failed'; readonly error: IdCardError };

export interface IdCardPollerOptions {
  /** Time between polls. Default 300 ms: a card placed is noticed within a third of a second. */
  readonly intervalMs?: number;
  /** Polls in a row without the card before it counts as removed. Default 2. */
  readonly removedAfterMisses?: number;
  /** Read fingerprints too. Default false. */
  readonly fingerprint?: boolean;
  readonly logger?: Logger;
}

export class IdCardPoller {
  private readonly intervalMs: number;
  private readonly removedAfterMisses: number;
  private readonly listeners = new Listeners<[IdCardEvent]>();
  /** `empty`: waiting for a card; `handled`: its read is done, waiting for it to go. */
  private state: 'empty' | 'handled' = 'empty';
  private misses = 0;
  private reminded = false;
  /** `inserted` was reported for a card not read yet (it may go before its read). */
  private announced = false;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** The last failure reported, so a reader that stays offline is reported once, not per poll. */
  private lastFailure: string | undefined;

  constructor(
    private readonly reader: IdCardReader,
    private readonly options: IdCardPollerOptions = {},
  ) {
    this.intervalMs = positiveMs('intervalMs', options.intervalMs ?? 300);
    this.removedAfterMisses = Math.max(1, Math.floor(options.removedAfterMisses ?? 2));
  }

  onEvent(listener: (event: IdCardEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops polling; resolves once the poll in progress (if any) has ended. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.poll();
        this.lastFailure = undefined;
      } catch (error) {
        this.reportFailure(error);
      }
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.intervalMs);
      });
    }
  }

  /**
   * A reader failure is reported once until a poll succeeds again; anything else is a bug, not
   * a reader fault: it is logged as such, and the loop keeps watching the reader.
   */
  private reportFailure(error: unknown): void {
    const logger = this.options.logger;
    if (!(error instanceof IdCardError)) {
      if (logger) {
        logEvent(logger, 'idcard.pollFailed', {
          port: this.reader.description,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      return;
    }
    const failure = `${error.reason}:${error.fields.result ?? ''}`;
    if (failure === this.lastFailure) return;
    this.lastFailure = failure;
    if (logger) logEventRecord(logger, error);
    this.emit({ type: 'failed', error });
  }

  private async poll(): Promise<void> {
    const port = this.reader.description;
    const logger = this.options.logger;
    if (this.state === 'empty') {
      const outcome = await this.reader.readCard({
        fingerprint: this.options.fingerprint === true,
        onCardFound: () => {
          if (this.announced) return;
          this.announced = true;
          if (logger) logEvent(logger, 'idcard.cardInserted', { port });
          this.emit({ type: 'inserted' });
        },
      });
      if (outcome.outcome === 'noCard') {
        // Found, then gone before it could be selected: taken away too soon.
        if (this.announced) this.removed(port);
        return;
      }
      this.announced = false;
      this.state = 'handled';
      this.misses = 0;
      this.reminded = false;
      if (outcome.outcome === 'unreadable') {
        if (logger) {
          logEvent(logger, 'idcard.cardUnreadable', {
            port,
            command: outcome.command,
            result: outcome.result,
          });
        }
        this.emit({ type: 'unreadable', command: outcome.command, result: outcome.result });
        return;
      }
      if (logger) logCardRead(logger, port, outcome.card);
      this.emit({ type: 'read', card: outcome.card });
      return;
    }
    if (await this.reader.findCard()) {
      this.misses = 0;
      if (!this.reminded) {
        this.reminded = true;
        if (logger) logEvent(logger, 'idcard.cardLeft', { port });
        this.emit({ type: 'stillPresent' });
      }
      return;
    }
    this.misses += 1;
    if (this.misses < this.removedAfterMisses) return;
    this.state = 'empty';
    this.removed(port);
  }

  private removed(port: string): void {
    this.announced = false;
    if (this.options.logger) logEvent(this.options.logger, 'idcard.cardRemoved', { port });
    this.emit({ type: 'removed' });
  }

  private emit(event: IdCardEvent): void {
    this.listeners.emit(event);
  }
}

/** Logs a read by card type only: the identity itself never goes to a log from here. */
function logCardRead(logger: Logger, port: string, card: CardRead): void {
  const parsed = card.identity;
  if (parsed.ok) {
    logEvent(logger, 'idcard.cardRead', { port, cardType: parsed.identity.cardType });
  } else if (parsed.problem === 'unsupportedCardType') {
    logEvent(logger, 'idcard.cardUnsupported', { port, flag: parsed.flag });
  } else if (parsed.problem === 'invalidField') {
    logEvent(logger, 'idcard.cardInvalid', { port, field: parsed.field, reason: parsed.reason });
  } else {
    logEvent(logger, 'idcard.cardInvalid', {
      port,
      field: 'text',
      reason: `${parsed.length} bytes`,
    });
  }
}
