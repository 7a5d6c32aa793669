/**
 * Chinese second-generation ID card reader driver (design.md §4.2): the SAM protocol over any
 * {@link ByteTransport}, through the shared request/response engine (devices/engine).
 *
 * One command is in flight at a time (the protocol's answers do not name their command, so they
 * can only be told apart by order) and every wait has a timeout. Reading is always find → select
 * → read, run as one exclusive task so a status query cannot slip between them.
 */
import type { IdReaderStatus, SamState } from '../../src/domain/device-status.js';
import { parseIdentity } from '../../src/domain/identity.js';
import { technicianSentence } from '../../src/i18n/technician.js';
import type { IdentityParse } from '../../src/domain/identity.js';
import { RequestEngine } from '../engine/request-engine.js';
import { describeReason } from '../engine/reason.js';
import { Listeners } from '../transport/byte-transport.js';
import { positiveMs } from '../engine/timing.js';
import type { ReplyMatcher } from '../engine/waitress.js';
import type { ByteTransport, TransportError } from '../transport/byte-transport.js';
import { IdCardError } from './errors.js';
import { SamFrameParser } from './framing.js';
import type { FrameRejection, SamUnit } from './framing.js';
import { classifySamResult, parseCardData, parseResponse, requestFrame } from './protocol.js';
import type { SamCommand, SamResponse, SamResult } from './protocol.js';

export { IdCardError } from './errors.js';
export type { IdCardErrorReason } from './errors.js';

export interface IdCardReaderOptions {
  /** Longest wait for a short answer (SAM, find, select). Default 1000 ms. */
  readonly commandTimeoutMs?: number;
  /**
   * Longest wait for a read answer: 1295 bytes (2319 with fingerprints) take 0.11 s (0.2 s) on
   * the wire at 115200 baud and 1.35 s (2.4 s) at 9600, plus the card's own RF time (under a
   * second). Default 4000 ms covers every supported baud rate.
   */
  readonly readTimeoutMs?: number;
  /**
   * After a command gets no (valid) answer, how long the line must be given before the next
   * command: anything arriving meanwhile is the late answer and is dropped. SAM answers carry no
   * command tag, so this quiet time is what keeps a late answer from being taken for the next
   * command's. Default 300 ms.
   */
  readonly settleMs?: number;
}

/** A card's data as read: the parsed text, and the photo kept as opaque WLT bytes. */
export interface CardRead {
  readonly identity: IdentityParse;
  /**
   * 1024 bytes of WLT: decoding it needs the reader vendor's proprietary library, so the kiosk
   * never decodes it and shows no photo. Wipe it with {@link wipeCardRead} when done.
   */
  readonly photo: Uint8Array;
  /** Fingerprint templates (`30 10` only): 0, 512 or 1024 bytes. */
  readonly fingerprint?: Uint8Array;
}

/** What a read attempt found: no card, a card it could not read (and why), or the card's data. */
export type CardReadOutcome =
  | { readonly outcome: 'noCard' }
  | { readonly outcome: 'unreadable'; readonly command: SamCommand; readonly result: SamResult }
  | { readonly outcome: 'read'; readonly card: CardRead };

export interface ReadCardOptions {
  /** Read fingerprints too (`30 10` instead of `30 01`). Default false. */
  readonly fingerprint?: boolean;
  /** Called once the reader has found a card, before it is selected and read. */
  readonly onCardFound?: () => void;
}

/** Overwrites the photo and fingerprint bytes (the strings go when the last reference goes). */
export function wipeCardRead(card: CardRead): void {
  card.photo.fill(0);
  card.fingerprint?.fill(0);
}

type ReplyKind = 'answer';

/** Any checked frame is the answer: the protocol has one request in flight and no tags. */
const anyFrame: ReplyMatcher<SamUnit> = (unit) => (unit.kind === 'frame' ? 'yes' : 'no');

/** Whatever comes during the quiet time after a failed command is its late answer. */
const anyUnit: ReplyMatcher<SamUnit> = () => 'yes';

export class IdCardReader {
  private readonly commandTimeoutMs: number;
  private readonly readTimeoutMs: number;
  private readonly settleMs: number;
  /** When the quiet time after a failed command ends (see {@link IdCardReaderOptions.settleMs}). */
  private quietUntil = 0;
  private readonly parser = new SamFrameParser();
  private readonly engine: RequestEngine<SamUnit, ReplyKind>;
  private status: IdReaderStatus = { device: 'offline', media: 'noCard', sam: 'ok' };
  private rejectedDuringWait: FrameRejection | undefined;
  private readonly statusListeners = new Listeners<[IdReaderStatus]>();

