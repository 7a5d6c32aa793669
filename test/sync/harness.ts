// Shared helpers for the sync integration tests: a real kiosk store in a temp folder, the real
// reference branch service on loopback (PGlite in memory), and cleanup that vitest can rely on.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger, startBranchService } from '../../branch-service/server.js';
import type { BranchService, BranchServiceOptions } from '../../branch-service/server.js';
import type { BusinessType } from '../../src/domain/business-type.js';
import { openStore, serviceDayOf } from '../../src/store/index.js';
import { uuidv7 } from '../../src/uuidv7.js';
import type { KioskStore } from '../../src/store/index.js';

export const KIOSK_ID = 'kiosk-7';
export const TOKEN = 'token-for-kiosk-7';

export const PERSONAL: BusinessType = {
  id: 'personal',
  prefix: 'A',
  name: { 'zh-CN': '个人业务', en: 'Personal banking' },
};

/** Things to close after each test, last opened first. */
export class Cleanup {
  #steps: (() => unknown)[] = [];
  add(step: () => unknown): void {
    this.#steps.push(step);
  }
  async run(): Promise<void> {
    const steps = this.#steps.reverse();
    this.#steps = [];
    for (const step of steps) await step();
  }
}

export function tempStore(
  cleanup: Cleanup,
  kioskId = KIOSK_ID,
): { store: KioskStore; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-sync-'));
  cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
  const store = openStore({ dataDir, kioskId });
  cleanup.add(() => store.close());
  return { store, dataDir };
}

export async function branchService(
  cleanup: Cleanup,
  options: Partial<BranchServiceOptions> = {},
): Promise<BranchService> {
  const service = await startBranchService({
    database: { kind: 'pglite' },
    kiosks: { [KIOSK_ID]: TOKEN },
    logger: silentLogger,
    ...options,
  });
  cleanup.add(() => service.close());
  return service;
}

/** A port nobody listens on (for "the branch service is down"). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export function issueTicket(store: KioskStore, type: BusinessType = PERSONAL) {
  // Numbers as a kiosk that reached its branch today holds them (a leased block).
  const serviceDay = serviceDayOf(new Date());
  if (store.numbersLeft(serviceDay, type.id) === 0) {
    store.addNumberBlock({
      requestId: uuidv7(),
      serviceDay,
      businessTypeId: type.id,
      prefix: type.prefix,
      firstSequence: 1,
      lastSequence: 999,
    });
  }
  const reserved = store.reserveTicket({ businessType: type });
  return store.issueTicket(reserved.id, { delivery: 'printed' });
}

/** Writes an outbox row behind the store's back, as an older or buggy version might have. */
export function insertRawOutboxRow(
  dataDir: string,
  row: { id: string; kind: string; payload: unknown; kioskId?: string },
): void {
  const db = new Database(join(dataDir, 'kiosk.db'));
  try {
    db.prepare(
      'INSERT INTO outbox (id, kiosk_id, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(
      row.id,
      row.kioskId ?? KIOSK_ID,
      row.kind,
      JSON.stringify(row.payload),
      new Date().toISOString(),
    );
  } finally {
    db.close();
  }
}

export async function countRows(
  service: BranchService,
  table: 'kiosk_items' | 'tickets',
  id?: string,
) {
  const rows = await service.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table}${id === undefined ? '' : ' WHERE id = $1'}`,
    id === undefined ? [] : [id],
  );
  return rows[0]!.n;
}
