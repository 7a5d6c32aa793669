/**
 * The reference branch service: the kiosk sync API (src/contract/sync.ts) on node:http, over
 * PostgreSQL (embedded PGlite or any BranchDatabase). This file opens and closes it; the
 * endpoints are in ./routes.ts, ./batches.ts and ./config-route.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_BATCH_BODY_BYTES, type BranchConfig } from '../src/contract/sync.js';
import type { BusinessType } from '../src/domain/business-type.js';
import { logEvent, type Logger } from '../src/log/index.js';
import { createKioskAuth } from './auth.js';
import { batchRoute } from './batches.js';
import { configRoute } from './config-route.js';
import { openPglite } from './db.js';
import type { BranchDatabase } from './db.js';
import { DEFAULT_BRANCH, DEFAULT_BUSINESS_TYPES, DEFAULT_QUERY_CONTENT } from './defaults.js';
import { serviceLogger, type BranchServiceLogger } from './log.js';
import { dispatcher, healthRoute, syncRoutes } from './routes.js';

export { silentLogger } from './log.js';
export type { BranchServiceLogger } from './log.js';

export type BranchDatabaseOption =
  /** Embedded PostgreSQL; `dataDir` undefined = in memory. */
  | { readonly kind: 'pglite'; readonly dataDir?: string }
  /** Any other implementation of the tiny interface, e.g. a `pg` pool. Closed by close(). */
  | { readonly kind: 'external'; readonly db: BranchDatabase };

export interface BranchServiceOptions {
  /** Default 127.0.0.1: expose it beyond the host deliberately (behind TLS). */
  readonly host?: string;
  /** Default 0: any free port (see `url`). */
  readonly port?: number;
  readonly database: BranchDatabaseOption;
  /** Kiosk id → token. Anyone else gets 401. */
  readonly kiosks: Readonly<Record<string, string>>;
  readonly branch?: BranchConfig['branch'];
  readonly businessTypes?: readonly BusinessType[];
  /** Largest accepted request body; bigger → 413. Default MAX_BATCH_BODY_BYTES (1 MiB). */
  readonly maxBodyBytes?: number;
  /**
   * Where its events go (src/i18n/technician/branch-service.ts): a pino Logger, e.g. the
   * kiosk's `logger.child({ component: 'branchService' })`. Default: stdout. The older
   * message-shaped logger is still accepted and gets each event's sentence and fields.
   */
  readonly logger?: Logger | BranchServiceLogger;
  /** Default: branch-service/schema.sql next to this file or at the package root. */
  readonly schemaPath?: string;
}

export interface BranchService {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish, then closes the database. Idempotent. */
  close(): Promise<void>;
  /** Direct SQL for tests and operations. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export async function startBranchService(options: BranchServiceOptions): Promise<BranchService> {
  const host = options.host ?? '127.0.0.1';
  const log = serviceLogger(options.logger);
  const auth = createKioskAuth(options.kiosks);
  // Checked before anything is opened: a bad configuration leaves nothing to clean up.
  const config = configRoute(
    {
      branch: options.branch ?? DEFAULT_BRANCH,
      businessTypes: options.businessTypes ?? DEFAULT_BUSINESS_TYPES,
      ...DEFAULT_QUERY_CONTENT,
    },
    auth,
  );
  if (auth.kioskCount === 0) logEvent(log, 'branchService.noKiosks', {});

  const schemaPath = options.schemaPath ?? findSchema();
  const db =
    options.database.kind === 'pglite'
      ? await openPglite(options.database.dataDir)
      : options.database.db;
  try {
    await db.exec(readFileSync(schemaPath, 'utf8'));
  } catch (err) {
    await db.close().catch(() => undefined);
    throw new Error(
      `Branch service could not prepare its database with ${schemaPath}: ` +
        `${(err as Error).message}. Check the data folder and the schema file.`,
      { cause: err },
    );
  }

  const handle = dispatcher(
    syncRoutes({
      health: healthRoute(db, auth, log),
      batches: batchRoute({
        db,
        auth,
        log,
        maxBodyBytes: options.maxBodyBytes ?? MAX_BATCH_BODY_BYTES,
      }),
      config,
    }),
    log,
  );
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const handling = handle(req, res).finally(() => inFlight.delete(handling));
    inFlight.add(handling);
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;

  const requestedPort = options.port ?? 0;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(requestedPort, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await db.close().catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'EADDRINUSE'
        ? `Port ${requestedPort} on ${host} is already in use: stop the other process or choose ` +
            'another port (BRANCH_SERVICE_PORT).'
        : `Branch service cannot listen on ${host}:${requestedPort}: ${(err as Error).message}.`,
      { cause: err },
    );
  }
  server.on('error', (err) => logEvent(log, 'branchService.serverError', { reason: err.message }));
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    query: (sql, params) => db.query(sql, params),
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Keep-alive connections that were busy close once their response is out; a client
        // that holds one open without sending anything is cut after a grace period.
        const force = setTimeout(() => server.closeAllConnections(), 2_000);
        force.unref();
        await closed;
        clearTimeout(force);
        // A handler may still be inside a transaction (its client gave up): let it finish.
        await Promise.allSettled([...inFlight]);
        await db.close();
      })();
      return closing;
    },
  };
}

/** schema.sql next to this file (sources) or at <package root>/branch-service (compiled, dist/). */
function findSchema(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'schema.sql')];
  for (let dir = here; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'branch-service', 'schema.sql'));
    if (dirname(dir) === dir) break;
  }
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) {
    throw new Error(
      `branch-service/schema.sql not found near ${here}: reinstall the branch service, or pass ` +
        'schemaPath.',
    );
  }
  return found;
}
