// The delivery and numbering guarantees after faults, checked between a kiosk's data folder
// (read straight from kiosk.db) and the branch service's database: every outbox item (issued
// ticket, voided number) is held by the service exactly once, and the kiosk and the service
// agree on every number. Returns what was checked, so a test can also assert it was not vacuous.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { BranchService } from '../../branch-service/server.js';

interface KioskTicket {
  id: string;
  number: string;
  status: 'reserved' | 'issued';
  voided_at: string | null;
  service_day: string;
  business_type_id: string;
}

interface KioskItem {
  id: string;
  kind: string;
  state: string;
  payload: string;
}

export interface Agreement {
  /** Tickets the kiosk issued, each once at the service with the same number. */
  readonly issued: number;
  /** Reserved numbers voided at boot, each once at the service, voided there with that number. */
  readonly voidedTickets: number;
  /** Number requests voided at boot (the answer never reached the kiosk). */
  readonly voidedRequests: number;
  /** …of which the service had allocated a number, now voided there. */
  readonly voidedAllocations: number;
}

export async function assertExactlyOnce(
  service: BranchService,
  dataDir: string,
  kioskId: string,
  context = '',
): Promise<Agreement> {
  const say = (what: string) => `${context}${context ? ': ' : ''}${what}`;
  const db = new Database(join(dataDir, 'kiosk.db'), { readonly: true });
  let tickets: KioskTicket[];
  let items: KioskItem[];
  try {
    tickets = db
      .prepare(
        'SELECT id, number, status, voided_at, service_day, business_type_id FROM tickets WHERE kiosk_id = ?',
      )
      .all(kioskId) as KioskTicket[];
    items = db.prepare('SELECT id, kind, state, payload FROM outbox').all() as KioskItem[];
  } finally {
    db.close();
  }

  // The kiosk: nothing left undelivered, refused, or between reserving and issuing.
  expect(
    items.filter((i) => i.state !== 'acked').map((i) => `${i.kind} ${i.state}`),
    say('kiosk outbox items not acked'),
  ).toEqual([]);
  expect(
    tickets.filter((t) => t.status === 'reserved' && t.voided_at === null).map((t) => t.number),
    say('kiosk reservations neither issued nor voided'),
  ).toEqual([]);
  const dayNumbers = tickets.map((t) => `${t.service_day} ${t.business_type_id} ${t.number}`);
  expect(new Set(dayNumbers).size, say('kiosk numbers are unique per queue and day')).toBe(
    dayNumbers.length,
  );

  // Every item the kiosk wrote is held by the service exactly once, and nothing else.
  const held = await service.query<{ id: string; kind: string; payload: Record<string, unknown> }>(
    'SELECT id::text AS id, kind, payload FROM kiosk_items WHERE kiosk_id = $1',
    [kioskId],
  );
  expect(held.map((h) => h.id).sort(), say('service items = kiosk outbox items')).toEqual(
    items.map((i) => i.id).sort(),
  );
  const heldIssued = new Map<string, number>();
  const heldVoided = new Map<string, number>();
  for (const h of held) {
    const map = h.kind === 'ticket.issued' ? heldIssued : heldVoided;
    const key = String(h.kind === 'ticket.issued' ? h.payload.id : h.payload.ticketId);
    map.set(key, (map.get(key) ?? 0) + 1);
  }

  const entries = new Map(
    (
      await service.query<{ ticket_id: string; number: string; state: string }>(
        'SELECT ticket_id::text AS ticket_id, number, state FROM queue_entries WHERE kiosk_id = $1',
        [kioskId],
      )
    ).map((e) => [e.ticket_id, e]),
  );
  const serviceTickets = new Map(
    (
      await service.query<{ id: string; number: string }>(
        'SELECT id::text AS id, number FROM tickets WHERE kiosk_id = $1',
        [kioskId],
      )
    ).map((t) => [t.id, t.number]),
  );
  const allocations = new Map(
    (
      await service.query<{ ticket_id: string; number: string }>(
        'SELECT ticket_id::text AS ticket_id, number FROM number_allocations WHERE kiosk_id = $1',
        [kioskId],
      )
    ).map((a) => [a.ticket_id, a.number]),
  );

  let issued = 0;
  let voidedTickets = 0;
  const known = new Set<string>();
  for (const t of tickets) {
    known.add(t.id);
    const entry = entries.get(t.id);
    if (t.status === 'issued') {
      issued += 1;
      expect(heldIssued.get(t.id), say(`issued ${t.number} held once`)).toBe(1);
      expect(serviceTickets.get(t.id), say(`issued ${t.number}: service's number`)).toBe(t.number);
      expect(entry?.number, say(`issued ${t.number}: queue entry's number`)).toBe(t.number);
      expect(entry?.state, say(`issued ${t.number}: queue state`)).not.toBe('voided');
    } else {
      voidedTickets += 1;
      expect(heldVoided.get(t.id), say(`voided ${t.number} held once`)).toBe(1);
      expect(serviceTickets.has(t.id), say(`voided ${t.number} is no ticket`)).toBe(false);
      expect(entry, say(`voided ${t.number}: queue entry`)).toMatchObject({
        number: t.number,
        state: 'voided',
      });
    }
    const allocated = allocations.get(t.id);
    if (allocated !== undefined) {
      expect(allocated, say(`${t.number}: the branch allocated the same number`)).toBe(t.number);
    }
  }

  // Number requests voided at boot: no ticket; whatever the branch allocated for one is voided.
  let voidedRequests = 0;
  let voidedAllocations = 0;
  for (const item of items) {
    if (item.kind !== 'ticket.voided') continue;
    const payload = JSON.parse(item.payload) as { ticketId: string; number: string | null };
    if (known.has(payload.ticketId)) continue;
    voidedRequests += 1;
    known.add(payload.ticketId);
    expect(heldVoided.get(payload.ticketId), say('voided request held once')).toBe(1);
    const allocated = allocations.get(payload.ticketId);
    if (allocated !== undefined) {
      voidedAllocations += 1;
      expect(entries.get(payload.ticketId), say(`voided allocation ${allocated}`)).toMatchObject({
        number: allocated,
        state: 'voided',
      });
    }
  }

  // The service's queue holds nothing of this kiosk that the kiosk does not know of, and no
  // number twice.
  expect(
    [...entries.keys()].filter((id) => !known.has(id)),
    say('queue entries unknown to the kiosk'),
  ).toEqual([]);
  const queueNumbers = await service.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT service_day, business_type_id, number FROM queue_entries
       GROUP BY 1, 2, 3 HAVING count(*) > 1) d`,
  );
  expect(queueNumbers[0]!.n, say('numbers given twice in the branch queue')).toBe(0);
  return { issued, voidedTickets, voidedRequests, voidedAllocations };
}
