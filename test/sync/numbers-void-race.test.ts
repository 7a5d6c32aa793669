// A number request the kiosk gave up on (1.5 s timeout, number from its block, 'ticket.voided'
// item with no number) against the slow allocation of that request: whichever commits first,
// the number ends voided, never waiting, and the day's sequence never hands it out again. On the
// embedded PGlite and on a real PostgreSQL server, where two connections also interleave.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPglite, type BranchDatabase } from '../../branch-service/db.js';
import { DEFAULT_BUSINESS_TYPES } from '../../branch-service/defaults.js';
import { HttpError } from '../../branch-service/http.js';
import { allocateNumber } from '../../branch-service/numbers.js';
import { openPgDatabase } from '../../branch-service/pg-database.js';
import { uuidv7 } from '../../src/uuidv7.js';
import { lazyPostgres } from '../support/postgres.js';

const DAY = '2026-11-27';
const KIOSK = 'kiosk-1';
const options = { businessTypes: DEFAULT_BUSINESS_TYPES };
const SCHEMA = readFileSync('branch-service/schema.sql', 'utf8');
const TABLES =
  'TRUNCATE number_sequences, number_allocations, number_leases, queue_entries, tickets, kiosk_items CASCADE';

const postgres = lazyPostgres();
afterAll(() => postgres.stop());

interface Backend {
  readonly name: string;
  open(): Promise<{ db: BranchDatabase; url: string | null }>;
}

const BACKENDS: readonly Backend[] = [
  { name: 'PGlite', open: async () => ({ db: await openPglite(), url: null }) },
  {
    name: 'PostgreSQL 15',
    open: async () => {
      const url = await (await postgres.get()).createDatabase();
      return { db: openPgDatabase({ connection: url }), url };
    },
  },
];

const allocate = (db: BranchDatabase, ticketId: string) =>
  allocateNumber(db, KIOSK, { ticketId, businessTypeId: 'personal', serviceDay: DAY }, options);

/** The kiosk's void of a request it never heard the answer to: no number, found by ticket id. */
function voidItemSql(ticketId: string): [string, unknown[]] {
  const payload = {
    ticketId,
    kioskId: KIOSK,
    businessTypeId: 'personal',
    serviceDay: DAY,
    number: null,
    sequence: null,
    issuedOffline: false,
    reservedAt: '2026-11-27T01:30:00.000Z',
    voidedAt: '2026-11-27T01:30:02.000Z',
    reason: 'interruptedBeforeIssue',
  };
  // As the batch ingest stores it: the queue follows by the statement-level trigger.
  return [
    `INSERT INTO kiosk_items (id, kiosk_id, seq, kind, created_at, payload)
     VALUES ($1, $2, 1, 'ticket.voided', now(), $3::jsonb)`,
    [uuidv7(), KIOSK, JSON.stringify(payload)],
  ];
}

async function refusal(work: Promise<unknown>): Promise<HttpError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

/** The request's number is voided, nothing waits for it, and the sequence has moved past it. */
async function expectVoidedForGood(db: BranchDatabase, ticketId: string, number: string) {
  expect(
    await db.query(
      `SELECT number, state, to_char(finished_at AT TIME ZONE 'UTC', 'HH24:MI:SS') AS finished
       FROM queue_entries WHERE ticket_id = $1`,
      [ticketId],
    ),
  ).toEqual([{ number, state: 'voided', finished: '01:30:02' }]);
  expect(
    await db.query(`SELECT ticket_id FROM queue_entries WHERE number = $1 AND state <> 'voided'`, [
      number,
    ]),
  ).toEqual([]);
  // A retry of the voided request does not bring the number back, nor spend another one.
  const retried = await refusal(allocate(db, ticketId));
  expect([retried.status, retried.code]).toEqual([409, 'TICKET_VOIDED']);
  // The next customers get the following numbers: the voided one is never handed out again.
  const next = [await allocate(db, uuidv7()), await allocate(db, uuidv7())];
  expect(next.map((a) => a.number)).not.toContain(number);
  expect(next.map((a) => a.number)).toEqual(['A0002', 'A0003']);
  expect(
    await db.query(`SELECT count(*)::int AS n FROM number_allocations WHERE number = $1`, [number]),
  ).toEqual([{ n: 1 }]);
  expect(
    await db.query(`SELECT number FROM queue_entries WHERE state = 'waiting' ORDER BY number`),
  ).toEqual([{ number: 'A0002' }, { number: 'A0003' }]);
}

