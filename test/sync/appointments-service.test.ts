// The branch service's appointment handlers, called directly on an in-memory PGlite with the
// service's schema (no HTTP: the routes are a thin shell).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkInAppointment, createAppointment } from '../../branch-service/appointments.js';
import { openPglite, type BranchDatabase } from '../../branch-service/db.js';
import { DEFAULT_BUSINESS_TYPES } from '../../branch-service/defaults.js';
import { HttpError } from '../../branch-service/http.js';
import { AppointmentSchema } from '../../src/contract/appointments.js';

const DAY = '2026-11-27';
const KEY = 'a'.repeat(64);
let db: BranchDatabase;

beforeAll(async () => {
  db = await openPglite();
  const schema = readFileSync('branch-service/schema.sql', 'utf8');
  await db.exec(schema);
  // Idempotent: the service applies it at every start.
  await db.exec(schema);
});
afterAll(() => db.close());
beforeEach(() => db.exec('TRUNCATE appointments'));

const book = (code: string, extra: Partial<Parameters<typeof createAppointment>[1]> = {}) =>
  createAppointment(
    db,
    { code, businessTypeId: 'personal', serviceDay: DAY, timeSlot: '09:30-10:00', ...extra },
    DEFAULT_BUSINESS_TYPES,
  );

async function refusal(work: Promise<unknown>): Promise<HttpError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('createAppointment', () => {
  it('books an appointment, booked and not checked in, in the contract shape', async () => {
    const appointment = await book('123456', { customerKey: KEY });
    expect(AppointmentSchema.parse(appointment)).toEqual({
      code: '123456',
      businessTypeId: 'personal',
      serviceDay: DAY,
      timeSlot: '09:30-10:00',
      customerKey: KEY,
      status: 'booked',
      checkedInAt: null,
    });
  });

  it('answers the held appointment for a retried booking, and refuses a code used for another', async () => {
    await book('123456');
    expect((await book('123456')).status).toBe('booked');
    const taken = await refusal(book('123456', { timeSlot: '10:00-10:30' }));
    expect([taken.status, taken.code]).toEqual([409, 'APPOINTMENT_CODE_TAKEN']);
  });

  it('refuses a business type the branch does not offer', async () => {
    const error = await refusal(book('123456', { businessTypeId: 'nope' }));
    expect([error.status, error.code]).toEqual([422, 'UNKNOWN_BUSINESS_TYPE']);
  });
});

describe('checkInAppointment', () => {
  it('checks in by code, once: a second check-in answers the same time', async () => {
    await book('123456');
    const first = await checkInAppointment(db, { code: '123456', serviceDay: DAY });
    expect(first.status).toBe('checkedIn');
    expect(first.checkedInAt).not.toBeNull();
    const again = await checkInAppointment(db, { code: '123456', serviceDay: DAY });
    expect(again).toEqual(first);
  });

  it('checks in by the customer key, the earliest slot of the day', async () => {
    await book('200002', { customerKey: KEY, timeSlot: '14:00-14:30' });
    await book('200001', { customerKey: KEY, timeSlot: '09:00-09:30' });
    const checked = await checkInAppointment(db, { customerKey: KEY, serviceDay: DAY });
    expect([checked.code, checked.status]).toEqual(['200001', 'checkedIn']);
    const again = await checkInAppointment(db, { customerKey: KEY, serviceDay: DAY });
    expect(again.code).toBe('200001');
  });

  it('answers 404 NO_APPOINTMENT_TODAY for an unknown code, another day, or a cancelled one', async () => {
    await book('123456', { serviceDay: '2026-11-28' });
    await book('654321');
    await db.query(`UPDATE appointments SET status = 'cancelled' WHERE code = '654321'`);
    for (const request of [
      { code: '999999', serviceDay: DAY },
      { code: '123456', serviceDay: DAY },
      { code: '654321', serviceDay: DAY },
      { customerKey: KEY, serviceDay: DAY },
    ]) {
      const error = await refusal(checkInAppointment(db, request));
      expect([error.status, error.code]).toEqual([404, 'NO_APPOINTMENT_TODAY']);
    }
  });
});
