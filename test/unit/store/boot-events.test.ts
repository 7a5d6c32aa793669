import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TECHNICIAN_EVENTS, technicianSentence } from '../../../src/i18n/technician.js';
import type { TechnicianEvent } from '../../../src/i18n/technician.js';
import { storeBootEvents, unissuedTicketsEvent } from '../../../src/store/index.js';
import type { StoreBootEvent } from '../../../src/store/index.js';
import { PERSONAL, SHIPPED_MIGRATIONS, cleanUp, open, tempDir } from './support.js';

afterEach(cleanUp);

/** Every event is in the catalogue and its fields fill every {parameter}, in both languages. */
function expectCatalogued(events: readonly StoreBootEvent[]): void {
  for (const { event, fields } of events) {
    expect(Object.keys(TECHNICIAN_EVENTS)).toContain(event);
    for (const language of ['en', 'zh-CN'] as const) {
      expect(technicianSentence(language, event as TechnicianEvent, fields)).not.toMatch(/\{\w+\}/);
    }
  }
}

describe('store boot events', () => {
  it('reports the migrations a fresh database got, and nothing on an ordinary restart', () => {
    const dataDir = tempDir('boot-fresh');
    const events = storeBootEvents(open({ dataDir }).boot);
    expect(events).toEqual([
      {
        event: 'store.migrated',
        fields: {
          schemaVersion: SHIPPED_MIGRATIONS.length,
          migrations: SHIPPED_MIGRATIONS.join(', '),
        },
      },
    ]);
    expectCatalogued(events);
    expect(storeBootEvents(open({ dataDir }).boot)).toEqual([]);
  });

  it('reports a corrupt file moved aside', () => {
    const dataDir = tempDir('boot-corrupt');
    writeFileSync(join(dataDir, 'kiosk.db'), 'garbage, not a database'.repeat(300));
    const { boot } = open({ dataDir, now: () => new Date('2025-03-04T05:06:07.890Z') });
    const events = storeBootEvents(boot);
    expect(events).toContainEqual({
      event: 'store.corruptFileMovedAside',
      fields: {
        dbPath: join(dataDir, 'kiosk.db'),
        reason: expect.stringMatching(/SQLITE_NOTADB/),
        movedTo: join(dataDir, 'kiosk.db.corrupt-2025-03-04T05-06-07-890Z'),
      },
    });
    expectCatalogued(events);
  });

  it('reports a database adopted from another kiosk id', () => {
    const dataDir = tempDir('boot-adopt');
    open({ dataDir, kioskId: 'kiosk-1' }).close();
    const events = storeBootEvents(open({ dataDir, kioskId: 'kiosk-2' }).boot);
    expect(events).toEqual([
      { event: 'store.kioskIdAdopted', fields: { previousKioskId: 'kiosk-1', kioskId: 'kiosk-2' } },
    ]);
    expectCatalogued(events);
  });

  it('lists the tickets left reserved, or nothing when there are none', () => {
    const store = open({ dataDir: tempDir('boot-unissued') });
    expect(unissuedTicketsEvent(store.unissuedTickets())).toBeNull();
    const a = store.reserveTicket({ businessType: PERSONAL });
    const b = store.reserveTicket({ businessType: PERSONAL });
    const event = unissuedTicketsEvent(store.unissuedTickets());
    expect(event).toEqual({
      event: 'store.unissuedTickets',
      fields: {
        count: 2,
        tickets: `A001 at ${a.reservedAt}, A002 at ${b.reservedAt}`,
        ticketIds: [a.id, b.id],
      },
    });
    expectCatalogued([event!]);
  });
});
