/**
 * When the WAL is folded in (src/store/wal-checkpoint.ts): a second after the store's last write
 * (PASSIVE) once it holds a few customers' writes, so a customer's commit does not pay for it
 * (nor for the WAL's restart after each customer); at the latest by SQLite itself at
 * WAL_CHECKPOINT_FRAMES, so the WAL stays bounded however fast tickets come; and the WAL file
 * keeps its size between checkpoints, so commits overwrite it instead of extending it.
 */
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_IDLE_CHECKPOINT_COMMITS,
  IdleCheckpoint,
  WAL_CHECKPOINT_FRAMES,
  walBytes,
} from '../../../src/store/index.js';
import type { KioskStore } from '../../../src/store/index.js';
import { PERSONAL, cleanUp, open, tempDir } from './support.js';

afterEach(cleanUp);

const issueOne = (store: KioskStore) =>
  store.issueTicket(store.reserveTicket({ businessType: PERSONAL }).id, { delivery: 'printed' });

const walSize = (store: KioskStore) => statSync(`${store.featureStore((c) => c.db).name}-wal`).size;

describe('WAL checkpoints (durable enqueue)', () => {
  it('bounds the WAL with SQLite checkpoint and keeps that much after one', () => {
    const store = open({ dataDir: tempDir('wal-pragmas') });
    const db = store.featureStore((c) => c.db);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_CHECKPOINT_FRAMES);
    expect(db.pragma('journal_size_limit', { simple: true })).toBeGreaterThan(
      walBytes(WAL_CHECKPOINT_FRAMES, pageSize),
    );
    // Every commit is still fsync'd before it returns.
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
  });

  it('folds the WAL in once the store has been idle, so the next ticket reuses it in place', async () => {
    const store = open({ dataDir: tempDir('wal-idle'), idleCheckpoint: { idleMs: 20 } });
    const db = store.featureStore((c) => c.db);
    // Four tickets are eight writes: DEFAULT_IDLE_CHECKPOINT_COMMITS.
    for (let i = 0; i < DEFAULT_IDLE_CHECKPOINT_COMMITS / 2; i++) issueOne(store);
    const frames = () => (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]?.log ?? -1;
    // After the idle checkpoint the next write starts the WAL from its beginning: the file does
    // not grow, and the WAL holds only that ticket's frames. (The idle fold of the ticket
    // journal, src/store/ticket-journal.ts, writes the tables just before that checkpoint: the
    // file's size is taken after it.)
    await sleep(80);
    const grown = walSize(store);
    issueOne(store);
    expect(walSize(store)).toBe(grown);
    expect(frames()).toBeLessThanOrEqual(16);
  });

  it('leaves a WAL of fewer writes for later: a restart costs the next customer a flush', async () => {
    const store = open({
      dataDir: tempDir('wal-few'),
      idleCheckpoint: { idleMs: 5, minCommits: 6 },
    });
    issueOne(store);
    issueOne(store); // with the numbers granted at open: fewer than six store writes
    const first = walSize(store);
    await sleep(40);
    issueOne(store);
    // No checkpoint ran: the third ticket was appended after the others.
    expect(walSize(store)).toBeGreaterThan(first);
  });

  it('does not checkpoint while writes keep coming within the idle time', async () => {
    const store = open({
      dataDir: tempDir('wal-busy'),
      idleCheckpoint: { idleMs: 10_000, minCommits: 1 },
    });
    issueOne(store);
    const first = walSize(store);
    await sleep(30);
    issueOne(store);
    // No checkpoint ran: the second ticket was appended after the first.
    expect(walSize(store)).toBeGreaterThan(first);
  });

  it('waits out a write made during the wait before it checkpoints', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const store = open({
        dataDir: tempDir('wal-rearm'),
        idleCheckpoint: { idleMs: 1_000, minCommits: 1 },
      });
      issueOne(store); // the wait starts
      vi.advanceTimersByTime(600);
      issueOne(store); // a write during the wait: idle from here
      const before = walSize(store);
      vi.advanceTimersByTime(500); // the first wait is over, but the store was idle only 500 ms
      issueOne(store);
      expect(walSize(store)).toBeGreaterThan(before); // appended: no checkpoint yet
      vi.advanceTimersByTime(1_100);
      const grown = walSize(store);
      issueOne(store);
      expect(walSize(store)).toBe(grown); // checkpointed while idle: the WAL reused in place
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the WAL bounded when tickets come back to back with no idle time', () => {
    const store = open({ dataDir: tempDir('wal-bound'), idleCheckpoint: { idleMs: 60_000 } });
    const db = store.featureStore((c) => c.db);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const limit = db.pragma('journal_size_limit', { simple: true }) as number;
    let largest = 0;
    for (let i = 0; i < 150; i++) {
      issueOne(store);
      largest = Math.max(largest, walSize(store));
    }
    // 150 tickets wrote about 300 frames (one per commit since the ticket journal, 0012; 1,800
    // before): the commit that reaches the bound checkpoints, and the WAL never held more.
    expect(largest).toBeGreaterThanOrEqual(walBytes(WAL_CHECKPOINT_FRAMES, pageSize));
    expect(largest).toBeLessThanOrEqual(limit);
    expect(store.outboxStats().pending).toBe(150);
  });

  it('an idle checkpoint never throws, and does nothing once stopped or closed', () => {
    const store = open({ dataDir: tempDir('wal-stop'), idleCheckpoint: { idleMs: 5 } });
    const db = store.featureStore((c) => c.db);
    const idle = new IdleCheckpoint(db, { idleMs: 5, minCommits: 1 });
    issueOne(store);
    expect(idle.checkpointNow().complete).toBe(true);
    idle.wrote();
    idle.stop();
    expect(idle.checkpointNow()).toEqual({ complete: false, frames: 0, checkpointed: 0 });
    const afterClose = new IdleCheckpoint(db, { idleMs: 5 });
    store.close();
    expect(afterClose.checkpointNow()).toEqual({ complete: false, frames: 0, checkpointed: 0 });
    expect(() => new IdleCheckpoint(db, { idleMs: -1 })).toThrow(RangeError);
    expect(() => new IdleCheckpoint(db, { minCommits: 0 })).toThrow(RangeError);
  });
});
