// design.md §6: "a crash at any point (before send, after the service committed but before the
// ack was stored) loses nothing and doubles nothing" — proven with a REAL kiosk process killed
// with SIGKILL and the REAL reference branch service (PGlite in memory) on loopback.
//
//   kiosk child (test/support/sync-crash-child.mjs, compiled code from dist/)
//     → CrashProxy (node:http, in this file: sees every POST /v1/batches and can hold it)
//       → branch service (startBranchService, in this process)
//
// The proxy holds the chosen batch either before forwarding it (the service never sees it) or
// after the service answered it (committed upstream, ack lost on the way back) and tells the
// test, which then sends SIGKILL. A new child on the same data folder, with the proxy passing
// everything, must then deliver every issued ticket exactly once.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { Agent, createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, startBranchService } from '../../branch-service/server.js';
import type { BranchService } from '../../branch-service/server.js';
import { SYNC_PATHS } from '../../src/contract/sync.js';
import { findMigrationsDir, loadMigrations } from '../../src/store/index.js';
import type { OutboxRejection, OutboxStats, StoreBootReport } from '../../src/store/index.js';
import type { SyncResult } from '../../src/sync/index.js';
import {
  endToEndHeaders,
  forwardRequest,
  readAll,
  type Upstream,
} from '../support/http-forward.js';

const KIOSK_ID = 'kiosk-crash';
const TOKEN = 'token';
/** Tickets per scenario; the child's worker sends batches of 10, so batches are 10, 10, 5. */
const N = 25;
const BATCH = 10;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The shipped migrations' labels, in order ('0001_tickets_and_outbox', …): all run on a new database. */
const SHIPPED_MIGRATIONS = loadMigrations(findMigrationsDir()).map(
  (m) => `${String(m.version).padStart(4, '0')}_${m.name}`,
);
const CHILD_SCRIPT = join(ROOT, 'test', 'support', 'sync-crash-child.mjs');
const COMPILED = ['dist/src/store/index.js', 'dist/src/sync/index.js'];

// ---------------------------------------------------------------------------------------------
// The proxy between the kiosk and the branch service.

type CrashWindow = 'before-forward' | 'after-answer';

interface HoldPlan {
  readonly window: CrashWindow;
  /** Which POST /v1/batches, counted from when the plan was armed (1 = the next one). */
  readonly batch: number;
}

/** One POST /v1/batches as the proxy saw it. */
interface BatchRecord {
  readonly ids: readonly string[];
  /** The service's status; null when the batch was never forwarded. */
  status: number | null;
  /** The ids the service answered as held (accepted). */
  accepted: readonly string[];
  /** The answer was passed on to the kiosk. */
  deliveredToKiosk: boolean;
}

interface ArmedHold extends HoldPlan {
  seen: number;
  reached: (record: BatchRecord) => void;
}

class CrashProxy {
  readonly batches: BatchRecord[] = [];
  readonly #server: Server;
  readonly #target: URL;
  /** No keep-alive towards the service, so closing it never waits on the proxy's sockets. */
  readonly #agent = new Agent({ keepAlive: false });
  readonly #held = new Set<ServerResponse>();
  #hold: ArmedHold | null = null;
  /**
   * Set once a hold was reached, until passAll(): whatever else the kiosk sends meanwhile (a
   * retry after its 5 s timeout, should the kill be slow) is held too and never reaches the
   * service, so nothing but the planned window is exercised.
   */
  #frozen = false;