  constructor(
    private readonly transport: ByteTransport,
    options: IdCardReaderOptions = {},
  ) {
    this.commandTimeoutMs = positiveMs('commandTimeoutMs', options.commandTimeoutMs ?? 1000);
    this.readTimeoutMs = positiveMs('readTimeoutMs', options.readTimeoutMs ?? 4000);
    this.settleMs = positiveMs('settleMs', options.settleMs ?? 300);
    this.engine = new RequestEngine<SamUnit, ReplyKind>(transport, {
      decode: (chunk) => {
        const units = this.parser.push(chunk);
        for (const unit of units)
          if (unit.kind === 'rejected') this.rejectedDuringWait = unit.reason;
        return units;
      },
      name: 'IdCardReader',
    });
    transport.onClose(() => this.parser.reset());
  }

  get description(): string {
    return this.transport.description;
  }

  get isOpen(): boolean {
    return this.transport.isOpen;
  }

  /** Whether a command is running or queued. */
  get busy(): boolean {
    return this.engine.busy;
  }

  /** The status from the most recent command. */
  get lastStatus(): IdReaderStatus {
    return this.status;
  }

  /** Frames that answered nothing, damaged frames, late answers swallowed (diagnostics). */
  get discardedCount(): number {
    return this.engine.discardedCount;
  }

  /** Called whenever a command leaves the reader in a status different from the previous one. */
  onStatusChange(listener: (status: IdReaderStatus) => void): () => void {
    return this.statusListeners.add(listener);
  }

  /**
   * The reader's status, read with SAM status (`11 FF`): never rejects, a reader that does not
   * answer is `offline` (what a supervisor's poll needs).
   */
  queryStatus(): Promise<IdReaderStatus> {
    return this.samStatus().then(
      () => this.status,
      (error: unknown) => {
        if (error instanceof IdCardError) return this.status;
        throw error;
      },
    );
  }

  onClose(listener: (error: TransportError | undefined) => void): () => void {
    return this.transport.onClose(listener);
  }

