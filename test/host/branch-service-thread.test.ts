/**
 * The embedded branch service runs in a worker thread of its own (issue 8: PGlite's WebAssembly
 * on the kiosk's main thread held up the screen a customer tapped right after a ticket). The
 * thread answers on loopback, gives tests and operations SQL through the same BranchService,
 * logs through the kiosk's logger, and leaves nothing behind when closed. Real PGlite, real
 * thread (the compiled script in dist/: `npm run build`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BranchService } from '../../branch-service/server.js';
import { startBranchServiceThread } from '../../main/branch-service-thread.js';
import { KIOSK_ID_HEADER } from '../../src/contract/sync.js';
import { createMemoryLog } from '../../src/log/index.js';

const dirs: string[] = [];
const services: BranchService[] = [];
afterEach(async () => {
  for (const service of services.splice(0)) await service.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-bs-thread-'));
  dirs.push(dir);
  return dir;
}

async function start(log = createMemoryLog()) {
  const service = await startBranchServiceThread(
    { port: 0, dataDir: dataDir(), kiosks: { 'kiosk-t': 'token-t' }, logLevel: 'info' },
    log.logger,
  );
  services.push(service);
  return { service, log };
}

describe('the embedded branch service in its own thread', () => {
  it('keeps the kiosk thread free while its database works', async () => {
    const { service } = await start();
    // pg_sleep holds PGlite's WebAssembly for the whole half second: on the kiosk's own thread
    // not one of these turns of the event loop could run meanwhile.
    let turns = 0;
    let sleeping = true;
    const spin = () => {
      turns += 1;
      if (sleeping) setImmediate(spin);
    };
    setImmediate(spin);
    await service.query('SELECT pg_sleep(0.5)');
    sleeping = false;
    expect(turns).toBeGreaterThan(20);
  });

  it('answers HTTP on loopback and logs its warnings with the kiosk logger, info filtered', async () => {
    const { service, log } = await start();
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(service.url).toBe(`http://127.0.0.1:${service.port}`);
    const refused = await fetch(`${service.url}/v1/config`, {
      headers: { authorization: 'Bearer wrong', [KIOSK_ID_HEADER]: 'kiosk-t' },
    });
    expect(refused.status).toBe(401);
    await expect
      .poll(() => log.named('branchService.authRefused'), { timeout: 5_000 })
      .toEqual([
        expect.objectContaining({
          level: 'warn',
          component: 'branchService',
          kiosk: 'kiosk-t',
          msg: expect.stringContaining('kiosk-t'),
        }),
      ]);
    // The service's own info lines stay out of the kiosk's log, as on the main thread.
    expect(
      log.events().filter((e) => e.component === 'branchService' && e.level === 'info'),
    ).toEqual([]);
  });

  it('gives SQL through query and db: transactions commit or roll back, errors keep their SQLSTATE', async () => {
    const { service } = await start();
    const key = (n: number) => String(n).padStart(64, '0');
    await service.db.transaction(async (tx) => {
      await tx.query('INSERT INTO vip_customers (customer_key) VALUES ($1)', [key(1)]);
    });
    await expect(
      service.db.transaction(async (tx) => {
        await tx.query('INSERT INTO vip_customers (customer_key) VALUES ($1)', [key(2)]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const rows = await service.query<{ customer_key: string }>(
      'SELECT customer_key FROM vip_customers ORDER BY customer_key',
    );
    expect(rows).toEqual([{ customer_key: key(1) }]);
    await expect(service.db.query('SELECT * FROM no_such_table')).rejects.toMatchObject({
      code: '42P01',
    });
    await service.db.exec('CREATE TABLE scratch (n int); INSERT INTO scratch VALUES (7);');
    expect(await service.query('SELECT n FROM scratch')).toEqual([{ n: 7 }]);
  });

  it('closes: the thread ends and nothing it opened is left', async () => {
    const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
    await settle();
    const before = process.getActiveResourcesInfo().sort();
    const { service } = await start();
    expect(process.getActiveResourcesInfo().length).toBeGreaterThan(before.length);
    await service.close();
    await service.close(); // idempotent
    await settle();
    expect(process.getActiveResourcesInfo().sort()).toEqual(before);
    await expect(service.query('SELECT 1')).rejects.toThrow(/thread stopped/);
  });

  it('rejects with the reason when the service cannot start, and leaves no thread', async () => {
    const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
    await settle();
    const before = process.getActiveResourcesInfo().sort();
    const dir = dataDir();
    // The data folder's branch-service path is a file: PGlite cannot make its cluster there.
    writeFileSync(path.join(dir, 'branch-service'), 'not a folder');
    await expect(
      startBranchServiceThread(
        { port: 0, dataDir: dir, kiosks: {}, logLevel: 'info' },
        createMemoryLog().logger,
      ),
    ).rejects.toThrow();
    await settle();
    expect(process.getActiveResourcesInfo().sort()).toEqual(before);
  });
});
