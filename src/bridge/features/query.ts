/**
 * The self-service query flow's commands and screens. Imported by the renderer: no Node, no DOM.
 *
 * An answer is a list of generic blocks (label/value pairs, a table, questions and answers, a
 * text), already in the customer's language, so a branch's new query provider needs no new
 * screen: the renderer draws any answer from these blocks.
 */
import { z } from 'zod';
import { MAX_SCAN_TEXT_LENGTH } from '../../domain/ticket-scan.js';
import { MessageKeySchema, ViewBaseSchema } from '../common.js';

export const QueryCommandSchemas = [
  z.object({ type: z.literal('CHOOSE_QUERY'), queryId: z.string().max(64) }),
  // One key of the keypad for a query that asks first (a ticket number: a letter or a digit).
  z.object({ type: z.literal('TYPE_QUERY_INPUT'), text: z.string().regex(/^[A-Z0-9]$/) }),
  z.object({ type: z.literal('ERASE_QUERY_INPUT') }),
  z.object({ type: z.literal('SUBMIT_QUERY_INPUT') }),
  // What the lobby's barcode scanner typed (a ticket's QR code: its follow link, or a bare
  // number), read by the host; the renderer only tells a scanner's burst from a person's keys.
  z.object({
    type: z.literal('SCAN_QUERY_INPUT'),
    text: z.string().min(1).max(MAX_SCAN_TEXT_LENGTH),
  }),
] as const;

export const QueryEntryViewSchema = z.object({ id: z.string(), label: MessageKeySchema });
export type QueryEntryView = z.infer<typeof QueryEntryViewSchema>;

export const QueryBlockViewSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('pairs'),
    heading: z.string().optional(),
    pairs: z.array(z.object({ label: z.string(), value: z.string() })),
  }),
  z.object({
    kind: z.literal('table'),
    heading: z.string().optional(),
    columns: z.array(z.string()),
    rows: z.array(z.array(z.string())),
  }),
  z.object({
    kind: z.literal('questions'),
    heading: z.string().optional(),
    items: z.array(z.object({ question: z.string(), answer: z.string() })),
  }),
  z.object({ kind: z.literal('text'), text: z.string() }),
]);
export type QueryBlockView = z.infer<typeof QueryBlockViewSchema>;

export const QueryScreenSchemas = [
  // What would you like to know?
  ViewBaseSchema.extend({ screen: z.literal('queryMenu'), entries: z.array(QueryEntryViewSchema) }),
  // What the query needs first: the ticket number, typed on a keypad of the branch's ticket
  // prefixes and the digits.
  ViewBaseSchema.extend({
    screen: z.literal('queryInput'),
    title: MessageKeySchema,
    input: z.string().max(8),
    prefixes: z.array(z.string()),
    /** The input is a whole ticket number: "show" is offered. */
    complete: z.boolean(),
  }),
  // The answer, with the age of the kiosk's copy; `blocks` is empty when the branch has not
  // configured this information (the notice says so).
  ViewBaseSchema.extend({
    screen: z.literal('queryAnswer'),
    title: MessageKeySchema,
    blocks: z.array(QueryBlockViewSchema),
    /** When the kiosk's copy was last confirmed by the branch service (local time), or null. */
    asOf: z.string().nullable(),
    /** How old that copy was when the answer was read, in whole minutes. */
    ageMinutes: z.number().int().nonnegative().nullable(),
  }),
] as const;
