import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { PERSONAL, SHIPPED_MIGRATIONS, cleanUp, open, openError, tempDir } from './support.js';

afterEach(cleanUp);

describe('opening and recovery', () => {
  it('moves a corrupt file aside, reports it, and starts a fresh database', () => {
    const dataDir = tempDir('corrupt');
    const garbage = randomBytes(8192);
    writeFileSync(join(dataDir, 'kiosk.db'), garbage);

    const store = open({ dataDir, now: () => new Date('2025-03-04T05:06:07.890Z') });
    expect(store.boot.corruptReason).toMatch(/SQLITE_NOTADB/);
    expect(store.boot.corruptFileMovedTo).toBe(
      join(dataDir, 'kiosk.db.corrupt-2025-03-04T05-06-07-890Z'),
    );
    // Kept byte for byte for recovery.
    expect(readFileSync(store.boot.corruptFileMovedTo!)).toEqual(garbage);
    expect(store.boot.migrationsApplied).toEqual(SHIPPED_MIGRATIONS);
    expect(store.reserveTicket({ businessType: PERSONAL }).number).toBe('A001');
  });

  it('moves aside a database whose pages are damaged (quick_check / malformed)', () => {
    const dataDir = tempDir('damaged');
    const store = open({ dataDir });
    for (let i = 0; i < 300; i++) store.cacheConfig(`key-${i}`, { filler: 'x'.repeat(500) }, null);
    store.close();
    // Fold the WAL into the main file, then overwrite pages in the middle of it.
    const db = new Database(join(dataDir, 'kiosk.db'));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(join(dataDir, 'kiosk.db'));
    randomBytes(4096 * 8).copy(bytes, 4096 * 4);
    writeFileSync(join(dataDir, 'kiosk.db'), bytes);

    const reopened = open({ dataDir });
    expect(reopened.boot.corruptFileMovedTo).not.toBeNull();
    expect(reopened.boot.corruptReason).toMatch(/quick_check|SQLITE_CORRUPT/);
    expect(reopened.getCachedConfig('key-1')).toBeUndefined();
    expect(readdirSync(dataDir).filter((f) => f.includes('.corrupt-')).length).toBeGreaterThan(0);
  });

  it('refuses a database that belongs to another kiosk while it still holds unsent work', () => {
    const dataDir = tempDir('cloned');
    const first = open({ dataDir, kioskId: 'kiosk-1' });
    const ticket = first.reserveTicket({ businessType: PERSONAL });
    first.issueTicket(ticket.id, { delivery: 'screen' });
    first.close();

    const error = openError({ dataDir, kioskId: 'kiosk-2' });
    expect(error.code).toBe('KIOSK_ID_MISMATCH');
    expect(error.message).toContain('"kiosk-1"');

    const owner = open({ dataDir, kioskId: 'kiosk-1' });
    owner.markOutboxAcked(
      owner.nextOutboxBatch({ maxItems: 10, maxBytes: 100_000 }).map((i) => i.id),
    );
    owner.close();
    // With nothing pending, a re-provisioned kiosk adopts the database.
    expect(open({ dataDir, kioskId: 'kiosk-2' }).boot.kioskIdChangedFrom).toBe('kiosk-1');
  });
});
