/**
 * The store's boot report as log events (name + fields), for the composition root to pass to
 * logEvent. Data only: the sentences are in src/i18n/technician/store.ts.
 */
import type { Ticket } from '../domain/ticket.js';
import type { STORE_EVENTS } from '../i18n/technician/store.js';
import type { StoreBootReport } from './open.js';
import type { QuarantinedOutboxItem } from './quarantine.js';
import type { SalvageReport } from './salvage.js';
import type { StoreHealth } from './space-watch.js';

type Fields = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

export interface StoreBootEvent {
  readonly event: keyof typeof STORE_EVENTS;
  readonly fields: Fields;
}

/** What opening found that a technician should know, in the order it happened. */
export function storeBootEvents(boot: StoreBootReport): StoreBootEvent[] {
  const events: StoreBootEvent[] = [];
  const { dataFolder } = boot;
  if (dataFolder.tightenedFrom !== null) {
    events.push({
      event: 'store.dataFolderTightened',
      fields: { path: dataFolder.path, previousMode: dataFolder.tightenedFrom },
    });
  }
  for (const { path, mode, code } of dataFolder.notPrivate) {
    events.push({ event: 'store.notPrivate', fields: { path, mode, code } });
  }
  if (boot.corruptFileMovedTo !== null) {
    events.push({
      event: 'store.corruptFileMovedAside',
      fields: {
        dbPath: boot.dbPath,
        reason: boot.corruptReason,
        movedTo: boot.corruptFileMovedTo,
      },
    });
  }
  for (const salvage of boot.salvaged) events.push(...salvageEvents(salvage));
  if (!boot.walCheckpointed) {
    events.push({ event: 'store.walCheckpointFailed', fields: { dbPath: boot.dbPath } });
  }
  if (boot.migrationsApplied.length > 0) {
    events.push({
      event: 'store.migrated',
      fields: {
        schemaVersion: boot.schemaVersion,
        migrations: boot.migrationsApplied.join(', '),
      },
    });
  }
  if (boot.kioskIdChangedFrom !== null) {
    events.push({
      event: 'store.kioskIdAdopted',
      fields: { previousKioskId: boot.kioskIdChangedFrom, kioskId: boot.kioskId },
    });
  }
  return events;
}

/**
 * The event for tickets reserved and never issued (pass today's only: an older day's queue is
 * closed, and repeating it at every boot would bury the news); null when there are none.
 */
export function unissuedTicketsEvent(tickets: readonly Ticket[]): StoreBootEvent | null {
  if (tickets.length === 0) return null;
  return {
    event: 'store.unissuedTickets',
    fields: {
      count: tickets.length,
      tickets: tickets.map((t) => `${t.number} at ${t.reservedAt}`).join(', '),
      ticketIds: tickets.map((t) => t.id),
    },
  };
}

/**
 * What salvage carried over (always reported: the technician must know the kiosk is sending
 * work recovered from a damaged file) and, separately, what it could not save.
 */
function salvageEvents(salvage: SalvageReport): StoreBootEvent[] {
  const events: StoreBootEvent[] = [
    {
      event: 'store.salvaged',
      fields: {
        from: salvage.from,
        outboxCarried: salvage.outboxCarried,
        ticketsCarried: salvage.ticketsCarried,
        blocksRetired:
          salvage.blocksRetired
            .map((b) => `${b.businessTypeId} ${b.serviceDay}:${b.first}–${b.last}`)
            .join(', ') || 'none',
        requestsCarried: salvage.requestsCarried,
        journalCarried: salvage.journalCarried,
      },
    },
  ];
  const lost =
    salvage.outboxUnreadable +
    salvage.ticketsUnreadable +
    salvage.journalUnreadable +
    salvage.outboxQuarantined;
  if (!salvage.schemaReadable || salvage.error !== null || lost > 0) {
    events.push({
      event: 'store.salvageIncomplete',
      fields: {
        from: salvage.from,
        schemaReadable: salvage.schemaReadable,
        outboxUnreadable: salvage.outboxUnreadable,
        outboxQuarantined: salvage.outboxQuarantined,
        ticketsUnreadable: salvage.ticketsUnreadable,
        blocksUnreadable: salvage.blocksUnreadable,
        journalUnreadable: salvage.journalUnreadable,
        error: salvage.error,
      },
    });
  }
  return events;
}

/** The event for one outbox row moved to the quarantine. */
export function quarantinedItemEvent(item: QuarantinedOutboxItem): StoreBootEvent {
  return {
    event: 'store.outboxItemQuarantined',
    fields: {
      id: item.id,
      seq: item.seq,
      kind: item.kind,
      reason: item.reason,
      origin: item.origin,
    },
  };
}

/** The technician's event for a change of the store's readiness (space watch). */
export function storeHealthEvent(health: StoreHealth, dataDir: string): StoreBootEvent {
  switch (health.problem) {
    case 'diskFull':
      return { event: 'store.diskFull', fields: { path: dataDir, freeBytes: health.freeBytes } };
    case 'readOnly':
      return { event: 'store.readOnly', fields: { path: dataDir, code: health.code } };
    default:
      return {
        event: 'store.writableAgain',
        fields: { path: dataDir, freeBytes: health.freeBytes },
      };
  }
}
