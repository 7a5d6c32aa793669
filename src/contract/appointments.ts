/**
 * Appointments in the contract (issue 8): a customer books a business type for a day and a time
 * slot and gets a code; at the kiosk they check in with that code (or their ID card's customer
 * key) and get a priority ticket. The branch service holds the appointments; these schemas are
 * shared by the service, the kiosk's client and the demo/test calls that create them. No Node and
 * no DOM here.
 */
import { z } from 'zod';
import { CustomerKeySchema } from '../domain/identification.js';
import { IdNumberSchema } from './customers.js';
import { CalendarDay, Identifier, Instant, say, type Immutable } from './fields.js';

export const APPOINTMENT_PATHS = {
  /** POST AppointmentRequest → Appointment (demos and tests; a booking system in a bank). */
  appointments: '/v1/appointments',
  /** POST AppointmentCheckInRequest → Appointment (checked in), or 404 NO_APPOINTMENT_TODAY. */
  checkIn: '/v1/appointments/check-in',
} as const;

/** The code a customer is given when booking: 6 to 8 digits, typed on the kiosk's keypad. */
export const APPOINTMENT_CODE_PATTERN = /^[0-9]{6,8}$/;
export const MAX_APPOINTMENT_CODE_LENGTH = 8;
export const AppointmentCodeSchema = z
  .string({ error: say('must be an appointment code of 6 to 8 digits') })
  .regex(APPOINTMENT_CODE_PATTERN, { error: 'must be an appointment code of 6 to 8 digits' })
  .meta({ description: 'The code the customer was given when booking: 6 to 8 digits.' });

/** "09:30-10:00": the booked slot, branch-local time. */
export const TimeSlotSchema = z
  .string({ error: say('must be a time slot HH:MM-HH:MM') })
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, {
    error: 'must be a time slot HH:MM-HH:MM',
  })
  .meta({ description: 'The booked slot, branch-local time, HH:MM-HH:MM.' });

export const APPOINTMENT_STATUSES = ['booked', 'checkedIn', 'cancelled'] as const;
export const AppointmentStatusSchema = z.enum(APPOINTMENT_STATUSES);
export type AppointmentStatus = z.infer<typeof AppointmentStatusSchema>;

/** Books an appointment. Creating the same code again answers the one already held. */
export const AppointmentRequestSchema = z
  .object({
    code: AppointmentCodeSchema,
    businessTypeId: Identifier,
    /** The branch-local day of the appointment. */
    serviceDay: CalendarDay,
    timeSlot: TimeSlotSchema,
    /** The ID card's key (HMAC of the ID number under the branch's customer-key secret). */
    customerKey: CustomerKeySchema.optional(),
    /**
     * Or the ID number itself, from a booking system that has it: the service turns it into the
     * customer key at once and keeps only the key.
     */
    idNumber: IdNumberSchema.optional(),
  })
  .refine((r) => r.customerKey === undefined || r.idNumber === undefined, {
    error: 'must give the customer key or the ID number, not both',
  });
export type AppointmentRequest = Immutable<z.infer<typeof AppointmentRequestSchema>>;

export const AppointmentSchema = z.object({
  code: AppointmentCodeSchema,
  businessTypeId: Identifier,
  serviceDay: CalendarDay,
  timeSlot: TimeSlotSchema,
  customerKey: CustomerKeySchema.nullable(),
  status: AppointmentStatusSchema,
  /** When the customer first checked in; null before. */
  checkedInAt: Instant.nullable(),
});
export type Appointment = Immutable<z.infer<typeof AppointmentSchema>>;

/** Check-in by the code on the keypad, or by the ID card's key; for the kiosk's service day. */
export const AppointmentCheckInRequestSchema = z.union([
  z.object({ code: AppointmentCodeSchema, serviceDay: CalendarDay }),
  z.object({ customerKey: CustomerKeySchema, serviceDay: CalendarDay }),
]);
export type AppointmentCheckInRequest = Immutable<z.infer<typeof AppointmentCheckInRequestSchema>>;
