// Kiosk credentials on the reference branch service: provisioned and revoked with the command
// (npm run branch-service:kiosks), stored only as digests, shared by every instance on the
// database; unknown kiosks and bad credentials refused, counted in health and logged.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKiosksCommand } from '../../branch-service/kiosks-command.js';
import { provisionKiosk } from '../../branch-service/credentials.js';
import type { BranchService } from '../../branch-service/server.js';
import { startEmbeddedBranchService } from '../../main/embedded-branch-service.js';
import { parseConfig } from '../../src/config.js';
import { createMemoryLog } from '../../src/log/index.js';
import { BranchServiceClient, SyncError } from '../../src/sync/index.js';
import { lazyPostgres } from '../support/postgres.js';
import { Cleanup, KIOSK_ID, TOKEN, branchService } from './harness.js';

const postgres = lazyPostgres();
afterAll(() => postgres.stop());

/** Runs the provisioning command in-process; its exit code and what it printed. */
async function kiosksCommand(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runKiosksCommand(args, env, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err: err.join('\n') };
}

const client = (service: BranchService, kioskId: string, token: string) =>
  new BranchServiceClient({ baseUrl: service.url, kioskId, token });

async function refusedStatus(promise: Promise<unknown>): Promise<number | null> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SyncError) return err.status;
    throw err;
  }
  return null;
}

