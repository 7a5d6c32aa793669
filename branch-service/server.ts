/**
 * The reference branch service: the kiosk sync API (src/contract/sync.ts) on Fastify, over
 * PostgreSQL (embedded PGlite, a `pg` pool on a real server, or any BranchDatabase). This file
 * opens and closes it; the endpoints are listed in ./routes.ts and served by ./app.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_BATCH_BODY_BYTES, type BranchConfig } from '../src/contract/sync.js';
import type { BusinessType } from '../src/domain/business-type.js';
import { logEvent, type Logger } from '../src/log/index.js';
import { buildApp } from './app.js';
import { createKioskAuth } from './auth.js';
import {
  fixedBranchConfig,
  openBranchConfigFile,
  type BranchConfigFileSource,
  type BranchConfigReload,
  type BranchConfigSource,
  type ReloadTrigger,
} from './branch-config-source.js';
import { checkedBranchConfig } from './config-route.js';
import { activeKioskCount, setKioskToken } from './credentials.js';
import { openPglite } from './db.js';
import type { BranchDatabase } from './db.js';
import {
  DEFAULT_BRANCH,
  DEFAULT_BUSINESS_TYPES,
  DEFAULT_CONTENT,
  type BranchContent,
} from './defaults.js';
import { serviceLogger, type BranchServiceLogger } from './log.js';
import { openPgDatabase } from './pg-database.js';
import {
  DEFAULT_RETENTION,
  RETENTION_INTERVAL_MS,
  purgePersonalData,
  type RetentionPolicy,
} from './retention.js';
import { SERVICE_ROUTES } from './routes.js';
import { createReminderQueue, loggingSmsGateway, type SmsGateway } from './reminders.js';

export { silentLogger } from './log.js';
export { loggingSmsGateway } from './reminders.js';
export type { SmsGateway, SmsHandOff } from './reminders.js';
export type { BranchServiceLogger } from './log.js';
export type { BranchConfigReload, ReloadTrigger } from './branch-config-source.js';

export type BranchDatabaseOption =
  /** Embedded PostgreSQL; `dataDir` undefined = in memory. */
  | { readonly kind: 'pglite'; readonly dataDir?: string }
  /** A PostgreSQL server: postgres://user:password@host:port/database. */
  | { readonly kind: 'postgres'; readonly url: string; readonly maxConnections?: number }
  /** Any other implementation of the tiny interface. Closed by close(). */
  | { readonly kind: 'external'; readonly db: BranchDatabase };

export interface BranchServiceOptions {
  /** Default 127.0.0.1: expose it beyond the host deliberately (behind TLS). */
  readonly host?: string;
  /** Default 0: any free port (see `url`). */
  readonly port?: number;
  readonly database: BranchDatabaseOption;
  /**
   * Kiosk id → token, provisioned at start (stored hashed, replacing an earlier token of the
   * same kiosk): the embedded service and tests name their kiosk here. Kiosks provisioned
   * with the command (npm run branch-service:kiosks) are accepted as well.
   */
  readonly kiosks?: Readonly<Record<string, string>>;
  /**
   * Provisioned only while the database knows no active kiosk: the development credential of
   * a service started without any (see main.ts), gone from the answer once real ones exist.
   */
  readonly fallbackKiosks?: Readonly<Record<string, string>>;
  /**
   * The branch's configuration file (./branch-config-file.ts): read and checked at start (a
   * missing or invalid file: startBranchService rejects, naming the file and each problem),
   * served as GET /v1/config, and re-read on reloadBranchConfig() and when the file changes.
   * Given, `branch`, `businessTypes` and `content` below must not be.
   */
  readonly branchConfigFile?: string;
  /** Re-read branchConfigFile when it changes on disk. Default true. */
  readonly watchBranchConfig?: boolean;
  /** Configuration in code, without a file: each part defaults to the sample (./defaults.ts). */
  readonly branch?: BranchConfig['branch'];
  readonly businessTypes?: readonly BusinessType[];
  /** The rest of the configuration (announcements, elder-mode policy…). Default DEFAULT_CONTENT. */
  readonly content?: BranchContent;
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
  /**
   * How long personal data is kept (./retention.ts): purged at start and hourly. Default
   * DEFAULT_RETENTION (30 days).
   */
  readonly retention?: RetentionPolicy;
  /** The service's clock, for the purge (tests move it). Default the system clock. */
  readonly now?: () => Date;
  /**
   * The bank's SMS gateway SMS reminders are handed to (./reminders.ts). Default: the demo
   * gateway, which logs `reminder.handedOff` (phone masked) and sends nothing.
   */
  readonly smsGateway?: SmsGateway;
}

export interface BranchService {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish, then closes the database. Idempotent. */
  close(): Promise<void>;
  /** Direct SQL for tests and operations. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** The service's database (tests and operations: provisioning through ./credentials.ts). */
  readonly db: BranchDatabase;
  /** The branch configuration served now. */
  branchConfig(): BranchConfig;
  /**
   * Reads the branch configuration file again (main.ts on SIGHUP): a valid file is served from
   * the next request on, an invalid one is refused and logged. Null without a file.
   */
  reloadBranchConfig(trigger?: ReloadTrigger): Promise<BranchConfigReload | null>;
}