  private constructor(target: string) {
    this.#target = new URL(target);
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch(() => {
        // The kiosk was killed mid-request, or the service is closing: nothing to answer.
        if (!res.headersSent && !res.destroyed) res.writeHead(502).end();
      });
    });
  }

  static async start(target: string): Promise<CrashProxy> {
    const proxy = new CrashProxy(target);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Holds the plan's batch in its window and resolves with it once it got there. */
  holdAt(plan: HoldPlan): Promise<BatchRecord> {
    expect(this.#hold, 'a hold is already armed').toBeNull();
    return new Promise((resolve) => {
      this.#hold = { ...plan, seen: 0, reached: resolve };
    });
  }

  /** Back to forwarding everything; answers still held are dropped. */
  passAll(): void {
    this.#hold = null;
    this.#frozen = false;
    for (const res of this.#held) res.destroy();
    this.#held.clear();
  }

  reset(): void {
    this.passAll();
    this.batches.length = 0;
  }

  async close(): Promise<void> {
    this.passAll();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#agent.destroy();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    if (this.#frozen) {
      this.#held.add(res);
      return;
    }
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    let record: BatchRecord | null = null;
    let hold: ArmedHold | null = null;
    if (req.method === 'POST' && path === SYNC_PATHS.batches) {
      const request = JSON.parse(body.toString('utf8')) as { items: { id: string }[] };
      record = {
        ids: request.items.map((item) => item.id),
        status: null,
        accepted: [],
        deliveredToKiosk: false,
      };
      this.batches.push(record);
      if (this.#hold !== null && ++this.#hold.seen === this.#hold.batch) {
        hold = this.#hold;
        this.#hold = null;
      }
    }

    if (record !== null && hold?.window === 'before-forward') {
      this.#frozen = true;
      this.#held.add(res);
      hold.reached(record);
      return;
    }

    const answer = await this.#forward(req, body);
    if (record !== null) {
      record.status = answer.status;
      if (answer.status === 200) {
        record.accepted = (
          JSON.parse(answer.body.toString('utf8')) as { accepted: string[] }
        ).accepted;
      }
    }
    if (record !== null && hold?.window === 'after-answer') {
      this.#frozen = true;
      this.#held.add(res);
      hold.reached(record);
      return;
    }
    res.writeHead(answer.status, {
      ...endToEndHeaders(answer.headers),
      'content-length': String(answer.body.length),
    });
    res.end(answer.body);
    if (record !== null) record.deliveredToKiosk = true;
  }

  #forward(req: IncomingMessage, body: Buffer): Promise<Upstream> {
    return forwardRequest(this.#target, this.#agent, req, body);
  }
}

// ---------------------------------------------------------------------------------------------
// The kiosk child process.

type ChildMessage =
  | { type: 'opened'; boot: StoreBootReport; stats: OutboxStats; unissued: string[] }
  | { type: 'issued'; index: number; id: string; number: string; serviceDay: string }
  | { type: 'synced'; result: SyncResult }
  | { type: 'done'; stats: OutboxStats; rejections: OutboxRejection[] }
  | { type: 'failed'; message: string };

type MessageOf<T extends ChildMessage['type']> = Extract<ChildMessage, { type: T }>;

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const children = new Set<KioskChild>();

class KioskChild {
  readonly messages: ChildMessage[] = [];
  readonly exited: Promise<Exit>;
  #exit: Exit | null = null;
  #stderr = '';
  readonly #process: ChildProcess;
  readonly #waiters = new Set<() => void>();

  constructor(env: Record<string, string>) {
    this.#process = fork(CHILD_SCRIPT, [], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      execArgv: [], // not vitest's loader flags: plain Node on the compiled code
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    children.add(this);
    this.#process.stdout?.resume();
    this.#process.stderr?.setEncoding('utf8');
    this.#process.stderr?.on('data', (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-4000);
    });
    this.#process.on('message', (message: ChildMessage) => {
      this.messages.push(message);
      for (const wake of this.#waiters) wake();
    });
    // 'close', not 'exit': by then every IPC message the child wrote has been received.
    this.exited = new Promise((resolve) => {
      this.#process.once('close', (code, signal) => {
        this.#exit = { code, signal };
        children.delete(this);
        for (const wake of this.#waiters) wake();
        resolve(this.#exit);
      });
    });
  }

  get alive(): boolean {
    return this.#exit === null;
  }

  /** What the child said and printed, for failure messages. */
  describe(): string {
    const failed = this.messages.find((m): m is MessageOf<'failed'> => m.type === 'failed');
    return (
      `exit ${JSON.stringify(this.#exit)}; last messages ` +
      `${JSON.stringify(this.messages.slice(-3))}` +
      (failed ? `\nchild failed: ${failed.message}` : '') +
      (this.#stderr ? `\nchild stderr:\n${this.#stderr}` : '')
    );
  }

  /** The first message of that type matching `accept`; rejects if the child exits first. */
  waitFor<T extends ChildMessage['type']>(
    type: T,
    accept: (message: MessageOf<T>) => boolean = () => true,
    timeoutMs = 30_000,
  ): Promise<MessageOf<T>> {
    return this.#until(
      () => {
        const found = this.messages.find(
          (m): m is MessageOf<T> => m.type === type && accept(m as MessageOf<T>),
        );
        return found;
      },
      `a '${type}' message`,
      timeoutMs,
    );
  }

  /** Resolves with `promise` unless the child exits (or time runs out) first. */
  whileAlive<T>(promise: Promise<T>, what: string, timeoutMs = 30_000): Promise<T> {
    let value: { v: T } | undefined;
    void promise.then((v) => {
      value = { v };
      for (const wake of this.#waiters) wake();
    });
    return this.#until(
      () => value?.v,
      what,
      timeoutMs,
      () => value !== undefined,
    );
  }

  #until<T>(
    check: () => T | undefined,
    what: string,
    timeoutMs: number,
    done: () => boolean = () => check() !== undefined,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`no ${what} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.#waiters.delete(poll);
        if (error) reject(new Error(`${error.message}; ${this.describe()}`));
        else resolve(check() as T);
      };
      const poll = () => {
        if (done()) finish();
        else if (!this.alive) finish(new Error(`the kiosk child exited before ${what}`));
      };
      this.#waiters.add(poll);
      poll();
    });
  }

  async kill(): Promise<Exit> {
    if (this.alive) this.#process.kill('SIGKILL');
    return this.exited;
  }
}

function startKiosk(
  dataDir: string,
  options: { issue?: number; pauseMs?: number; sync?: boolean } = {},
): KioskChild {
  return new KioskChild({
    CRASH_DATA_DIR: dataDir,
    CRASH_PROXY_URL: proxy.url,
    CRASH_KIOSK_ID: KIOSK_ID,
    CRASH_TOKEN: TOKEN,
    CRASH_ISSUE: String(options.issue ?? 0),
    CRASH_PAUSE_MS: String(options.pauseMs ?? 0),
    CRASH_SYNC: options.sync === false ? '0' : '1',
  });
}

// ---------------------------------------------------------------------------------------------
// Fixtures and checks.

let service: BranchService;
let proxy: CrashProxy;
const tempDirs: string[] = [];

beforeAll(async () => {
  const missing = COMPILED.filter((file) => !existsSync(join(ROOT, file)));
  // The child runs dist/: refuse a build older than the sources it was made from, or these
  // tests would prove yesterday's code.
  const newestSource = ['src/store', 'src/sync', 'src/domain']
    .flatMap((dir) => readdirSync(join(ROOT, dir)).map((f) => statSync(join(ROOT, dir, f)).mtimeMs))
    .reduce((a, b) => Math.max(a, b), 0);
  const stale = COMPILED.filter(
    (file) => existsSync(join(ROOT, file)) && statSync(join(ROOT, file)).mtimeMs < newestSource,
  );
  if (stale.length > 0) {
    throw new Error(
      `The SIGKILL crash tests run the compiled kiosk, but ${stale.join(' and ')} is older than ` +
        'its sources. Run `npm run build` first (`npm test` does it before vitest).',
    );
  }
  if (missing.length > 0) {
    throw new Error(
      `The SIGKILL crash tests run the kiosk from the compiled code, but ${missing.join(' and ')} ` +
        `${missing.length > 1 ? 'are' : 'is'} missing. Run \`npm run build\` first ` +
        '(`npm test` does it before vitest).',
    );
  }
  service = await startBranchService({
    port: 0,
    database: { kind: 'pglite' },
    kiosks: { [KIOSK_ID]: TOKEN },
    logger: silentLogger,
  });
  proxy = await CrashProxy.start(service.url);
});

