/**
 * Appointments at the branch service (issue 8), framework-free: booking one (demos and tests;
 * a bank's booking system would write the same table) and checking one in at a kiosk.
 *
 * Check-in is idempotent: a customer who taps again, or a kiosk that retries after a lost answer,
 * gets the same appointment, still checked in, with the time of the first check-in.
 */
import type {
  Appointment,
  AppointmentCheckInRequest,
  AppointmentRequest,
} from '../src/contract/appointments.js';
import type { BusinessType } from '../src/domain/business-type.js';
import type { SqlExecutor } from './db.js';
import { branchCustomerKey } from './customers.js';
import { HttpError } from './http.js';

interface AppointmentRow {
  code: string;
  business_type_id: string;
  service_day: string | Date;
  time_slot: string;
  customer_key: string | null;
  status: Appointment['status'];
  checked_in_at: string | Date | null;
}

const COLUMNS = `code, business_type_id, to_char(service_day, 'YYYY-MM-DD') AS service_day,
  time_slot, customer_key, status, checked_in_at`;

function toAppointment(row: AppointmentRow): Appointment {
  return {
    code: row.code,
    businessTypeId: row.business_type_id,
    serviceDay: String(row.service_day),
    timeSlot: row.time_slot,
    customerKey: row.customer_key,
    status: row.status,
    checkedInAt: row.checked_in_at === null ? null : new Date(row.checked_in_at).toISOString(),
  };
}

/**
 * Books an appointment. The same code booked again with the same details answers the one held
 * (a retried request); with other details it is refused (409), so a code never names two.
 */
export async function createAppointment(
  db: SqlExecutor,
  request: AppointmentRequest,
  businessTypes: readonly BusinessType[],
): Promise<Appointment> {
  if (!businessTypes.some((t) => t.id === request.businessTypeId)) {
    throw new HttpError(
      422,
      'UNKNOWN_BUSINESS_TYPE',
      `Business type ${request.businessTypeId} is not offered by this branch; book one it offers.`,
    );
  }
  // An ID number becomes the key every kiosk of the branch makes from the card; it is not kept.
  const customerKey =
    request.idNumber !== undefined
      ? await branchCustomerKey(db, request.idNumber)
      : (request.customerKey ?? null);
  await db.query(
    `INSERT INTO appointments (code, business_type_id, service_day, time_slot, customer_key)
     VALUES ($1, $2, $3::date, $4, $5) ON CONFLICT (code) DO NOTHING`,
    [request.code, request.businessTypeId, request.serviceDay, request.timeSlot, customerKey],
  );
  const [row] = await db.query<AppointmentRow>(
    `SELECT ${COLUMNS} FROM appointments WHERE code = $1`,
    [request.code],
  );
  const held = toAppointment(row!);
  if (
    held.businessTypeId !== request.businessTypeId ||
    held.serviceDay !== request.serviceDay ||
    held.timeSlot !== request.timeSlot ||
    held.customerKey !== customerKey
  ) {
    throw new HttpError(
      409,
      'APPOINTMENT_CODE_TAKEN',
      `Appointment code ${request.code} is already booked for another appointment; use another code.`,
    );
  }
  return held;
}

/**
 * Checks in today's appointment named by its code or by the customer's key: marks it checked in
 * (once) and answers it. None booked for that day (or only cancelled ones): 404
 * NO_APPOINTMENT_TODAY, which the kiosk tells the customer as "no appointment today".
 */
export async function checkInAppointment(
  db: SqlExecutor,
  request: AppointmentCheckInRequest,
): Promise<Appointment> {
  const byCode = 'code' in request;
  // By key the customer may hold several: the earliest slot of the day not cancelled (the same
  // one on every retry).
  const [row] = await db.query<AppointmentRow>(
    `UPDATE appointments SET status = 'checkedIn', checked_in_at = coalesce(checked_in_at, now())
      WHERE code = (
        SELECT code FROM appointments
         WHERE ${byCode ? 'code' : 'customer_key'} = $1 AND service_day = $2::date
           AND status <> 'cancelled'
         ORDER BY time_slot, code
         LIMIT 1
         FOR UPDATE)
      RETURNING ${COLUMNS}`,
    [byCode ? request.code : request.customerKey, request.serviceDay],
  );
  if (row === undefined) {
    throw new HttpError(
      404,
      'NO_APPOINTMENT_TODAY',
      `No appointment booked for ${request.serviceDay} with this ${byCode ? 'code' : 'ID card'}.`,
    );
  }
  return toAppointment(row);
}
