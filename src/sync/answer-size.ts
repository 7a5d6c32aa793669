/**
 * How large an answer of the branch service the kiosk reads (BranchServiceClient's
 * maxResponseBytes), derived from the contract's bounds rather than guessed: it holds the
 * largest batch answer the contract allows (src/contract/sync.ts, BatchResponseSchema), naming
 * MAX_BATCH_ITEMS ids as accepted and MAX_BATCH_ITEMS items as rejected, each with a reason of
 * MAX_REASON_LENGTH characters: a batch the service refused item by item is always read, so the
 * kiosk learns the reasons instead of re-sending the batch for ever. A larger answer is not a
 * batch answer (a proxy page, a download) and is refused unread as 'answerTooLarge'.
 *
 * Bytes, not characters: the schema counts a string's UTF-16 code units, and one unit takes up
 * to six bytes in JSON, a control character escaped as \u00XX (a CJK character is three bytes of
 * UTF-8, a surrogate pair four bytes for two units). So the bound is the escaped worst case, as
 * JSON.stringify (and the service's serializer) writes it; a pretty-printed answer adds
 * whitespace, which ANSWER_HEADROOM_BYTES allows for.
 */
import { MAX_REASON_LENGTH, MAX_TEXT_LENGTH } from '../contract/fields.js';
import { MAX_BATCH_ITEMS } from '../contract/sync.js';

/** The most bytes one UTF-16 code unit of a string takes in JSON: "\u0001" is six. */
export const MAX_JSON_BYTES_PER_UNIT = 6;

/** The most bytes a JSON string of at most `maxLength` units takes, with its quotes. */
export const maxJsonStringBytes = (maxLength: number): number =>
  2 + maxLength * MAX_JSON_BYTES_PER_UNIT;

/** Room for whitespace and for a service that adds a field or two the kiosk ignores. */
export const ANSWER_HEADROOM_BYTES = 64 * 1024;

/** The largest batch answer the contract allows, in bytes, as JSON without whitespace. */
export const MAX_BATCH_ANSWER_BYTES =
  '{"accepted":[],"rejected":[]}'.length +
  // each accepted id, with a comma between two
  MAX_BATCH_ITEMS * maxJsonStringBytes(MAX_TEXT_LENGTH) +
  (MAX_BATCH_ITEMS - 1) +
  // each rejection {"id":…,"reason":…}, with a comma between two
  MAX_BATCH_ITEMS *
    ('{"id":,"reason":}'.length +
      maxJsonStringBytes(MAX_TEXT_LENGTH) +
      maxJsonStringBytes(MAX_REASON_LENGTH)) +
  (MAX_BATCH_ITEMS - 1);

/**
 * The default answer limit: the largest batch answer (about 7 MB at worst; a real one is a few
 * KiB) and the headroom. Held in memory only while one answer is read.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = MAX_BATCH_ANSWER_BYTES + ANSWER_HEADROOM_BYTES;
