/**
 * The appointment check-in flow's commands and screens (issue 8). Imported by the renderer: no
 * Node, no DOM.
 */
import { z } from 'zod';
import { ViewBaseSchema } from '../common.js';

export const AppointmentCommandSchemas = [
  // One digit of the appointment code, on the kiosk's keypad.
  z.object({ type: z.literal('TYPE_APPOINTMENT_CODE'), text: z.string().regex(/^[0-9]$/) }),
  z.object({ type: z.literal('ERASE_APPOINTMENT_CODE') }),
  z.object({ type: z.literal('SUBMIT_APPOINTMENT_CODE') }),
  // Found: take the appointment's priority ticket.
  z.object({ type: z.literal('TAKE_APPOINTMENT_TICKET') }),
  // None today, or the branch cannot be reached: take an ordinary ticket instead.
  z.object({ type: z.literal('TAKE_WALK_IN_TICKET') }),
] as const;

export const AppointmentScreenSchemas = [
  // Type the appointment code (6 to 8 digits).
  ViewBaseSchema.extend({
    screen: z.literal('appointmentCode'),
    input: z.string().max(8),
    /** The input is a whole code: "check in" is offered. */
    complete: z.boolean(),
    /** An ID-card reader is ready: "check in with my ID card" is offered (USE_ID_CARD). */
    canUseIdCard: z.boolean(),
  }),
  // Asking the branch service.
  ViewBaseSchema.extend({ screen: z.literal('appointmentCheckingIn') }),
  // Today's appointment: its business type and slot; "take my priority ticket".
  ViewBaseSchema.extend({
    screen: z.literal('appointmentFound'),
    businessTypeName: z.string(),
    timeSlot: z.string().max(11),
  }),
  // No appointment today for this code (or this ID card), or the branch service cannot be
  // reached: a walk-in ticket is offered either way.
  ViewBaseSchema.extend({
    screen: z.literal('appointmentNotFound'),
    reason: z.enum(['noneToday', 'noneTodayByCard', 'unreachable']),
  }),
] as const;
