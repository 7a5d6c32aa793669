/**
 * What every technician CLI command gets: where to write (stdout for results, stderr for
 * failures) and how to say things in the language asked for. Tests pass a recorder.
 */
import type { Say } from './failures.js';

export interface CliOutput {
  /** A result line, for stdout. */
  out(line: string): void;
  /** A failure or warning line, for stderr. */
  err(line: string): void;
}

export interface CommandContext {
  readonly say: Say;
  readonly io: CliOutput;
}

/** Exit status: 0 success, 1 the device or port failed, 2 wrong usage. */
export type ExitCode = 0 | 1 | 2;
