/**
 * The whole kiosk when its store is damaged or its disk is not usable: a database of newer
 * software gives the out-of-service screen with the technician's message (through the browser
 * shell's bridge), a corrupt database's unsent work is salvaged and delivered to the branch
 * service, and a full disk is told to the customer before they choose.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { KioskViewSchema, type HostMessage } from '../../src/bridge/contract.js';
import { createMemoryLog } from '../../src/log/index.js';
import { openStore, serviceDayOf } from '../../src/store/index.js';
import { startBrowserShell, type BrowserShell } from '../../main/browser-shell.js';
import { startKioskHost, type KioskHost } from '../../main/kiosk.js';
import { testConfig, waitForScreen, waitForView } from '../support/kiosk-harness.js';
import type { KioskConfig } from '../../src/config.js';
import { tempDir } from '../support/temp-dir.js';

const hosts: KioskHost[] = [];
const shells: BrowserShell[] = [];
const mounts: string[] = [];
afterEach(async () => {
  for (const shell of shells.splice(0)) await shell.close();
  for (const host of hosts.splice(0)) await host.stop();
  for (const dir of mounts.splice(0)) {
    try {
      execFileSync('umount', ['-l', dir]);
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

async function host(config: KioskConfig, storeRetryMs?: number) {
  const log = createMemoryLog();
  const started = await startKioskHost(config, {
    logger: log.logger,
    ...(storeRetryMs ? { storeRetryMs } : {}),
  });
  hosts.push(started);
  // The screen no longer waits for the embedded branch service (issue 7): these tests use
  // what the kiosk fetches from it (offline numbers) straight away.
  await started.kiosk?.branchServiceUp();
  return { host: started, log };
}

const PERSONAL = {
  id: 'personal',
  prefix: 'A',
  name: { 'zh-CN': '个人业务', en: 'Personal banking' },
};

/**
 * Numbers of PERSONAL this kiosk leased from its branch earlier today (a block from the top of
 * the day's range, where the branch leases), so it can issue offline: since issue 7 numbers
 * come from the branch and a kiosk without a lease has none of its own.
 */
function leasedEarlier(
  store: { addNumberBlock: ReturnType<typeof openStore>['addNumberBlock'] },
  firstSequence: number,
  lastSequence: number,
) {
  store.addNumberBlock({
    requestId: '00000000-0000-7000-8000-0000000000a1',
    serviceDay: serviceDayOf(new Date()),
    businessTypeId: PERSONAL.id,
    prefix: PERSONAL.prefix,
    firstSequence,
    lastSequence,
  });
}

/**
 * Waits until the out-of-service host has opened the kiosk (it retries every `storeRetryMs`):
 * a condition with a generous limit, so a loaded machine only makes it slower, not red.
 */
