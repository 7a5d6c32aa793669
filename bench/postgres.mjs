// A real PostgreSQL server for the benchmarks (issue 7): Debian's postgresql (installed by
// scripts/ensure-system-deps.mjs), a fresh cluster in a temp folder of the bench's scope, run
// as the `postgres` user when we are root (initdb refuses root), on a free loopback port. Unlike
// the tests' server (test/support/postgres.ts) it keeps PostgreSQL's durable defaults (fsync,
// synchronous_commit, full_page_writes on): a drain figure is for a server that keeps its data.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const POSTGRES_BIN = process.env.KIOSK_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function run(tool, args) {
  const program = join(POSTGRES_BIN, tool);
  const [command, argv] = isRoot()
    ? ['runuser', ['-u', 'postgres', '--', program, ...args]]
    : [program, args];
  try {
    execFileSync(command, argv, { stdio: 'pipe', timeout: 120_000 });
  } catch (error) {
    throw new Error(
      `${tool} ${args.join(' ')} failed: ${error.stderr ?? ''}${error.stdout ?? ''}`,
      {
        cause: error,
      },
    );
  }
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts a server in `scope`'s temp folder, stopped when the scope closes; its URL.
 * `maxConnections`: PostgreSQL's max_connections (the fleet opens a pool per branch).
 */
export async function startBenchPostgres(scope, { maxConnections = 200 } = {}) {
  if (!existsSync(join(POSTGRES_BIN, 'initdb'))) {
    throw new Error(
      `PostgreSQL is not installed (no ${POSTGRES_BIN}/initdb): run ` +
        '`node scripts/ensure-system-deps.mjs` as root, or set KIOSK_POSTGRES_BIN.',
    );
  }
  const dir = scope.tempDir('postgres');
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=${maxConnections}`;
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    '-o',
    options,
    'start',
  ]);
  scope.add('stop PostgreSQL', () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']));
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}
