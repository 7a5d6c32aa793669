// A real PostgreSQL server for the branch-service tests: Debian's postgresql 15 (installed by
// scripts/ensure-system-deps.mjs), a fresh cluster in a temp folder, run as the `postgres` user
// (initdb refuses root) on a free loopback port, and removed after. Each service under test gets
// a database of its own on it.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { BranchDatabaseOption } from '../../branch-service/server.js';

export const POSTGRES_BIN = process.env.KIOSK_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresServer {
  readonly port: number;
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** A new, empty database; its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server and removes its folder. Idempotent. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL program, as the `postgres` user when we are root. */
function runPostgresTool(tool: string, args: readonly string[]): void {
  const program = join(POSTGRES_BIN, tool);
  const [command, argv] = isRoot()
    ? ['runuser', ['-u', 'postgres', '--', program, ...args]]
    : [program, [...args]];
  try {
    execFileSync(command, argv, { stdio: 'pipe', timeout: 120_000 });
  } catch (err) {
    const { stderr, stdout } = err as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(
      `${tool} ${args.join(' ')} failed: ${stderr?.toString() ?? ''}${stdout?.toString() ?? ''}`,
      { cause: err },
    );
  }
}

/** Starts a throw-away PostgreSQL server. */
export async function startPostgres(): Promise<PostgresServer> {
  if (!existsSync(join(POSTGRES_BIN, 'initdb'))) {
    throw new Error(
      `PostgreSQL is not installed (no ${POSTGRES_BIN}/initdb): run ` +
        '`node scripts/ensure-system-deps.mjs` as root (installs the Debian package postgresql), ' +
        'or set KIOSK_POSTGRES_BIN to the folder of initdb and pg_ctl.',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'branch-pg-'));
  const data = join(dir, 'data');
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  let running = false;
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    // Durability is not under test here: no fsync makes a cluster start in about a second.
    runPostgresTool('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8']);
    const port = await freePort();
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    runPostgresTool(
      'pg_ctl',
      ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60'].concat([
        '-o',
        settings,
        'start',
      ]),
    );
    running = true;
    // A worker that ends without its afterAll (an error, a run cut short) must not leave a
    // server running as `postgres` on a deleted folder: stopped on the way out (synchronously).
    const stopOnExit = () => {
      try {
        runPostgresTool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      remove();
    };
    process.once('exit', stopOnExit);
    const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
    let databases = 0;
    let stopped: Promise<void> | null = null;
    return {
      port,
      url,
      async createDatabase() {
        databases += 1;
        const name = `branch_test_${databases}`;
        const client = new pg.Client({ connectionString: url() });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return url(name);
      },
      stop() {
        stopped ??= (async () => {
          process.off('exit', stopOnExit);
          try {
            runPostgresTool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
          } finally {
            remove();
          }
        })();
        return stopped;
      },
    };
  } catch (err) {
    if (running) {
      try {
        runPostgresTool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already gone
      }
    }
    remove();
    throw err;
  }
}

/** One PostgreSQL server per test file, started when first asked for. */
export function lazyPostgres(): { get(): Promise<PostgresServer>; stop(): Promise<void> } {
  let server: Promise<PostgresServer> | null = null;
  return {
    get: () => (server ??= startPostgres()),
    async stop() {
      if (server !== null) await (await server).stop();
    },
  };
}

/** A database backend the branch service runs on, for suites that run on each. */
export interface DatabaseBackend {
  readonly name: string;
  /** A fresh, empty database for one service. */
  fresh(): Promise<BranchDatabaseOption>;
}

/** The embedded PGlite and a real PostgreSQL server (from `postgres`). */
export function databaseBackends(postgres: {
  get(): Promise<PostgresServer>;
}): readonly DatabaseBackend[] {
  return [
    { name: 'PGlite', fresh: async () => ({ kind: 'pglite' }) },
    {
      name: 'PostgreSQL 15',
      fresh: async () => ({ kind: 'postgres', url: await (await postgres.get()).createDatabase() }),
    },
  ];
}
