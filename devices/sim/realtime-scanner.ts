import { CLEAR_BUFFER_DATA, CLEAR_BUFFER_FN, DC4, DLE, ENQ, EOT } from '../printer/framing.js';

/** A real-time command found in the raw byte stream. */
export type RealtimeCommand =
  | { readonly type: 'status'; readonly n: number }
  | { readonly type: 'request'; readonly n: number }
  | { readonly type: 'clearBuffers' };

export interface ScannedRealtimeCommand {
  readonly command: RealtimeCommand;
  /** Offset just after the command's last byte in the chunk it completed in. */
  readonly end: number;
}

/** The longest real-time command: DLE DC4 fn d1…d7. */
const CLEAR_BUFFERS_LENGTH = 3 + CLEAR_BUFFER_DATA.length;

/**
 * Finds ESC/POS real-time commands (DLE EOT n, DLE ENQ n, DLE DC4 fn = 8) in bytes as they are
 * received, the way a printer's receive routine does: before, and whether or not, the buffered
 * data is processed. That is what lets a host read the status of, and clear the buffer of, a
 * printer stopped by paper end with a job in its buffer. Like a printer, it also matches these
 * sequences inside other commands' data (Epson warns about exactly that). Commands may be split
 * across chunks.
 */
export class RealtimeScanner {
  private partial: number[] = [];

  reset(): void {
    this.partial = [];
  }

  scan(chunk: Uint8Array): ScannedRealtimeCommand[] {
    const found: ScannedRealtimeCommand[] = [];
    chunk.forEach((byte, index) => {
      const command = this.step(byte);
      if (command) found.push({ command, end: index + 1 });
    });
    return found;
  }

  private step(byte: number): RealtimeCommand | undefined {
    if (this.partial.length === 0) {
      if (byte === DLE) this.partial.push(byte);
      return undefined;
    }
    const p = [...this.partial, byte];
    const [, second, third] = p;
    if (p.length === 2) {
      if (second === EOT || second === ENQ || second === DC4) this.partial = p;
      else this.restartWith(byte);
      return undefined;
    }
    if (p.length === 3 && third !== undefined) {
      if (second === EOT) return this.complete({ type: 'status', n: third });
      if (second === ENQ) return this.complete({ type: 'request', n: third });
      // DLE DC4 fn: only fn = 8 (clear buffers) is modelled; pulse and power-off are not.
      if (third === CLEAR_BUFFER_FN) this.partial = p;
      else this.restartWith(byte);
      return undefined;
    }
    if (byte !== CLEAR_BUFFER_DATA[p.length - 4]) {
      this.restartWith(byte);
      return undefined;
    }
    if (p.length === CLEAR_BUFFERS_LENGTH) return this.complete({ type: 'clearBuffers' });
    this.partial = p;
    return undefined;
  }

  private complete(command: RealtimeCommand): RealtimeCommand {
    this.partial = [];
    return command;
  }

  /** A sequence broken by `byte`: it may itself start the next one. */
  private restartWith(byte: number): void {
    this.partial = byte === DLE ? [DLE] : [];
  }
}
