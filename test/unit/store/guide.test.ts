import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GuideAuditPayloadSchema, GuideCalledPayloadSchema } from '../../../src/contract/sync.js';
import { createGuideStore, type GuideStore } from '../../../src/store/guide.js';
import { StoreError, type KioskStore } from '../../../src/store/index.js';
import { cleanUp, inspectDb, open, outboxRowsOf, tempDir } from './support.js';

let dataDir: string;
let store: KioskStore;
let guide: GuideStore;
const clock = new Date('2026-11-27T02:30:00.000Z');

beforeEach(() => {
  dataDir = tempDir('guide');
  store = open({ dataDir, now: () => clock });
  guide = store.featureStore(createGuideStore);
});
afterEach(cleanUp);

const rows = (table: string) =>
  inspectDb(dataDir, (db) => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());

describe('guide store', () => {
  it('keeps the PIN lock in the audit log: the last use says where it stands, across a reopen', () => {
    expect(guide.pinLockState()).toEqual({ failures: 0, lockedUntil: null });
    guide.recordAudit({ outcome: 'rejected', failures: 1, lockedUntil: null });
    expect(guide.pinLockState()).toEqual({ failures: 1, lockedUntil: null });
    const until = new Date('2026-11-27T02:31:00.000Z');
    guide.recordAudit({ outcome: 'lockedOut', failures: 3, lockedUntil: until });
    store.close();
    store = open({ dataDir, now: () => clock });
    guide = store.featureStore(createGuideStore);
    expect(guide.pinLockState()).toEqual({ failures: 3, lockedUntil: until });
    guide.recordAudit({ outcome: 'accepted', failures: 0, lockedUntil: null });
    expect(guide.pinLockState()).toEqual({ failures: 0, lockedUntil: null });
  });

  it('stores a call for a guide and queues one guide.called item in the same transaction', () => {
    let kicks = 0;
    store.onOutboxAppended(() => kicks++);
    const call = guide.recordCall();
    expect(GuideCalledPayloadSchema.parse(call)).toEqual(call);
    expect(rows('guide_calls')).toEqual([
      {
        id: call.id,
        kiosk_id: 'kiosk-1',
        called_at: '2026-11-27T02:30:00.000Z',
        service_day: call.serviceDay,
      },
    ]);
    const outbox = outboxRowsOf(dataDir);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ kind: 'guide.called' });
    expect(JSON.parse((outbox[0] as { payload: string }).payload)).toEqual(call);
    expect(kicks).toBe(1);
  });

  it('writes every use of the staff PIN to the audit log with its guide.audit item, never the PIN', () => {
    const rejected = guide.recordAudit({ outcome: 'rejected', failures: 1, lockedUntil: null });
    const locked = guide.recordAudit({
      outcome: 'lockedOut',
      failures: 3,
      lockedUntil: new Date('2026-11-27T02:30:30.000Z'),
    });
    const accepted = guide.recordAudit({ outcome: 'accepted', failures: 0, lockedUntil: null });
    for (const audit of [rejected, locked, accepted]) {
      expect(GuideAuditPayloadSchema.parse(audit)).toEqual(audit);
    }
    expect(rows('guide_audit')).toEqual(
      [rejected, locked, accepted].map((a) => ({
        id: a.id,
        kiosk_id: 'kiosk-1',
        outcome: a.outcome,
        failures: a.failures,
        locked_until: a.lockedUntil,
        at: '2026-11-27T02:30:00.000Z',
        service_day: a.serviceDay,
      })),
    );
    expect(locked.lockedUntil).toBe('2026-11-27T02:30:30.000Z');
    const outbox = outboxRowsOf(dataDir) as { kind: string; payload: string }[];
    expect(outbox.map((o) => o.kind)).toEqual(['guide.audit', 'guide.audit', 'guide.audit']);
    expect(outbox.map((o) => JSON.parse(o.payload))).toEqual([rejected, locked, accepted]);
    expect(Object.keys(accepted).sort()).toEqual(
      ['at', 'failures', 'id', 'kioskId', 'lockedUntil', 'outcome', 'serviceDay'].sort(),
    );
  });

  it('refuses a bad audit before anything is written, and a failed write leaves neither row nor item', () => {
    expect(() =>
      guide.recordAudit({ outcome: 'maybe' as never, failures: 0, lockedUntil: null }),
    ).toThrow(StoreError);
    expect(() =>
      guide.recordAudit({ outcome: 'rejected', failures: -1, lockedUntil: null }),
    ).toThrow(/failures/);
    // The table refuses what the check let through: the transaction rolls back its outbox item.
    inspectDb(dataDir, (db) =>
      db.exec(
        `CREATE TRIGGER refuse BEFORE INSERT ON guide_audit BEGIN SELECT RAISE(ABORT, 'no'); END`,
      ),
    );
    expect(() =>
      guide.recordAudit({ outcome: 'rejected', failures: 1, lockedUntil: null }),
    ).toThrow();
    expect(rows('guide_audit')).toEqual([]);
    expect(outboxRowsOf(dataDir)).toEqual([]);
  });
});