async function backInService(started: KioskHost, limitMs = 20_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (started.kiosk === null && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The renderer's side of the browser shell: exchange the launch code, then read the view. */
async function firstViewThroughShell(shell: BrowserShell) {
  const code = new URL(shell.launchUrl()).hash.replace('#code=', '');
  const { hostname, port } = new URL(shell.origin);
  const cookie = await new Promise<string>((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        path: '/bridge/session',
        method: 'POST',
        headers: { Origin: shell.origin, 'Content-Type': 'application/json' },
      },
      (res) => {
        res.resume();
        resolve(String(res.headers['set-cookie']).split(';')[0]!);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ code }));
  });
  const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge`, {
    origin: shell.origin,
    headers: { Cookie: cookie },
  });
  const message = await new Promise<HostMessage>((resolve, reject) => {
    ws.on('message', (data) => resolve(JSON.parse(String(data)) as HostMessage));
    ws.on('error', reject);
  });
  ws.close();
  return message;
}

describe('kiosk (host): a store that cannot open', () => {
  it('shows the out-of-service screen with the technician’s message for a database of newer software', async () => {
    const config = testConfig();
    const store = openStore({ dataDir: config.dataDir, kioskId: config.kioskId });
    store.close();
    const db = new Database(path.join(config.dataDir, 'kiosk.db'));
    db.prepare(
      "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (99, 'future', 'x', 'y')",
    ).run();
    db.close();
    const before = readFileSync(path.join(config.dataDir, 'kiosk.db'));

    const { host: started, log } = await host(config);
    expect(started.kiosk).toBeNull();
    expect(started.outOfService?.code).toBe('DATABASE_NEWER_THAN_SOFTWARE');
    expect(log.named('kiosk.outOfService')).toEqual([
      expect.objectContaining({
        code: 'DATABASE_NEWER_THAN_SOFTWARE',
        reason: expect.stringContaining('newer kiosk software'),
      }),
    ]);

    const staticDir = tempDir('kiosk-oos-renderer');
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>kiosk</title>');
    const shell = await startBrowserShell({
      bridge: started.bridge,
      staticDir,
      port: 0,
      logger: log.logger,
    });
    shells.push(shell);
    const message = await firstViewThroughShell(shell);
    expect(message.type).toBe('view');
    const view = KioskViewSchema.parse((message as { view: unknown }).view);
    expect(view).toMatchObject({
      screen: 'outOfService',
      prompt: { key: 'outOfService.body' },
      notice: {
        key: 'outOfService.staffNote',
        params: {
          code: 'DATABASE_NEWER_THAN_SOFTWARE',
          reason: expect.stringMatching(/newer kiosk software.*Install the newer/),
        },
      },
    });
    // The customer may switch the screen's language; nothing else happens.
    started.bridge.dispatch({ type: 'SET_LANGUAGE', language: 'en' });
    expect(started.bridge.view().language).toBe('en');
    started.bridge.dispatch({ type: 'START' });
    expect(started.bridge.view().screen).toBe('outOfService');
    // The database is left exactly as it was for the technician.
    expect(readFileSync(path.join(config.dataDir, 'kiosk.db'))).toEqual(before);
  });

  it('shows the out-of-service screen when the data folder is a file, and comes back by itself once fixed', async () => {
    const dir = tempDir('kiosk-oos');
    writeFileSync(path.join(dir, 'data'), 'not a folder');
    const config = testConfig({
      dataDir: path.join(dir, 'data'),
      branchService: { kind: 'remote', url: 'http://127.0.0.1:9' },
    });
    const { host: started, log } = await host(config, 100);
    expect(started.outOfService?.code).toBe('DATA_FOLDER_UNUSABLE');
    const views: string[] = [];
    started.bridge.onView((v) => views.push(v.screen));
    expect(started.bridge.view().screen).toBe('outOfService');

    rmSync(path.join(dir, 'data')); // the technician moves the file away
    await backInService(started);
    expect(started.kiosk).not.toBeNull();
    expect(started.outOfService).toBeNull();
    expect(views).toContain('attract');
    expect(started.bridge.view().screen).toBe('attract');
    started.bridge.dispatch({ type: 'START' });
    await waitForView(started.kiosk!, (v) => v.screen === 'menu');
    expect(log.named('kiosk.backInService')).toEqual([
      expect.objectContaining({ code: 'DATA_FOLDER_UNUSABLE' }),
    ]);
  });
});

describe('kiosk (host): salvage', () => {
  it('delivers the unsent tickets of a corrupt database to the branch service, and the next customer gets a branch number no salvaged ticket has', async () => {
    const config = testConfig();
    const store = openStore({ dataDir: config.dataDir, kioskId: config.kioskId });
    // Offline numbers leased earlier: below this embedded branch's own first lease (9950–9999),
    // which it makes at start knowing nothing of this one.
    leasedEarlier(store, 8001, 8600);
    for (let i = 0; i < 600; i++) {
      const ticket = store.reserveTicket({ businessType: PERSONAL });
      store.issueTicket(ticket.id, { delivery: 'printed' });
    }
    const itemIds = store.nextOutboxBatch({ maxItems: 1_000, maxBytes: 1e9 }).map((i) => i.id);
    expect(itemIds).toHaveLength(600);
    store.close();
    const file = path.join(config.dataDir, 'kiosk.db');
    const db = new Database(file);
    const pages = (
      db
        .prepare(
          "SELECT pageno FROM dbstat WHERE name = 'tickets' AND pagetype = 'leaf' ORDER BY pageno",
        )
        .all() as { pageno: number }[]
    ).map((r) => r.pageno);
    db.close();
    const bytes = readFileSync(file);
    bytes.fill(0xa5, (pages[2]! - 1) * 4096, pages[2]! * 4096);
    writeFileSync(file, bytes);

    const { host: started, log } = await host(config);
    const kiosk = started.kiosk!;
    expect(log.named('store.salvaged')).toEqual([expect.objectContaining({ outboxCarried: 600 })]);
    // The worker is already draining; each syncNow() joins or follows it until nothing is left.
    for (let i = 0; i < 50 && kiosk.store.outboxStats().pending > 0; i++) {
      await kiosk.sync.syncNow();
    }
    expect(kiosk.store.outboxStats()).toMatchObject({ pending: 0, acked: 600 });
    const held = await kiosk.branchService!.query<{ id: string }>('SELECT id FROM kiosk_items');
    expect(held).toHaveLength(600);
    expect(new Set(held.map((r) => r.id))).toEqual(new Set(itemIds));

    kiosk.bridge.dispatch({ type: 'START' });
    kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
    await waitForScreen(kiosk, 'chooseBusinessType');
    kiosk.bridge.dispatch({ type: 'CHOOSE_BUSINESS_TYPE', businessTypeId: 'personal' });
    await waitForScreen(kiosk, 'confirmTicket');
    kiosk.bridge.dispatch({ type: 'CONFIRM_TICKET' });
    const issued = await waitForScreen(kiosk, ['ticketIssued', 'ticketNotPrinted']);
    // Numbers come from the branch (issue 7): online, the day's numbers from the bottom, apart
    // from the salvaged tickets' leased A8001–A8600, which are never issued again.
    expect(issued.ticket.number).toBe('A0001');
    expect(log.named('store.salvaged')).toEqual([
      expect.objectContaining({ blocksRetired: expect.stringMatching(/personal .*A8001–A8600/) }),
    ]);
  });
});

describe('kiosk (host): disk full', () => {
  it('tells the customer on the attract screen and the menu, and the technician why', async () => {
    const config = testConfig({
      storage: { minFreeBytes: Number.MAX_SAFE_INTEGER, checkIntervalMs: 60_000 },
    });
    const { host: started, log } = await host(config);
    const kiosk = started.kiosk!;
    expect(kiosk.bridge.view()).toMatchObject({
      screen: 'attract',
      notice: { key: 'notice.storeDown' },
    });
    kiosk.bridge.dispatch({ type: 'START' });
    await waitForView(kiosk, (v) => v.screen === 'menu');
    expect(kiosk.bridge.view().notice).toEqual({ key: 'notice.storeDown' });
    expect(log.named('store.diskFull')).toEqual([
      expect.objectContaining({ path: config.dataDir, freeBytes: expect.any(Number) }),
    ]);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'on a real full tmpfs: the notice comes, and goes by itself when space returns',
    async () => {
      const mount = tempDir('kiosk-host-tmpfs');
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'tmpfs', mount]);
      mounts.push(mount);
      const dataDir = path.join(mount, 'data');
      mkdirSync(dataDir, { mode: 0o700 });
      const config = testConfig({
        dataDir,
        storage: { minFreeBytes: 1024 * 1024, checkIntervalMs: 100 },
        // The embedded service's database would not fit on this small disk; none is needed.
        branchService: { kind: 'remote', url: 'http://127.0.0.1:9' },
      });
      const { host: started, log } = await host(config);
      const kiosk = started.kiosk!;
      expect(kiosk.bridge.view().notice).toBeNull();

      const filler = path.join(mount, 'filler');
      const fd = openSync(filler, 'w');
      try {
        for (;;) writeSync(fd, Buffer.alloc(64 * 1024));
      } catch {
        // ENOSPC: full
      } finally {
        closeSync(fd);
      }
      await waitForView(kiosk, (v) => v.notice?.key === 'notice.storeDown', 5_000);
      expect(log.named('store.diskFull')).toHaveLength(1);

      rmSync(filler);
      await waitForView(kiosk, (v) => v.notice === null, 5_000);
      expect(log.named('store.writableAgain')).toHaveLength(1);
    },
  );
});

describe('kiosk (host): booting on a full disk', () => {
  it.skipIf(process.getuid?.() !== 0)(
    'is out of service saying the disk is full, and comes back by itself when space returns',
    async () => {
      const mount = tempDir('kiosk-host-tmpfs');
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'tmpfs', mount]);
      mounts.push(mount);
      const dataDir = path.join(mount, 'data');
      mkdirSync(dataDir, { mode: 0o700 });
      const config = testConfig({
        dataDir,
        storage: { minFreeBytes: 1024 * 1024, checkIntervalMs: 100 },
        branchService: { kind: 'remote', url: 'http://127.0.0.1:9' },
      });
      const first = await host(config, 100);
      const kiosk = first.host.kiosk!;
      leasedEarlier(kiosk.store, 9950, 9999); // the branch is unreachable here
      const ticket = kiosk.store.issueTicket(
        kiosk.store.reserveTicket({ businessType: PERSONAL }).id,
        { delivery: 'printed' },
      );
      await first.host.stop();
      hosts.splice(hosts.indexOf(first.host), 1);

      const filler = path.join(mount, 'filler');
      const fd = openSync(filler, 'w');
      try {
        for (;;) writeSync(fd, Buffer.alloc(16 * 1024));
      } catch {
        // ENOSPC: full
      } finally {
        closeSync(fd);
      }
      // SQLite cannot even create its shared-memory file: out of service, saying why, and
      // tried again until space returns.
      const { host: started, log } = await host(config, 100);
      expect(started.kiosk).toBeNull();
      expect(started.outOfService?.code).toBe('DISK_FULL');
      expect(started.bridge.view()).toMatchObject({
        screen: 'outOfService',
        notice: { params: { code: 'DISK_FULL', reason: expect.stringMatching(/is full/) } },
      });

      rmSync(filler);
      await backInService(started);
      expect(started.kiosk).not.toBeNull();
      expect(started.bridge.view()).toMatchObject({ screen: 'attract', notice: null });
      expect(started.kiosk!.store.getTicket(ticket.id)).toEqual(ticket);
      expect(log.named('kiosk.backInService')).toEqual([
        expect.objectContaining({ code: 'DISK_FULL' }),
      ]);
    },
  );
});

describe('kiosk (host): booting on read-only media', () => {
  it.skipIf(process.getuid?.() !== 0)(
    'is out of service saying the disk is read-only, and comes back by itself once remounted writable',
    async () => {
      const mount = tempDir('kiosk-host-tmpfs');
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0700', 'tmpfs', mount]);
      mounts.push(mount);
      const dataDir = path.join(mount, 'data');
      mkdirSync(dataDir, { mode: 0o700 });
      const config = testConfig({
        dataDir,
        branchService: { kind: 'remote', url: 'http://127.0.0.1:9' },
      });
      const first = await host(config);
      const kiosk = first.host.kiosk!;
      leasedEarlier(kiosk.store, 9950, 9999); // the branch is unreachable here
      const ticket = kiosk.store.issueTicket(
        kiosk.store.reserveTicket({ businessType: PERSONAL }).id,
        { delivery: 'printed' },
      );
      await first.host.stop();
      hosts.splice(hosts.indexOf(first.host), 1);

      execFileSync('mount', ['-o', 'remount,ro', mount]);
      const { host: started, log } = await host(config, 100);
      expect(started.outOfService?.code).toBe('READ_ONLY_MEDIA');
      expect(started.bridge.view()).toMatchObject({
        screen: 'outOfService',
        notice: { params: { code: 'READ_ONLY_MEDIA', reason: expect.stringMatching(/read-only/) } },
      });

      execFileSync('mount', ['-o', 'remount,rw', mount]);
      await backInService(started);
      expect(started.kiosk).not.toBeNull();
      expect(started.kiosk!.store.getTicket(ticket.id)).toEqual(ticket);
      expect(started.kiosk!.store.outboxStats().pending).toBe(1);
      expect(log.named('kiosk.backInService')).toEqual([
        expect.objectContaining({ code: 'READ_ONLY_MEDIA' }),
      ]);
    },
  );
});

describe('kiosk (host): a new store with the branch service unreachable', () => {
  it('offers the bundled queues, says so discreetly, and tells the technician', async () => {
    const config = testConfig({ branchService: { kind: 'remote', url: 'http://127.0.0.1:9' } });
    const { host: started, log } = await host(config);
    const kiosk = started.kiosk!;
    expect(kiosk.bridge.view().branchName).toBe('银行网点（默认服务列表）');
    kiosk.bridge.dispatch({ type: 'START' });
    kiosk.bridge.dispatch({ type: 'START_FLOW', flow: 'ticket' });
    const choose = await waitForScreen(kiosk, 'chooseBusinessType');
    expect(choose.businessTypes.map((t) => t.id)).toEqual(['personal', 'business', 'wealth']);
    expect(log.named('sync.configBundled')).toEqual([
      expect.objectContaining({ businessTypes: 3 }),
    ]);
  });
});

describe('kiosk (host): one damaged outbox row', () => {
  it('is quarantined and reported while the rest is delivered', async () => {
    const { host: started, log } = await host(testConfig());
    const kiosk = started.kiosk!;
    const issue = () =>
      kiosk.store.issueTicket(kiosk.store.reserveTicket({ businessType: PERSONAL }).id, {
        delivery: 'printed',
      });
    for (let i = 0; i < 3; i++) issue();
    await kiosk.sync.syncNow();
    expect(kiosk.store.outboxStats().pending).toBe(0);

    for (let i = 0; i < 3; i++) issue();
    // The rows the damage is aimed at, in the outbox (the ticket journal folded, as the sync
    // worker's next read would).
    kiosk.store.foldTicketJournal();
    const damage = new Database(path.join(kiosk.config.dataDir, 'kiosk.db'));
    damage.pragma('ignore_check_constraints = ON');
    damage.prepare("UPDATE outbox SET payload = '{broken' WHERE seq = 5").run();
    damage.close();
    await kiosk.sync.syncNow();
    expect(kiosk.store.outboxStats()).toMatchObject({ pending: 0, acked: 5 });
    expect(log.named('store.outboxItemQuarantined')).toEqual([
      expect.objectContaining({
        seq: 5,
        kind: 'ticket.issued',
        reason: expect.stringMatching(/not JSON/),
      }),
    ]);
  });
});
