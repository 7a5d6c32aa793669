/**
 * A Chinese second-generation ID card reader simulator (design.md §4.3) on the device end of a
 * ByteTransport: a pty path opened with SerialTransport, or the in-process pair. It reuses the
 * SAM framing (not the driver), answers from a synthetic {@link TestCard} placed on it, and
 * injects faults on command.
 *
 * Model: a card on the reader answers find card with 9F for as long as it stays there, read or
 * not (real readers may differ for a card already read: see the driver's notes).
 */
import { SamFrameParser, buildFrame } from '../idcard/framing.js';
import { cardData, commandOf, responseBody } from '../idcard/protocol.js';
import type { SamCommand } from '../idcard/protocol.js';
import type { ByteTransport } from '../transport/byte-transport.js';
import type { TestCard } from './virtual-id-reader-cards.js';

export type { TestCard } from './virtual-id-reader-cards.js';
export { TEST_CARDS } from './virtual-id-reader-cards.js';

/**
 * Faults on command. `unreadable`: the card is found but its read fails (41); `badChecksum`:
 * every answer's checksum is wrong; `splitFrames`: answers leave in small pieces with pauses;
 * `garbage`: line noise (with a preamble fragment) before every answer; `silence`: no answers;
 * `samFailure`: the SAM fails its self-test (60) on every command; `samNotAuthorized` (66).
 * No card is {@link VirtualIdReader.removeCard}; unplug is {@link VirtualIdReader.unplug}.
 */
export type IdReaderFault =
  | 'unreadable'
  | 'badChecksum'
  | 'splitFrames'
  | 'garbage'
  | 'silence'
  | 'samFailure'
  | 'samNotAuthorized';

export interface VirtualIdReaderOptions {
  /** Pause between the pieces of a split answer. Default 5 ms. */
  readonly splitPauseMs?: number;
  /** The SAM id the reader reports (16 bytes). */
  readonly samId?: Uint8Array;
}

const DEFAULT_SAM_ID = Uint8Array.from([
  0x05, 0x00, 0x01, 0x00, 0x20, 0x15, 0x03, 0x10, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
]);

/**
 * Noise a real line can carry: random-looking bytes, a preamble start that goes nowhere, and a
 * whole preamble with an impossible length (the parser must refuse it and find the real answer).
 */
const GARBAGE = Uint8Array.from([
  0x00, 0xff, 0x13, 0xaa, 0xaa, 0x96, 0x55, 0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xf0, 0x11, 0x7e,
]);

export class VirtualIdReader {
  private readonly parser = new SamFrameParser();
  private readonly splitPauseMs: number;
  private readonly samIdBytes: Uint8Array;
  private unsubscribe: (() => void) | undefined;
  private card: TestCard | undefined;
  private fault: IdReaderFault | undefined;
  private readonly received: SamCommand[] = [];
  private rejectedRequests = 0;
  /** Answers go out in order, one after another, even when one is split with pauses. */
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly transport: ByteTransport,
    options: VirtualIdReaderOptions = {},
  ) {
    this.splitPauseMs = options.splitPauseMs ?? 5;
    this.samIdBytes = options.samId ?? DEFAULT_SAM_ID;
    this.attach();
  }

  /** Opens the transport (if it is not open yet). */
  async open(): Promise<void> {
    this.attach();
    if (!this.transport.isOpen) await this.transport.open();
  }

  /** Detaches from the transport and closes it; `open()` attaches again. */
  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.sending.catch(() => undefined);
    await this.transport.close();
  }

  /** The cable is pulled: the reader closes its end and answers nothing until `open()`. */
  async unplug(): Promise<void> {
    await this.close();
  }

  /** Puts a card on the reader (replacing any card there). */
  placeCard(card: TestCard): void {
    this.card = card;
  }

  /** Takes the card away: find card answers "no card" (80). */
  removeCard(): void {
    this.card = undefined;
  }

  get cardOnReader(): TestCard | undefined {
    return this.card;
  }

  /** Sets a fault (or clears it with undefined). */
  setFault(fault: IdReaderFault | undefined): void {
    this.fault = fault;
  }

  /** Commands received, oldest first (tests assert what the driver sent). */
  commands(): readonly SamCommand[] {
    return [...this.received];
  }

  /** Request frames that arrived damaged (answered with SW3 10). */
  get rejectedRequestCount(): number {
    return this.rejectedRequests;
  }

  private attach(): void {
    if (this.unsubscribe) return;
    this.parser.reset();
    this.unsubscribe = this.transport.onData((chunk) => this.receive(chunk));
  }

  private receive(chunk: Uint8Array): void {
    for (const unit of this.parser.push(chunk)) {
      if (unit.kind === 'rejected') {
        this.rejectedRequests += 1;
        this.answer(responseBody('checksumError'));
        continue;
      }
      const command = commandOf(unit.body);
      if (command) this.received.push(command);
      this.answer(this.respond(command));
    }
  }

  /** The answer body to a command, from the card on the reader and the fault in force. */
  private respond(command: SamCommand | undefined): Uint8Array {
    if (this.fault === 'samFailure') return responseBody('samSelfTestFailed');
    if (this.fault === 'samNotAuthorized') return responseBody('samNotAuthorized');
    const card = this.card;
    switch (command) {
      case 'resetSam':
      case 'samStatus':
        return responseBody('ok');
      case 'samId':
        return responseBody('ok', this.samIdBytes);
      case 'findCard':
        return card ? responseBody('cardFound', new Uint8Array(4)) : responseBody('noCard');
      case 'selectCard':
        return card ? responseBody('ok', new Uint8Array(8)) : responseBody('noCard');
      case 'readText':
      case 'readTextFingerprint': {
        if (!card) return responseBody('noCard');
        if (this.fault === 'unreadable') return responseBody('readFailed');
        const withFingerprint = command === 'readTextFingerprint';
        return responseBody('ok', cardData(card, withFingerprint));
      }
      case undefined:
        return responseBody('commandError');
    }
  }

  private answer(body: Uint8Array): void {
    if (this.fault === 'silence') return;
    const frame = buildFrame(body);
    if (this.fault === 'badChecksum') frame[frame.length - 1] = frame[frame.length - 1]! ^ 0x5a;
    const pieces: Uint8Array[] =
      this.fault === 'splitFrames'
        ? splitInto(frame, 7)
        : this.fault === 'garbage'
          ? [GARBAGE, frame]
          : [frame];
    this.sending = this.sending.then(async () => {
      for (const [index, piece] of pieces.entries()) {
        if (index > 0 && this.fault === 'splitFrames') await pause(this.splitPauseMs);
        if (!this.transport.isOpen) return;
        await this.transport.write(piece).catch(() => undefined);
      }
    });
  }
}

/** Cuts a frame into `count` pieces of uneven sizes, the first inside the preamble. */
function splitInto(frame: Uint8Array, count: number): Uint8Array[] {
  const cuts = [2];
  for (let i = 1; i < count - 1; i += 1)
    cuts.push(2 + Math.floor(((frame.length - 2) * i * i) / (count * count)));
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...new Set(cuts)]
    .filter((c) => c > 0 && c < frame.length)
    .sort((a, b) => a - b)) {
    if (cut > from) pieces.push(frame.subarray(from, cut));
    from = Math.max(from, cut);
  }
  pieces.push(frame.subarray(from));
  return pieces;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