describe.each(BACKENDS)('a voided number request and its late allocation on $name', (backend) => {
  let db: BranchDatabase;
  let url: string | null;
  beforeAll(async () => {
    ({ db, url } = await backend.open());
    await db.exec(SCHEMA);
    await db.exec(SCHEMA); // applied at every start: idempotent
  }, 60_000);
  afterAll(() => db.close());
  beforeEach(() => db.exec(TABLES));

  it('void first, then the allocation: refused, its number recorded as voided', async () => {
    const ticketId = uuidv7();
    const [sql, params] = voidItemSql(ticketId);
    await db.query(sql, params);
    // No allocation yet: the void leaves no entry.
    expect(await db.query('SELECT * FROM queue_entries')).toEqual([]);

    const error = await refusal(allocate(db, ticketId));
    expect([error.status, error.code]).toEqual([409, 'TICKET_VOIDED']);
    expect(error.message).toContain('A0001');
    await expectVoidedForGood(db, ticketId, 'A0001');
  });

  it('allocation first, then the void: the waiting entry is voided', async () => {
    const ticketId = uuidv7();
    expect((await allocate(db, ticketId)).number).toBe('A0001');
    expect(await db.query('SELECT state FROM queue_entries')).toEqual([{ state: 'waiting' }]);
    const [sql, params] = voidItemSql(ticketId);
    await db.query(sql, params);
    await expectVoidedForGood(db, ticketId, 'A0001');
  });

  it('the void locks only queues it names, and only when it has no number', async () => {
    const [sql, params] = voidItemSql(uuidv7());
    await db.query(sql, params);
    expect(
      await db.query(`SELECT business_type_id, last_sequence, lowest_leased FROM number_sequences`),
    ).toEqual([{ business_type_id: 'personal', last_sequence: 0, lowest_leased: 10000 }]);
  });

  /** Connections of their own, to hold a transaction open while the service works. */
  async function connection(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url! });
    await client.connect();
    return client;
  }

  /** Waits until `n` backends of this database wait for a lock (the interleaving is set). */
  async function lockWaiters(observer: pg.Client, n: number): Promise<void> {
    for (let attempt = 0; attempt < 500; attempt += 1) {
      const { rows } = await observer.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows[0]!.n >= n) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`fewer than ${n} transactions ever waited for a lock`);
  }

  it.runIf(backend.name !== 'PGlite')(
    'concurrently, void transaction open while the allocation starts: the allocation waits and refuses',
    async () => {
      const voiding = await connection();
      const observer = await connection();
      try {
        const ticketId = uuidv7();
        await voiding.query('BEGIN');
        const [sql, params] = voidItemSql(ticketId);
        await voiding.query(sql, params); // the trigger holds the queue's lock now
        const allocation = refusal(allocate(db, ticketId));
        // Without the lock the allocation would not wait: it commits 'waiting' before the void.
        await Promise.race([lockWaiters(observer, 1), allocation]);
        await voiding.query('COMMIT');
        const error = await allocation;
        expect([error.status, error.code]).toEqual([409, 'TICKET_VOIDED']);
        await expectVoidedForGood(db, ticketId, 'A0001');
      } finally {
        await voiding.end();
        await observer.end();
      }
    },
    30_000,
  );

  it.runIf(backend.name !== 'PGlite')(
    'concurrently, allocation holding the lock while the void arrives: the void waits and voids it',
    async () => {
      const holding = await connection();
      const voiding = await connection();
      const observer = await connection();
      try {
        const ticketId = uuidv7();
        // A third transaction holds the queue's row, so the allocation stops inside its
        // transaction; the void queues up behind it and gets the lock only after its commit.
        await holding.query(
          `INSERT INTO number_sequences VALUES ($1::date, 'personal', 0, 10000)`,
          [DAY],
        );
        await holding.query('BEGIN');
        await holding.query(
          `SELECT 1 FROM number_sequences WHERE service_day = $1::date FOR UPDATE`,
          [DAY],
        );
        const allocation = allocate(db, ticketId);
        await lockWaiters(observer, 1);
        await voiding.query('BEGIN');
        const [sql, params] = voidItemSql(ticketId);
        const voided = voiding.query(sql, params);
        // Without the lock the void would not wait: it finds no allocation and commits.
        await Promise.race([lockWaiters(observer, 2), voided]);
        await holding.query('COMMIT');
        expect((await allocation).number).toBe('A0001');
        await voided;
        await voiding.query('COMMIT');
        await expectVoidedForGood(db, ticketId, 'A0001');
      } finally {
        await holding.end();
        await voiding.end();
        await observer.end();
      }
    },
    30_000,
  );
});