/** Opens the database an option names (not yet prepared with the schema). */
export async function openBranchDatabase(option: BranchDatabaseOption): Promise<BranchDatabase> {
  switch (option.kind) {
    case 'pglite':
      return openPglite(option.dataDir);
    case 'postgres':
      return openPgDatabase({ connection: option.url, maxConnections: option.maxConnections });
    case 'external':
      return option.db;
  }
}

/** Opens the database and applies schema.sql (idempotent). */
export async function prepareBranchDatabase(
  option: BranchDatabaseOption,
  schemaPath = findSchema(),
): Promise<BranchDatabase> {
  const db = await openBranchDatabase(option);
  try {
    await db.exec(readFileSync(schemaPath, 'utf8'));
  } catch (err) {
    await db.close().catch(() => undefined);
    throw new Error(
      `Branch service could not prepare its database with ${schemaPath}: ` +
        `${(err as Error).message}. Check the data folder or database URL and the schema file.`,
      { cause: err },
    );
  }
  return db;
}

export async function startBranchService(options: BranchServiceOptions): Promise<BranchService> {
  const host = options.host ?? '127.0.0.1';
  const log = serviceLogger(options.logger);
  // Checked before anything is opened: a bad configuration leaves nothing to clean up.
  const configFile = branchConfigOf(options, log);
  const branchConfig: BranchConfigSource = configFile ?? fixedBranchConfig(inCode(options));

  let db: BranchDatabase;
  try {
    db = await prepareBranchDatabase(options.database, options.schemaPath);
  } catch (err) {
    configFile?.close();
    throw err;
  }
  let app: ReturnType<typeof buildApp>;
  try {
    for (const [kioskId, token] of Object.entries(options.kiosks ?? {})) {
      await setKioskToken(db, kioskId, token);
    }
    if ((await activeKioskCount(db)) === 0) {
      for (const [kioskId, token] of Object.entries(options.fallbackKiosks ?? {})) {
        await setKioskToken(db, kioskId, token);
      }
    }
    if ((await activeKioskCount(db)) === 0) logEvent(log, 'branchService.noKiosks', {});
    const auth = createKioskAuth(db, log);
    app = buildApp({
      routes: SERVICE_ROUTES,
      context: {
        db,
        auth,
        log,
        branchConfig,
        reminders: createReminderQueue({
          db,
          log,
          branchConfig,
          gateway: options.smsGateway ?? loggingSmsGateway(log),
        }),
      },
      maxBodyBytes: options.maxBodyBytes ?? MAX_BATCH_BODY_BYTES,
      log,
    });
    await app.app.ready();
  } catch (err) {
    configFile?.close();
    await db.close().catch(() => undefined);
    throw err;
  }

  const retention = options.retention ?? DEFAULT_RETENTION;
  const now = options.now ?? (() => new Date());
  const purge = async (): Promise<void> => {
    try {
      const purged = await purgePersonalData(db, retention, now());
      if (purged.feedbackComments + purged.appointmentKeys > 0) {
        logEvent(log, 'branchService.personalDataPurged', {
          ...purged,
          days: retention.personalDataDays,
        });
      }
    } catch (err) {
      // Never fatal: the data waits for the next run; the technician sees why.
      logEvent(log, 'branchService.purgeFailed', { reason: (err as Error).message });
    }
  };
  await purge();
  const purgeTimer = setInterval(() => void purge(), RETENTION_INTERVAL_MS);
  purgeTimer.unref();

  const requestedPort = options.port ?? 0;
  try {
    await app.app.listen({ port: requestedPort, host });
  } catch (err) {
    clearInterval(purgeTimer);
    configFile?.close();
    await app.app.close().catch(() => undefined);
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
  const server = app.app.server;
  server.on('error', (err) => logEvent(log, 'branchService.serverError', { reason: err.message }));
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    db,
    query: (sql, params) => db.query(sql, params),
    branchConfig: () => branchConfig.current().config,
    reloadBranchConfig: async (trigger) => (configFile ? configFile.reload(trigger) : null),
    close() {
      closing ??= (async () => {
        clearInterval(purgeTimer);
        configFile?.close();
        // Keep-alive connections that were busy close once their response is out; a client
        // that holds one open without sending anything is cut after a grace period.
        const force = setTimeout(() => server.closeAllConnections(), 2_000);
        force.unref();
        await app.app.close();
        clearTimeout(force);
        // A handler may still be inside a transaction (its client gave up): let it finish.
        await Promise.allSettled([...app.inFlight]);
        await db.close();
      })();
      return closing;
    },
  };
}

/** The configuration file's source, when one is named; null for configuration in code. */
function branchConfigOf(options: BranchServiceOptions, log: Logger): BranchConfigFileSource | null {
  if (options.branchConfigFile === undefined) return null;
  if (options.branch ?? options.businessTypes ?? options.content) {
    throw new Error(
      'startBranchService: give either branchConfigFile or branch/businessTypes/content, not both.',
    );
  }
  return openBranchConfigFile({
    file: options.branchConfigFile,
    log,
    watch: options.watchBranchConfig ?? true,
  });
}

/** The configuration given in code, each part defaulting to the sample. */
function inCode(options: BranchServiceOptions): BranchConfig {
  return checkedBranchConfig({
    ...(options.content ?? DEFAULT_CONTENT),
    branch: options.branch ?? DEFAULT_BRANCH,
    businessTypes: options.businessTypes ?? DEFAULT_BUSINESS_TYPES,
  });
}

/** schema.sql next to this file (sources) or at <package root>/branch-service (compiled, dist/). */
export function findSchema(): string {
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
