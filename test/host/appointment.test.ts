/**
 * Appointment check-in in the whole kiosk under Node (createKiosk, the embedded branch service
 * on PGlite, the in-process virtual printer): a booked appointment checked in by its code gives
 * a priority ticket for its business type; an unknown code and an unreachable service offer a
 * walk-in ticket.
 */
import { describe, expect, it } from 'vitest';
import { createAppointment } from '../../branch-service/appointments.js';
import { DEFAULT_BUSINESS_TYPES } from '../../branch-service/defaults.js';
import { serviceDayOf } from '../../src/store/index.js';
import type { Kiosk } from '../../main/kiosk.js';
import { waitForScreen, waitForView } from '../support/kiosk-harness.js';
import { closedPort, start } from './kiosk-helpers.js';

async function checkIn(kiosk: Kiosk, code: string) {
  kiosk.bridge.dispatch({ type: 'START' });
  const menu = await waitForScreen(kiosk, 'menu');
  expect(menu.entries.map((e) => e.flow)).toEqual(['ticket', 'appointment', 'query']);
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'appointment' });
  await waitForScreen(kiosk, 'appointmentCode');
  for (const text of code) kiosk.bridge.dispatch({ type: 'TYPE_APPOINTMENT_CODE', text });
  const typed = await waitForView(kiosk, (v) => v.screen === 'appointmentCode' && v.input === code);
  expect(typed).toMatchObject({ complete: true });
  kiosk.bridge.dispatch({ type: 'SUBMIT_APPOINTMENT_CODE' });
  return waitForScreen(kiosk, ['appointmentFound', 'appointmentNotFound']);
}

describe('kiosk (host, headless): appointment check-in', () => {
  it("checks in today's appointment by code and issues its priority ticket", async () => {
    const { kiosk, log } = await start();
    await createAppointment(
      kiosk.branchService!.db,
      {
        code: '20261127',
        businessTypeId: 'business',
        serviceDay: serviceDayOf(new Date()),
        timeSlot: '09:30-10:00',
      },
      DEFAULT_BUSINESS_TYPES,
    );
    const found = await checkIn(kiosk, '20261127');
    expect(found).toMatchObject({ screen: 'appointmentFound', timeSlot: '09:30-10:00' });
    kiosk.bridge.dispatch({ type: 'TAKE_APPOINTMENT_TICKET' });
    const issued = await waitForScreen(kiosk, 'ticketIssued');
    expect(issued.ticket.priority).toBe('senior');
    expect(issued.ticket.number).toMatch(/^[A-Z]\d{4}$/);
    const stored = kiosk.store.nextOutboxBatch({ maxItems: 10, maxBytes: 1_000_000 });
    expect(stored.map((i) => i.payload)).toContainEqual(
      expect.objectContaining({
        number: issued.ticket.number,
        businessTypeId: 'business',
        priority: 'senior',
      }),
    );
    const [row] = await kiosk.branchService!.query<{ status: string }>(
      `SELECT status FROM appointments WHERE code = '20261127'`,
    );
    expect(row!.status).toBe('checkedIn');
    expect(log.named('appointment.checkedIn')).toEqual([
      expect.objectContaining({ businessTypeId: 'business', timeSlot: '09:30-10:00' }),
    ]);
  });

  it('says there is no appointment today for an unknown code, and offers a walk-in ticket', async () => {
    const { kiosk, log } = await start();
    const none = await checkIn(kiosk, '999999');
    expect(none).toMatchObject({ screen: 'appointmentNotFound', reason: 'noneToday' });
    expect(log.named('appointment.noneToday')).toHaveLength(1);
    kiosk.bridge.dispatch({ type: 'TAKE_WALK_IN_TICKET' });
    await waitForScreen(kiosk, 'chooseBusinessType');
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    const issued = await waitForScreen(kiosk, 'ticketIssued');
    expect(issued.ticket.priority).toBeUndefined();
  });

  it('says the branch service cannot be reached, and offers a walk-in ticket', async () => {
    const port = await closedPort();
    const { kiosk, log } = await start({
      branchService: { kind: 'remote', url: `http://127.0.0.1:${port}/` },
    });
    const down = await checkIn(kiosk, '123456');
    expect(down).toMatchObject({ screen: 'appointmentNotFound', reason: 'unreachable' });
    expect(log.named('appointment.unreachable')).toHaveLength(1);
    kiosk.bridge.dispatch({ type: 'TAKE_WALK_IN_TICKET' });
    await waitForScreen(kiosk, 'chooseBusinessType');
  });
});