beforeEach(async () => {
  proxy?.reset();
  await service?.query('TRUNCATE tickets, kiosk_items CASCADE');
});

afterEach(async () => {
  await Promise.all([...children].map((child) => child.kill()));
  proxy?.reset();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

afterAll(async () => {
  await Promise.all([...children].map((child) => child.kill()));
  await proxy?.close();
  await service?.close();
});

function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-crash-'));
  tempDirs.push(dir);
  return dir;
}

async function serviceItemIds(): Promise<string[]> {
  const rows = await service.query<{ id: string }>('SELECT id::text AS id FROM kiosk_items');
  return rows.map((row) => row.id).sort();
}

async function serviceCount(table: 'kiosk_items' | 'tickets'): Promise<number> {
  const [row] = await service.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row!.n;
}

/** Kills the child with SIGKILL once the proxy holds the planned batch; returns that batch. */
async function killAt(child: KioskChild, hold: Promise<BatchRecord>): Promise<BatchRecord> {
  const record = await child.whileAlive(hold, 'the held batch');
  const exit = await child.kill();
  expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
  proxy.passAll();
  return record;
}

/** A fresh kiosk process on the same folder, everything passing: it must sync to zero. */
async function recover(dataDir: string) {
  proxy.passAll();
  const firstBatch = proxy.batches.length;
  const child = startKiosk(dataDir);
  const opened = await child.waitFor('opened');
  const done = await child.waitFor('done');
  expect(await child.exited, child.describe()).toEqual({ code: 0, signal: null });
  return { opened, done, batches: proxy.batches.slice(firstBatch) };
}

interface LocalTicket {
  id: string;
  number: string;
  status: 'reserved' | 'issued';
  service_day: string;
}

/** The kiosk database as left behind, read directly (the kiosk process has exited). */
function readLocal(dataDir: string) {
  const db = new Database(join(dataDir, 'kiosk.db'), { readonly: true, fileMustExist: true });
  try {
    return {
      tickets: db
        .prepare('SELECT id, number, status, service_day FROM tickets ORDER BY sequence')
        .all() as LocalTicket[],
      outbox: db.prepare('SELECT id, state, payload FROM outbox ORDER BY seq').all() as {
        id: string;
        state: string;
        payload: string;
      }[],
      integrity: db.pragma('integrity_check', { simple: true }),
    };
  } finally {
    db.close();
  }
}

/**
 * Nothing lost, nothing doubled: the service holds exactly one item per local outbox row and
 * one ticket per issued local ticket (each number once per day), and the kiosk's outbox is all
 * acknowledged.
 */
async function expectExactlyOnce(dataDir: string, issuedIds: readonly string[]): Promise<void> {
  const local = readLocal(dataDir);
  expect(local.integrity).toBe('ok');
  const issued = local.tickets.filter((t) => t.status === 'issued');
  expect(issued.map((t) => t.id).sort()).toEqual([...issuedIds].sort());
  expect(local.outbox.map((row) => row.state)).toEqual(issuedIds.map(() => 'acked'));
  // One outbox row per issued ticket, no ticket with two rows.
  const outboxTicketIds = local.outbox.map((row) => (JSON.parse(row.payload) as { id: string }).id);
  expect(outboxTicketIds.sort()).toEqual([...issuedIds].sort());

  expect(await serviceCount('kiosk_items')).toBe(issuedIds.length);
  expect(await serviceCount('tickets')).toBe(issuedIds.length);
  expect(await serviceItemIds()).toEqual(local.outbox.map((row) => row.id).sort());
  const tickets = await service.query<{ id: string; number: string; day: string; kiosk: string }>(
    `SELECT id::text AS id, number, service_day::text AS day, kiosk_id AS kiosk FROM tickets`,
  );
  expect(tickets.map((t) => t.id).sort()).toEqual([...issuedIds].sort());
  expect(new Set(tickets.map((t) => t.kiosk))).toEqual(new Set([KIOSK_ID]));
  const doubled = await service.query<{ number: string; n: number }>(
    `SELECT number, count(*)::int AS n FROM tickets GROUP BY service_day, number HAVING count(*) > 1`,
  );
  expect(doubled).toEqual([]);
  const byId = new Map(issued.map((t) => [t.id, t]));
  for (const t of tickets) {
    expect({ number: t.number, day: t.day }).toEqual({
      number: byId.get(t.id)?.number,
      day: byId.get(t.id)?.service_day,
    });
  }
}

/** Issues N tickets in a kiosk process that then syncs; resolves with their ids and numbers. */
async function issueAll(child: KioskChild) {
  const opened = await child.waitFor('opened');
  expect(opened.boot.migrationsApplied).toEqual(SHIPPED_MIGRATIONS); // a new database: every one
  await child.waitFor('issued', (m) => m.index === N);
  const issued = child.messages.filter((m): m is MessageOf<'issued'> => m.type === 'issued');
  expect(issued).toHaveLength(N);
  return issued;
}

// ---------------------------------------------------------------------------------------------

describe('kiosk killed with SIGKILL mid-sync (design.md §6): nothing lost, nothing doubled', () => {
  const cases: { window: CrashWindow; batch: number; label: string }[] = [
    { window: 'before-forward', batch: 1, label: '(a) before the 1st batch reached the service' },
    { window: 'before-forward', batch: 2, label: '(a) before the 2nd batch reached the service' },
    { window: 'before-forward', batch: 3, label: '(a) before the last batch reached the service' },
    { window: 'after-answer', batch: 1, label: '(b) after the service committed the 1st batch' },
    { window: 'after-answer', batch: 2, label: '(b) after the service committed the 2nd batch' },
    { window: 'after-answer', batch: 3, label: '(b) after the service committed the last batch' },
  ];

  // A loop rather than it.each: vitest shortens $label in titles.
  for (const plan of cases) {
    it(`${plan.label}: a restart on the same data delivers all ${N} exactly once`, async () => {
      const dataDir = tempDataDir();
      const hold = proxy.holdAt(plan);
      const first = startKiosk(dataDir, { issue: N });
      const issued = await issueAll(first);
      const held = await killAt(first, hold);

      // Items in seq order; the worker acked every batch before the held one.
      const ackedBefore = BATCH * (plan.batch - 1);
      const heldSize = Math.min(BATCH, N - ackedBefore);
      const outboxIds = proxy.batches.flatMap((b) => b.ids).slice(0, ackedBefore + heldSize);
      expect(proxy.batches).toHaveLength(plan.batch);
      expect(new Set(outboxIds).size).toBe(outboxIds.length); // nothing sent twice so far
      expect(held.ids).toHaveLength(heldSize);
      expect(held.deliveredToKiosk).toBe(false);
      const committed = plan.window === 'after-answer' ? ackedBefore + heldSize : ackedBefore;
      expect(await serviceItemIds()).toEqual(outboxIds.slice(0, committed).sort());
      if (plan.window === 'after-answer') {
        expect(held.status).toBe(200);
        expect([...held.accepted].sort()).toEqual([...held.ids].sort()); // committed upstream
      } else {
        expect(held.status).toBeNull(); // the service never saw it
      }

      const { opened, done, batches } = await recover(dataDir);
      // The killed process had stored the acks of the answered batches, and only those.
      expect(opened.boot.corruptFileMovedTo).toBeNull();
      expect(opened.boot.migrationsApplied).toEqual([]);
      expect(opened.stats).toMatchObject({ pending: N - ackedBefore, acked: ackedBefore });
      // The held batch goes again first: a resend the service must answer without a second row.
      expect(batches[0]!.ids).toEqual(held.ids);
      expect([...batches[0]!.accepted].sort()).toEqual([...held.ids].sort());
      expect(done.stats).toMatchObject({ pending: 0, acked: N, rejected: 0 });
      expect(done.rejections).toEqual([]);

      const issuedIds = issued.map((t) => t.id);
      await expectExactlyOnce(dataDir, issuedIds);
      expect(new Set(issued.map((t) => t.number)).size).toBe(N);
    });
  }

  it('killed again and again during recovery (ack lost twice, then before a send): still exactly once', async () => {
    const dataDir = tempDataDir();
    const plans: HoldPlan[] = [
      { window: 'after-answer', batch: 2 }, // 20 committed, 10 acked
      { window: 'after-answer', batch: 1 }, // the resend answered as duplicates, ack lost again
      { window: 'before-forward', batch: 2 }, // 10 more acked, then killed before the next send
    ];
    let issued: MessageOf<'issued'>[] = [];
    for (const [round, plan] of plans.entries()) {
      // What the kiosk must remember: every answer that reached it; the service: every commit.
      const acknowledged = new Set(
        proxy.batches.filter((b) => b.deliveredToKiosk).flatMap((b) => b.accepted),
      );
      const hold = proxy.holdAt(plan);
      const child = startKiosk(dataDir, { issue: round === 0 ? N : 0 });
      const opened = await child.waitFor('opened');
      if (round === 0) issued = await issueAll(child);
      // (The first process opens an empty database and issues the tickets after this report.)
      expect(opened.stats).toMatchObject({
        acked: acknowledged.size,
        pending: round === 0 ? 0 : N - acknowledged.size,
      });
      expect(opened.boot.corruptFileMovedTo).toBeNull();
      await killAt(child, hold);
      const committed = new Set(
        proxy.batches.filter((b) => b.status === 200).flatMap((b) => b.accepted),
      );
      expect(await serviceItemIds()).toEqual([...committed].sort());
    }
    expect(await serviceCount('kiosk_items')).toBe(20); // never more than what was sent once

    const { opened, done } = await recover(dataDir);
    expect(opened.stats).toMatchObject({ acked: 20, pending: 5 });
    expect(done.stats).toMatchObject({ pending: 0, acked: N, rejected: 0 });
    const issuedIds = issued.map((t) => t.id);
    await expectExactlyOnce(dataDir, issuedIds);
  });

  it('(c) killed while issuing tickets, before any sync: the issued ones are delivered exactly once after WAL recovery', async () => {
    const dataDir = tempDataDir();
    // Far more than will be issued before the kill; a pause between reserving and issuing (the
    // receipt printing) and after it, so the kill lands anywhere in the loop.
    const child = startKiosk(dataDir, { issue: 1000, pauseMs: 3, sync: false });
    await child.waitFor('issued', (m) => m.index === 10);
    const exit = await child.kill();
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    const reported = child.messages.filter((m): m is MessageOf<'issued'> => m.type === 'issued');
    expect(proxy.batches).toEqual([]); // nothing was sent before the kill
    expect(await serviceCount('kiosk_items')).toBe(0);
    // The killed process never checkpointed: its commits are in the write-ahead log.
    const wal = join(dataDir, 'kiosk.db-wal');
    expect(existsSync(wal) && statSync(wal).size > 0).toBe(true);

    const { opened, done } = await recover(dataDir);
    expect(opened.boot).toMatchObject({ corruptFileMovedTo: null, migrationsApplied: [] });
    // Every ticket the killed kiosk reported issued survived, plus at most the one in flight.
    const local = readLocal(dataDir);
    const issuedIds = local.tickets.filter((t) => t.status === 'issued').map((t) => t.id);
    expect(issuedIds.length).toBeGreaterThanOrEqual(10);
    expect(issuedIds.length).toBeLessThan(1000);
    expect(issuedIds).toEqual(expect.arrayContaining(reported.map((m) => m.id)));
    expect(issuedIds.length - reported.length).toBeLessThanOrEqual(1);
    expect(opened.stats).toMatchObject({ pending: issuedIds.length, acked: 0 });
    // A number reserved but never issued (killed while "printing") is not sent as a ticket;
    // the store reports it for the technician instead.
    const reserved = local.tickets.filter((t) => t.status === 'reserved').map((t) => t.id);
    expect(reserved.length).toBeLessThanOrEqual(1);
    expect(opened.unissued).toEqual(reserved);
    expect(done.stats).toMatchObject({ pending: 0, acked: issuedIds.length, rejected: 0 });

    await expectExactlyOnce(dataDir, issuedIds);
  });
});