  async open(): Promise<void> {
    this.parser.reset();
    await this.transport.open();
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  /** Resets the SAM (`10 FF`) and reports its state; throws only if the reader does not answer. */
  resetSam(): Promise<SamState> {
    return this.engine.exclusive(() => this.samCommand('resetSam'));
  }

  /** The SAM's state (`11 FF`); throws only if the reader does not answer. */
  samStatus(): Promise<SamState> {
    return this.engine.exclusive(() => this.samCommand('samStatus'));
  }

  /** The SAM's 16-byte id (`12 FF`) in hex, for the technician's records. */
  samId(): Promise<string> {
    return this.engine.exclusive(async () => {
      const response = await this.command('samId', this.commandTimeoutMs);
      this.expectSuccess('samId', response);
      return [...response.data].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
    });
  }

  /** Whether a card is on the reader (`20 01`). */
  findCard(): Promise<boolean> {
    return this.engine.exclusive(async () => {
      const response = await this.command('findCard', this.commandTimeoutMs);
      const found = this.cardStep('findCard', response) === 'ok';
      if (found && this.status.media === 'noCard') this.setStatus({ media: 'present' });
      return found;
    });
  }

  /**
   * Finds, selects and reads the card on the reader. Resolves with what it found (no card, an
   * unreadable card, or its data); throws {@link IdCardError} when the reader, its SAM or the
   * line fails.
   */
  readCard(options: ReadCardOptions = {}): Promise<CardReadOutcome> {
    return this.engine.exclusive(async () => {
      const find = this.cardStep('findCard', await this.command('findCard', this.commandTimeoutMs));
      if (find !== 'ok') return this.outcome(find);
      this.setStatus({ media: 'present' });
      options.onCardFound?.();
      const select = this.cardStep(
        'selectCard',
        await this.command('selectCard', this.commandTimeoutMs),
      );
      if (select !== 'ok') return this.outcome(select);
      const readCommand: SamCommand = options.fingerprint ? 'readTextFingerprint' : 'readText';
      const response = await this.command(readCommand, this.readTimeoutMs);
      const read = this.cardStep(readCommand, response);
      if (read !== 'ok') return this.outcome(read);
      const data = parseCardData(response.data, options.fingerprint === true);
      if (typeof data === 'string') {
        throw new IdCardError('protocolError', {
          port: this.description,
          command: readCommand,
          why: technicianSentence('en', 'idcard.lengthsDoNotAddUp', { problem: data }),
          result: response.result,
          sw3: response.sw3,
        });
      }
      this.setStatus({ media: 'read' });
      const card: CardRead = {
        identity: parseIdentity(data.text),
        photo: data.photo,
        ...(data.fingerprint ? { fingerprint: data.fingerprint } : {}),
      };
      data.text.fill(0);
      return { outcome: 'read', card };
    });
  }

  private outcome(step: Exclude<CardStep, 'ok'>): CardReadOutcome {
    if (step === 'noCard') return { outcome: 'noCard' };
    return { outcome: 'unreadable', command: step.command, result: step.result };
  }

  /**
   * One exchange: resolves with the reader's answer, or throws `offline` (no answer) or
   * `corruptReply` (only damaged frames came). After a failure the line gets a quiet time
   * before the next request, and whatever arrives in it (the late answer) is dropped.
   */
  private async command(command: SamCommand, timeoutMs: number): Promise<SamResponse> {
    const quiet = this.quietUntil - Date.now();
    if (quiet > 0) await new Promise((resolve) => setTimeout(resolve, quiet));
    this.engine.forgetLate();
    this.rejectedDuringWait = undefined;
    const answer = await this.engine.exchange('answer', requestFrame(command), anyFrame, {
      timeoutMs,
    });
    if (!answer.ok) {
      this.quietUntil = Date.now() + this.settleMs;
      this.engine.expectLate({ match: anyUnit, forMs: this.settleMs });
      // A preamble in line noise may be holding the parser for bytes that will not come.
      while (this.parser.bufferedBytes > 0) {
        for (const unit of this.parser.giveUpPartial()) this.engine.waitress.receive(unit);
      }
      const damaged = this.rejectedDuringWait;
      if (damaged !== undefined && answer.failure === 'timeout') {
        this.setStatus({ device: 'hardwareError' });
        throw new IdCardError('corruptReply', {
          port: this.description,
          command,
          why: technicianSentence('en', `idcard.${damaged}`, {}),
          rejection: damaged,
        });
      }
      this.setStatus({ device: 'offline' });
      // The engine's reason as the developer sentence; the catalogue event stays the reader's own.
      throw new IdCardError('offline', {
        port: this.description,
        command,
        why: describeReason(answer.why),
      });
    }
    const response = answer.reply.kind === 'frame' ? parseResponse(answer.reply.body) : undefined;
    if (!response) {
      this.setStatus({ device: 'hardwareError' });
      throw new IdCardError('corruptReply', {
        port: this.description,
        command,
        why: technicianSentence('en', 'idcard.answerTooShort', {}),
      });
    }
    this.setStatus({ device: 'online' });
    const kind = classifySamResult(response.result);
    if (kind === 'exchange') {
      const reason =
        response.result === 'checksumError' || response.result === 'lengthError'
          ? 'corruptReply'
          : 'protocolError';
      throw new IdCardError(reason, {
        port: this.description,
        command,
        why: technicianSentence('en', 'idcard.requestRefused', {}),
        result: response.result,
        sw3: response.sw3,
      });
    }
    if (kind === 'sam') {
      this.setStatus({ device: 'hardwareError', sam: samStateOf(response.result) });
      throw new IdCardError('samFailure', {
        port: this.description,
        command,
        result: response.result,
        sw3: response.sw3,
      });
    }
    return response;
  }

  private async samCommand(command: 'resetSam' | 'samStatus'): Promise<SamState> {
    try {
      const response = await this.command(command, this.commandTimeoutMs);
      this.expectSuccess(command, response);
      this.setStatus({ sam: 'ok' });
      return 'ok';
    } catch (error) {
      if (error instanceof IdCardError && error.reason === 'samFailure') return this.status.sam;
      throw error;
    }
  }

  /** What a card command's answer means for the card: on, off, or not readable. */
  private cardStep(command: SamCommand, response: SamResponse): CardStep {
    const kind = classifySamResult(response.result);
    if (kind === 'success') return 'ok';
    if (kind === 'noCard') {
      this.setStatus({ media: 'noCard' });
      return 'noCard';
    }
    this.setStatus({ media: 'unreadable' });
    return { command, result: response.result };
  }

  private expectSuccess(command: SamCommand, response: SamResponse): void {
    if (classifySamResult(response.result) === 'success') return;
    throw new IdCardError('protocolError', {
      port: this.description,
      command,
      why: technicianSentence('en', 'idcard.unexpectedResult', {}),
      result: response.result,
      sw3: response.sw3,
    });
  }

  private setStatus(change: Partial<IdReaderStatus>): void {
    const next = { ...this.status, ...change };
    const changed =
      next.device !== this.status.device ||
      next.media !== this.status.media ||
      next.sam !== this.status.sam;
    this.status = next;
    if (changed) this.statusListeners.emit(next);
  }
}

type CardStep = 'ok' | 'noCard' | { readonly command: SamCommand; readonly result: SamResult };

function samStateOf(result: SamResult): SamState {
  return result === 'samSelfTestFailed' ? 'selfTestFailed' : 'notAuthorized';
}
