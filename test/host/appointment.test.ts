/**
 * Appointment check-in in the whole kiosk under Node (createKiosk, the embedded branch service
 * on PGlite, the in-process virtual printer): a booked appointment checked in by its code gives
 * a priority ticket for its business type; an unknown code and an unreachable service offer a
 * walk-in ticket.
 */
import { describe, expect, it } from 'vitest';
import { createAppointment } from '../../branch-service/appointments.js';
import { DEFAULT_BUSINESS_TYPES } from '../../branch-service/defaults.js';
import { RESIDENT_CARD } from '../../devices/sim/virtual-id-reader-cards.js';
import { decodeField, RESIDENT_ID_LAYOUT } from '../../src/domain/identity-layout.js';
import { serviceDayOf } from '../../src/store/index.js';
import type { Kiosk } from '../../main/kiosk.js';
import { waitForScreen, waitForView } from '../support/kiosk-harness.js';
import { closedPort, start } from './kiosk-helpers.js';

async function checkIn(kiosk: Kiosk, code: string) {
  kiosk.bridge.dispatch({ type: 'START' });
  const menu = await waitForScreen(kiosk, 'menu');
  expect(menu.entries.map((e) => e.flow)).toEqual(['ticket', 'appointment', 'query', 'guide']);
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
    // Every ticket shows the wait and is confirmed before it prints.
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    const issued = await waitForScreen(kiosk, 'ticketIssued');
    expect(issued.ticket.priority).toBe('appointment');
    expect(issued.ticket.number).toMatch(/^[A-Z]\d{4}$/);
    const stored = kiosk.store.nextOutboxBatch({ maxItems: 10, maxBytes: 1_000_000 });
    expect(stored.map((i) => i.payload)).toContainEqual(
      expect.objectContaining({
        number: issued.ticket.number,
        businessTypeId: 'business',
        priority: 'appointment',
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
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
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

  it("checks in by ID card: the identify flow reads it and today's appointment is found by its key", async () => {
    const { kiosk, log } = await start({ idReader: { kind: 'simulated' as const } });
    const idNumber = decodeField(RESIDENT_CARD.text, RESIDENT_ID_LAYOUT.idNumber);
    await createAppointment(
      kiosk.branchService!.db,
      {
        code: '7654321',
        businessTypeId: 'wealth',
        serviceDay: serviceDayOf(new Date()),
        timeSlot: '15:00-15:30',
        idNumber,
      },
      DEFAULT_BUSINESS_TYPES,
    );
    kiosk.bridge.dispatch({ type: 'START' });
    kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'appointment' });
    const code = await waitForView(kiosk, (v) => v.screen === 'appointmentCode' && v.canUseIdCard);
    expect(code.screen).toBe('appointmentCode');
    kiosk.bridge.dispatch({ type: 'USE_ID_CARD' });
    await waitForScreen(kiosk, 'idCardConsent');
    kiosk.bridge.dispatch({ type: 'AGREE_TO_ID_CARD_READ' });
    await waitForScreen(kiosk, 'placeIdCard');
    const reader = kiosk.devices.virtualIdReader!;
    reader.placeCard(RESIDENT_CARD);
    await waitForScreen(kiosk, 'idCardRead');
    reader.removeCard();
    const found = await waitForScreen(kiosk, ['appointmentFound', 'appointmentNotFound']);
    expect(found).toMatchObject({ screen: 'appointmentFound', timeSlot: '15:00-15:30' });
    kiosk.bridge.dispatch({ type: 'TAKE_APPOINTMENT_TICKET' });
    // Every ticket shows the wait and is confirmed before it prints.
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    const issued = await waitForScreen(kiosk, 'ticketIssued');
    expect(issued.ticket.priority).toBe('appointment');
    expect(log.named('appointment.checkedIn')).toHaveLength(1);
    // The key reached the branch service's lookup, never the log; nor did the ID number.
    const [{ customer_key: customerKey } = { customer_key: '' }] =
      await kiosk.branchService!.query<{
        customer_key: string;
      }>(`SELECT customer_key FROM appointments WHERE code = '7654321'`);
    expect(customerKey).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(log.events())).not.toContain(customerKey);
    expect(JSON.stringify(log.events())).not.toContain(idNumber);
  });
});
