import { afterEach, describe, expect, it } from 'vitest';
import { createTicketLookup } from '../../../src/store/index.js';
import { PERSONAL, cleanUp, open, tempDir } from './support.js';

afterEach(cleanUp);

describe('ticket lookup by number ("my ticket")', () => {
  it("finds today's ticket of this kiosk by its number, and nothing from another day", () => {
    let clock = new Date('2026-11-27T02:00:00.000Z');
    const store = open({ dataDir: tempDir('lookup'), now: () => clock });
    const lookup = store.featureStore(createTicketLookup);
    const ticket = store.reserveTicket({ businessType: PERSONAL });
    store.issueTicket(ticket.id, { delivery: 'printed' });
    expect(lookup.ticketIdToday(ticket.number)).toBe(ticket.id);
    expect(store.getTicket(lookup.ticketIdToday(ticket.number)!)?.status).toBe('issued');
    expect(lookup.ticketIdToday('Z999')).toBeUndefined();
    clock = new Date('2026-11-29T02:00:00.000Z'); // numbers start again every day
    expect(lookup.ticketIdToday(ticket.number)).toBeUndefined();
  });
});
