/** What the whole-kiosk host tests share: kiosks stopped after each test, a ticket taken. */
import { createServer } from 'node:net';
import { afterEach, expect } from 'vitest';
import type { Kiosk } from '../../main/kiosk.js';
import { startTestKiosk, waitForScreen } from '../support/kiosk-harness.js';

const running: Kiosk[] = [];
afterEach(async () => {
  for (const kiosk of running.splice(0)) await kiosk.stop();
});

/** A kiosk on a fresh data folder, stopped after the test. */
export async function start(overrides = {}) {
  const started = await startTestKiosk(overrides);
  running.push(started.kiosk);
  return started;
}

/** Stops a kiosk the test started, before the test ends (to restart on its data). */
export async function stopEarly(kiosk: Kiosk): Promise<void> {
  await kiosk.stop();
  running.splice(running.indexOf(kiosk), 1);
}

export async function takeTicket(kiosk: Kiosk, businessTypeId: string) {
  kiosk.bridge.dispatch({ type: 'START' });
  kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
  const choose = await waitForScreen(kiosk, 'chooseBusinessType');
  expect(choose.businessTypes.length).toBeGreaterThan(0);
  kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId });
  // Before printing: the people ahead and the wait, confirmed by the customer.
  const confirm = await waitForScreen(kiosk, 'confirmTicket');
  expect(confirm.businessType.id).toBe(businessTypeId);
  kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
  return waitForScreen(kiosk, ['ticketIssued', 'ticketNotPrinted']);
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