describe('kiosk credentials', () => {
  it('the command provisions a kiosk on a PostgreSQL server; revoking it refuses the kiosk at once', async () => {
    const cleanup = new Cleanup();
    try {
      const url = await (await postgres.get()).createDatabase();
      const env = { BRANCH_SERVICE_DATABASE_URL: url };
      const added = await kiosksCommand(['add', 'kiosk-21'], env);
      expect(added.code).toBe(0);
      expect(added.out).toHaveLength(1);
      const token = added.out[0]!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits, base64url
      expect(added.err).not.toContain(token);

      const service = await branchService(cleanup, {
        database: { kind: 'postgres', url },
        kiosks: {},
      });
      expect(await client(service, 'kiosk-21', token).health()).toMatchObject({
        kioskId: 'kiosk-21',
      });
      // Stored as its SHA-256 only: the token is nowhere in the table.
      const rows = await service.query<{ row: string; digest: string }>(
        "SELECT row_to_json(c)::text AS row, encode(token_sha256, 'hex') AS digest " +
          'FROM kiosk_credentials c WHERE kiosk_id = $1',
        ['kiosk-21'],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.digest).toBe(createHash('sha256').update(token).digest('hex'));
      expect(rows[0]!.row).not.toContain(token);

      const listed = await kiosksCommand(['list'], env);
      expect(listed.out).toEqual([expect.stringMatching(/^kiosk-21\tprovisioned \S+Z\tactive$/)]);

      // Revoked while the service runs: the next request is refused, without a restart.
      expect((await kiosksCommand(['revoke', 'kiosk-21'], env)).code).toBe(0);
      expect(await refusedStatus(client(service, 'kiosk-21', token).getConfig())).toBe(401);
      expect((await kiosksCommand(['revoke', 'kiosk-21'], env)).code).toBe(1);
      expect((await kiosksCommand(['list'], env)).out).toEqual([
        expect.stringMatching(/^kiosk-21\tprovisioned \S+\trevoked \S+Z$/),
      ]);

      // Provisioned again: a new token; the old one stays refused.
      const again = (await kiosksCommand(['add', 'kiosk-21'], env)).out[0]!;
      expect(again).not.toBe(token);
      expect(await refusedStatus(client(service, 'kiosk-21', token).getConfig())).toBe(401);
      expect((await client(service, 'kiosk-21', again).getConfig()).status).toBe('ok');
    } finally {
      await cleanup.run();
    }
  }, 60_000);

  it('the command works on the embedded database folder the service uses', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'branch-kiosks-'));
    const cleanup = new Cleanup();
    cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
    try {
      const env = { BRANCH_SERVICE_DATA: dataDir };
      const token = (await kiosksCommand(['add', 'kiosk-22'], env)).out[0]!;
      const service = await branchService(cleanup, {
        database: { kind: 'pglite', dataDir },
        kiosks: {},
      });
      expect((await client(service, 'kiosk-22', token).getConfig()).status).toBe('ok');
      await service.close();
      expect((await kiosksCommand(['revoke', 'kiosk-22'], env)).code).toBe(0);
      const restarted = await branchService(cleanup, {
        database: { kind: 'pglite', dataDir },
        kiosks: {},
      });
      expect(await refusedStatus(client(restarted, 'kiosk-22', token).getConfig())).toBe(401);
    } finally {
      await cleanup.run();
    }
  }, 180_000);

  it('the command explains itself when used wrongly', async () => {
    for (const args of [[], ['add'], ['remove', 'k'], ['list', 'extra']]) {
      const result = await kiosksCommand(args, { BRANCH_SERVICE_DATA: '/nonexistent' });
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/^usage: npm run branch-service:kiosks/);
    }
    const noDatabase = await kiosksCommand(['add', 'kiosk-1'], {});
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.err).toMatch(/BRANCH_SERVICE_DATABASE_URL nor BRANCH_SERVICE_DATA/);
  });

  it('refuses unknown kiosks and bad credentials, counts them in health and logs them without the token', async () => {
    const cleanup = new Cleanup();
    const log = createMemoryLog();
    try {
      const service = await branchService(cleanup, {
        database: { kind: 'postgres', url: await (await postgres.get()).createDatabase() },
        logger: log.logger,
      });
      const health = async () => {
        const res = await fetch(`${service.url}/v1/health`);
        return ((await res.json()) as { refusedRequests: unknown }).refusedRequests;
      };
      expect(await health()).toEqual({ unknownKiosk: 0, badCredential: 0 });

      expect(await refusedStatus(client(service, 'kiosk-unknown', TOKEN).getConfig())).toBe(401);
      expect(await refusedStatus(client(service, KIOSK_ID, 'stolen-guess').getConfig())).toBe(401);
      expect(await refusedStatus(client(service, KIOSK_ID, 'stolen-guess').health())).toBe(401);
      const anonymous = await fetch(`${service.url}/v1/config`);
      expect(anonymous.status).toBe(401);
      expect(await health()).toEqual({ unknownKiosk: 2, badCredential: 2 });

      const refused = log.named('branchService.authRefused');
      expect(refused.map((e) => [e.kiosk, e.cause])).toEqual([
        ['kiosk-unknown', 'unknownKiosk'],
        [KIOSK_ID, 'badCredential'],
        [KIOSK_ID, 'badCredential'],
        ['(none)', 'unknownKiosk'],
      ]);
      expect(refused.at(-1)).toMatchObject({ unknownKiosk: 2, badCredential: 2 });
      const text = JSON.stringify(log.events());
      expect(text).not.toContain('stolen-guess');
      expect(text).not.toContain(TOKEN);
    } finally {
      await cleanup.run();
    }
  }, 60_000);

  it("the embedded service provisions the kiosk's configured credential at every start", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-embedded-'));
    const cleanup = new Cleanup();
    cleanup.add(() => rmSync(dataDir, { recursive: true, force: true }));
    const log = createMemoryLog();
    const configWith = (kioskToken: string) =>
      parseConfig(
        { kioskId: 'kiosk-05', kioskToken, dataDir, branchService: { kind: 'embedded', port: 0 } },
        'kiosk.config.json',
        dataDir,
      );
    try {
      const first = await startEmbeddedBranchService(configWith('first-token'), log.logger);
      cleanup.add(() => first.close());
      expect(await client(first, 'kiosk-05', 'first-token').health()).toMatchObject({
        kioskId: 'kiosk-05',
      });
      await first.close();
      // The technician changed the kiosk's token in its configuration: the old one is gone.
      const second = await startEmbeddedBranchService(configWith('second-token'), log.logger);
      cleanup.add(() => second.close());
      expect((await client(second, 'kiosk-05', 'second-token').getConfig()).status).toBe('ok');
      expect(await refusedStatus(client(second, 'kiosk-05', 'first-token').getConfig())).toBe(401);
    } finally {
      await cleanup.run();
    }
  }, 180_000);

  it('the development kiosk is provisioned only while no kiosk is', async () => {
    const cleanup = new Cleanup();
    try {
      const server = await postgres.get();
      const fresh = await server.createDatabase();
      const dev = await branchService(cleanup, {
        database: { kind: 'postgres', url: fresh },
        kiosks: {},
        fallbackKiosks: { 'kiosk-dev': 'dev-token' },
      });
      expect((await client(dev, 'kiosk-dev', 'dev-token').getConfig()).status).toBe('ok');

      const provisioned = await server.createDatabase();
      const first = await branchService(cleanup, {
        database: { kind: 'postgres', url: provisioned },
        kiosks: {},
      });
      const token = await provisionKiosk(first.db, 'kiosk-31');
      const second = await branchService(cleanup, {
        database: { kind: 'postgres', url: provisioned },
        kiosks: {},
        fallbackKiosks: { 'kiosk-dev': 'dev-token' },
      });
      expect(await refusedStatus(client(second, 'kiosk-dev', 'dev-token').getConfig())).toBe(401);
      expect((await client(second, 'kiosk-31', token).getConfig()).status).toBe('ok');
    } finally {
      await cleanup.run();
    }
  }, 60_000);
});
