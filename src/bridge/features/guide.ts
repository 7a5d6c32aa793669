/**
 * The guide flow's commands and screens. Imported by the renderer: no Node, no DOM.
 *
 * The staff PIN is typed on the kiosk's keypad, one digit a command, so the digits live in the
 * host (cleared once checked); the view carries only how many were typed (dots on screen).
 */
import { z } from 'zod';
import { ViewBaseSchema } from '../common.js';

export const GuideCommandSchemas = [
  // "Staff: assisted mode" on the guide's screen: the PIN keypad.
  z.object({ type: z.literal('STAFF_UNLOCK') }),
  z.object({ type: z.literal('PIN_DIGIT'), digit: z.string().regex(/^[0-9]$/) }),
  z.object({ type: z.literal('PIN_ERASE') }),
  z.object({ type: z.literal('PIN_SUBMIT') }),
  // In assisted mode: a priority ticket for the customer.
  z.object({ type: z.literal('ASSIST_PRIORITY_TICKET') }),
  // In assisted mode: the customer needs priority for a disability (set or cleared).
  z.object({ type: z.literal('ASSIST_SET_DISABILITY'), disability: z.boolean() }),
] as const;

export const GuideScreenSchemas = [
  // The call: being made, sent, queued (the branch service cannot be reached: it will be
  // delivered), a guide on the way (a guide acknowledged it), or not sent (not stored).
  ViewBaseSchema.extend({
    screen: z.literal('guideCalled'),
    status: z.enum(['calling', 'sent', 'notSent', 'queued', 'onTheWay']),
  }),
  // The staff PIN keypad: dots for the digits typed so far.
  ViewBaseSchema.extend({
    screen: z.literal('guidePin'),
    pinLength: z.int().min(0).max(16),
    maxLength: z.int().positive().max(16),
    canSubmit: z.boolean(),
    checking: z.boolean(),
  }),
  // Too many wrong PINs: wait before trying again.
  ViewBaseSchema.extend({
    screen: z.literal('guideLockedOut'),
    lockedSeconds: z.int().min(0),
  }),
  // Assisted mode: what the guide can do for the customer.
  // `disability`: the guide marked the customer; the priority ticket then says so.
  ViewBaseSchema.extend({ screen: z.literal('guideAssisted'), disability: z.boolean() }),
] as const;
