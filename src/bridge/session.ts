/**
 * The session's own commands and screens (attract, menu, out of service), shared by every flow.
 * Imported by the renderer: no Node, no DOM.
 */
import { z } from 'zod';
import { MAX_SCAN_TEXT_LENGTH } from '../domain/ticket-scan.js';
import { LanguageSchema, MessageKeySchema, ViewBaseSchema } from './common.js';

/** Longest announcement the attract screen shows; the branch configuration holds them. */
export const MAX_ANNOUNCEMENT_LENGTH = 500;

/** Flows the menu can start; a feature adds its id here when it registers a flow. */
export const FLOW_IDS = ['ticket', 'appointment', 'query', 'guide'] as const;
export const FlowIdSchema = z.enum(FLOW_IDS);
export type FlowId = z.infer<typeof FlowIdSchema>;

export const SessionCommandSchemas = [
  z.object({ type: z.literal('START') }), // touch on the attract screen
  // A menu entry; or a code held to the lobby scanner on the attract screen or the menu (a
  // ticket's QR code), which starts the flow that reads it with the scanned text.
  z.object({
    type: z.literal('START_FLOW'),
    flow: FlowIdSchema,
    scan: z.string().min(1).max(MAX_SCAN_TEXT_LENGTH).optional(),
  }),
  z.object({ type: z.literal('BACK') }),
  z.object({ type: z.literal('FINISH') }), // "done": back to attract for the next customer
  z.object({ type: z.literal('SET_LANGUAGE'), language: LanguageSchema }),
  z.object({ type: z.literal('ACTIVITY') }), // any touch: postpones the inactivity reset
  // Elder mode on or off (the header's button, or a lobby guide): this session only.
  z.object({ type: z.literal('SET_ELDER'), on: z.boolean() }),
  z.object({ type: z.literal('SET_VOICE'), on: z.boolean() }), // voice prompts on or off
  z.object({ type: z.literal('SET_VOLUME'), volume: z.number().int().min(0).max(100) }),
  z.object({ type: z.literal('REPEAT_PROMPT') }), // say the current prompt again
  // The customer's answer to "Switch to larger text and voice?" (offered once from the ID card).
  z.object({ type: z.literal('ANSWER_ELDER_OFFER'), accept: z.boolean() }),
] as const;

/** One entry of the home menu: a registered flow and its label. */
export const MenuEntrySchema = z.object({ flow: z.string(), label: MessageKeySchema });
export type MenuEntry = z.infer<typeof MenuEntrySchema>;

export const SessionScreenSchemas = [
  ViewBaseSchema.extend({
    screen: z.literal('attract'),
    /** The branch's announcements in the session language, shown in turn. */
    announcements: z.array(z.string().max(MAX_ANNOUNCEMENT_LENGTH)).max(20),
  }),
  ViewBaseSchema.extend({ screen: z.literal('menu'), entries: z.array(MenuEntrySchema) }),
  // Nothing the customer can do here; staff informed.
  ViewBaseSchema.extend({ screen: z.literal('outOfService') }),
] as const;
