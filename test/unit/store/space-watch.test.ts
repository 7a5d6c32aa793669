/**
 * The store's readiness: a full disk or read-only media is seen before a customer chooses,
 * nothing already stored is damaged, the WAL is folded back, and the kiosk recovers by itself.
 * The tmpfs tests mount a real small file system (root only; skipped with the reason otherwise).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreSpaceWatch, type StoreHealth } from '../../../src/store/index.js';
import { IS_ROOT, Tmpfs, fillDisk, freeDisk, whyNotRoot } from '../../support/full-disk.js';
import { PERSONAL, cleanUp, inspectDb, open, tempDir } from './support.js';

const tmpfs = new Tmpfs();
afterEach(() => {
  cleanUp(); // closes the stores first, so the mounts are no longer busy
  tmpfs.unmountAll();
});

const issueOne = (store: ReturnType<typeof open>) =>
  store.issueTicket(store.reserveTicket({ businessType: PERSONAL }).id, { delivery: 'printed' });

describe('store readiness (space watch)', () => {
  it('reports a disk below the threshold, and recovers when space returns', () => {
    const dataDir = tempDir('space');
    const store = open({ dataDir });
    let free = 100 * 1024 * 1024;
    const watch = new StoreSpaceWatch({
      dataDir,
      db: new Database(':memory:'),
      minFreeBytes: 8 * 1024 * 1024,
      freeBytes: () => free,
    });
    const changes: StoreHealth[] = [];
    watch.onChange((h) => changes.push(h));
    expect(watch.current()).toBeNull();
    free = 1024;
    expect(watch.check()).toEqual({ problem: 'diskFull', freeBytes: 1024, code: null });
    watch.check(); // no change: no second report
    free = 50 * 1024 * 1024;
    watch.check();
    expect(changes.map((c) => c.problem)).toEqual(['diskFull', null]);
    watch.stop();
    expect(store.space.current()).toBeNull();
  });

  it('folds a grown WAL back at boot and on a check (TRUNCATE)', () => {
    const dataDir = tempDir('wal');
    const first = open({ dataDir });
    for (let i = 0; i < 120; i++) first.cacheConfig(`k${i}`, { filler: 'x'.repeat(3000) }, null);
    // A second connection keeps the WAL from being folded in when the store closes.
    const holder = new Database(join(dataDir, 'kiosk.db'));
    holder.prepare('SELECT 1').get();
    first.close();
    expect(statSync(join(dataDir, 'kiosk.db-wal')).size).toBeGreaterThan(256 * 1024);

    const second = open({ dataDir });
    expect(second.boot.walCheckpointed).toBe(true);
    expect(statSync(join(dataDir, 'kiosk.db-wal')).size).toBe(0);

    for (let i = 0; i < 120; i++) second.cacheConfig(`k${i}`, { filler: 'y'.repeat(3000) }, null);
    expect(statSync(join(dataDir, 'kiosk.db-wal')).size).toBeGreaterThan(256 * 1024);
    second.space.check();
    expect(statSync(join(dataDir, 'kiosk.db-wal')).size).toBe(0);
    holder.close();
  });

  it.skipIf(!IS_ROOT)(
    `a full tmpfs: refused writes, nothing damaged, recovery by itself${whyNotRoot}`,
    () => {
      const dataDir = join(tmpfs.mount(2048), 'data');
      mkdirSync(dataDir, { mode: 0o700 });
      const store = open({ dataDir, spaceWatch: { minFreeBytes: 256 * 1024 } });
      const before = [issueOne(store), issueOne(store)];
      expect(store.space.current()).toBeNull();

      fillDisk(join(dataDir, '..', 'filler'));
      // The next customer's attempt fails without touching what is stored, and the readiness
      // changes at once (the failed write triggers a check), not at the next tick.
      expect(() => {
        for (let i = 0; i < 50; i++) issueOne(store);
      }).toThrow(/SQLITE_FULL|disk is full|SQLITE_IOERR/);
      expect(store.space.current()).toBe('diskFull');
      expect(store.space.health().freeBytes).toBeLessThan(256 * 1024);

      freeDisk(join(dataDir, '..', 'filler'));
      expect(store.space.check().problem).toBeNull();
      const after = issueOne(store);
      expect(after.status).toBe('issued');
      for (const ticket of before) expect(store.getTicket(ticket.id)).toEqual(ticket);
      expect(inspectDb(dataDir, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
    },
  );

  it.skipIf(!IS_ROOT)(
    `a read-only remount is seen, and writable again is seen${whyNotRoot}`,
    () => {
      // The kernel refuses to remount read-only while a file on it is open for writing (EBUSY):
      // only its own errors=remount-ro does that to a running kiosk. So the store is closed,
      // the media remounted, and the watch (which needs only the folder) looks at it.
      const mount = tmpfs.mount(4096);
      const dataDir = join(mount, 'data');
      mkdirSync(dataDir, { mode: 0o700 });
      const store = open({ dataDir });
      const before = issueOne(store);
      store.close();
      const watch = new StoreSpaceWatch({
        dataDir,
        db: new Database(':memory:'),
        minFreeBytes: 64 * 1024,
      });
      const changes: StoreHealth[] = [];
      watch.onChange((h) => changes.push(h));

      execFileSync('mount', ['-o', 'remount,ro', mount]);
      expect(watch.check()).toMatchObject({ problem: 'readOnly', code: 'EROFS' });
      execFileSync('mount', ['-o', 'remount,rw', mount]);
      expect(watch.check().problem).toBeNull();
      expect(changes.map((c) => c.problem)).toEqual(['readOnly', null]);
      watch.stop();

      const reopened = open({ dataDir });
      expect(reopened.getTicket(before.id)).toEqual(before);
      expect(issueOne(reopened).status).toBe('issued');
    },
  );
});
