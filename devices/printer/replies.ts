/**
 * How the printer's replies are told apart (design.md §4.1): the reply kinds the driver waits
 * for, which of them may wait together, and the matchers for each. Replies are single bytes
 * (the Clear response is three), routed by the shared engine (devices/engine).
 */
import { oneUnit, unitSequence } from '../engine/waitress.js';
import type { ReplyMatcher } from '../engine/waitress.js';
import { CLEAR_RESPONSE, isPaperSensorByte, isRealtimeStatusByte } from './framing.js';

/**
 * Which answer a request waits for. A reply byte is routed by kind, so requests of different
 * kinds may wait at the same time only if no byte can be an answer to both; see
 * {@link distinguishable}.
 */
export type ReplyKind = 'realtimeStatus' | 'paperSensor' | 'clearResponse';

/**
 * Whether replies of kinds `a` and `b` can be told apart by their bytes alone: a DLE EOT reply
 * has bit 4 set, a GS r reply has it clear (framing.ts), so the barrier and a status poll can
 * wait together. Two requests of one kind cannot (their one-byte answers look alike and only
 * their order would tell them apart), and the Clear response (37 25 00) ends in bytes that are
 * valid GS r replies, so it waits alone.
 */
export function distinguishable(a: ReplyKind, b: ReplyKind): boolean {
  return a !== b && a !== 'clearResponse' && b !== 'clearResponse';
}

/** A DLE EOT n answer: one byte with the fixed bits of a real-time status byte. */
export const realtimeStatusReply: ReplyMatcher<number> = oneUnit(isRealtimeStatusByte);

/** A GS r 1 answer: one byte with bits 4 and 7 clear. */
export const paperSensorReply: ReplyMatcher<number> = oneUnit(isPaperSensorByte);

/**
 * The Clear response (37 25 00) to DLE DC4 fn = 8. A new matcher each time: it remembers how
 * much of the sequence it has seen. 0x37 is no valid answer to anything else, so a late one is
 * told apart by it even while a GS r 1 answer is awaited.
 */
export function clearResponseReply(): ReplyMatcher<number> {
  return unitSequence(CLEAR_RESPONSE);
}
