import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  KIOSK_ID_HEADER,
  MAX_BATCH_BODY_BYTES,
  SYNC_API_VERSION,
  SYNC_PATHS,
  branchConfigProblem,
  validateBatchRequest,
} from '../src/contract/sync.js';
import type {
  BatchRejection,
  BatchResponse,
  BranchConfig,
  ErrorResponse,
  HealthResponse,
  OutboxItemWire,
  TicketIssuedPayload,
} from '../src/contract/sync.js';
import type { BusinessType } from '../src/domain/business-type.js';
import { openPglite } from './db.js';
import type { BranchDatabase, SqlExecutor } from './db.js';
import { DEFAULT_BRANCH, DEFAULT_BUSINESS_TYPES } from './defaults.js';

export interface BranchServiceLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One line per event on stdout/stderr. Callers never pass tokens or request headers. */
export const consoleLogger: BranchServiceLogger = {
  info: (message, fields) => console.log(formatLine('info', message, fields)),
  warn: (message, fields) => console.warn(formatLine('warn', message, fields)),
  error: (message, fields) => console.error(formatLine('error', message, fields)),
};

export const silentLogger: BranchServiceLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function formatLine(level: string, message: string, fields?: Record<string, unknown>): string {
  const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  return `${new Date().toISOString()} branch-service ${level}: ${message}${extra}`;
}

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
  readonly logger?: BranchServiceLogger;
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

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The reference branch service: the kiosk sync API (src/contract/sync.ts) on node:http. */
export async function startBranchService(options: BranchServiceOptions): Promise<BranchService> {
  const host = options.host ?? '127.0.0.1';
  const log = options.logger ?? consoleLogger;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BATCH_BODY_BYTES;
  const config: BranchConfig = {
    branch: options.branch ?? DEFAULT_BRANCH,
    businessTypes: options.businessTypes ?? DEFAULT_BUSINESS_TYPES,
  };
  const configProblem = branchConfigProblem(config);
  if (configProblem !== null) {
    throw new Error(`Branch service configuration is invalid: ${configProblem}.`);
  }
  const configBody = JSON.stringify(config);
  const configEtag = `"${sha256(configBody).toString('hex').slice(0, 32)}"`;
  // Only digests are kept, so comparisons take the same time whatever the token's length.
  const credentials = new Map(
    Object.entries(options.kiosks).map(([id, token]) => [id, sha256(token)] as const),
  );
  if (credentials.size === 0) {
    log.warn('no kiosks are configured: every kiosk request will be refused with 401');
  }

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

  function authenticate(req: IncomingMessage): string {
    const kioskId = singleHeader(req, KIOSK_ID_HEADER);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(singleHeader(req, 'authorization') ?? '');
    const given = sha256(match?.[1] ?? '');
    const expected = kioskId === undefined ? undefined : credentials.get(kioskId);
    // Compare even for an unknown kiosk, so timing does not tell which kiosk ids exist.
    const ok = timingSafeEqual(expected ?? given, given) && expected !== undefined && !!match;
    if (!ok || kioskId === undefined) {
      throw new HttpError(
        401,
        'UNAUTHORIZED',
        'Unknown kiosk or wrong token: send Authorization: Bearer <token> and X-Kiosk-Id ' +
          'as provisioned for this kiosk on the branch service.',
        { 'www-authenticate': 'Bearer' },
      );
    }
    return kioskId;
  }

  async function health(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Anonymous probes (load balancers) are fine; credentials, when sent, must be right, so a
    // kiosk's self-test can check its token with this call.
    const sentCredentials =
      req.headers.authorization !== undefined || req.headers[KIOSK_ID_HEADER] !== undefined;
    const kioskId = sentCredentials ? authenticate(req) : undefined;
    let database: HealthResponse['database'] = 'ok';
    try {
      await db.query('SELECT 1');
    } catch (err) {
      database = 'unavailable';
      log.error('health check: database unavailable', { error: (err as Error).message });
    }
    const body: HealthResponse = {
      status: database === 'ok' ? 'ok' : 'degraded',
      apiVersion: SYNC_API_VERSION,
      time: new Date().toISOString(),
      database,
      ...(kioskId === undefined ? {} : { kioskId }),
    };
    sendJson(res, database === 'ok' ? 200 : 503, body);
  }

  async function batches(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const kioskId = authenticate(req);
    const raw = await readBody(req, maxBodyBytes);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError(400, 'INVALID_JSON', 'The request body is not valid JSON.');
    }
    const validation = validateBatchRequest(body);
    if (!validation.ok) throw new HttpError(400, 'INVALID_BATCH', validation.error);
    const { request, rejected } = validation;
    if (request.kioskId !== kioskId) {
      throw new HttpError(
        403,
        'KIOSK_MISMATCH',
        `Authenticated as kiosk ${kioskId} but the batch is for kiosk ${request.kioskId}.`,
      );
    }
    const refused: BatchRejection[] = [];
    const { inserted, duplicates } = await db.transaction(async (tx) => {
      const counts = { inserted: 0, duplicates: 0 };
      for (const item of request.items) {
        const outcome = await applyItem(tx, item, kioskId);
        if (outcome === 'inserted') counts.inserted += 1;
        else if (outcome === 'duplicate') counts.duplicates += 1;
        else if (!refused.some((r) => r.id === item.id)) {
          refused.push({ id: item.id, reason: outcome.reason });
          log.warn('item refused', { kioskId, id: item.id, ...outcome.log });
        }
      }
      return counts;
    });
    const refusedIds = new Set(refused.map((r) => r.id));
    const accepted = [...new Set(request.items.map((item) => item.id))].filter(
      (id) => !refusedIds.has(id),
    );
    log.info('batch applied', {
      kioskId,
      items: request.items.length + rejected.length,
      inserted,
      duplicates,
      rejected: rejected.length + refused.length,
    });
    for (const { id, reason } of rejected) log.warn('item rejected', { kioskId, id, reason });
    const response: BatchResponse = { accepted, rejected: [...rejected, ...refused] };
    sendJson(res, 200, response);
  }

  function getConfig(req: IncomingMessage, res: ServerResponse): void {
    authenticate(req);
    const ifNoneMatch = singleHeader(req, 'if-none-match');
    const known = (ifNoneMatch ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    const headers = { etag: configEtag, 'cache-control': 'no-cache' };
    if (known.includes(configEtag) || known.includes('*')) {
      res.writeHead(304, headers).end();
      return;
    }
    sendJson(res, 200, configBody, headers);
  }

  const routes: Record<
    string,
    Record<string, (req: IncomingMessage, res: ServerResponse) => unknown>
  > = {
    [SYNC_PATHS.health]: { GET: health },
    [SYNC_PATHS.batches]: { POST: batches },
    [SYNC_PATHS.config]: { GET: getConfig },
  };

  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const handling = handle(req, res).finally(() => inFlight.delete(handling));
    inFlight.add(handling);
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = new URL(req.url ?? '/', 'http://branch-service').pathname;
      const methods = Object.hasOwn(routes, path) ? routes[path] : undefined;
      if (methods === undefined) {
        throw new HttpError(
          404,
          'NOT_FOUND',
          `No such endpoint ${path}; this is API ${SYNC_API_VERSION}.`,
        );
      }
      const handler = Object.hasOwn(methods, req.method ?? '') ? methods[req.method!] : undefined;
      if (handler === undefined) {
        throw new HttpError(
          405,
          'METHOD_NOT_ALLOWED',
          `${path} accepts ${Object.keys(methods).join(', ')}.`,
          {
            allow: Object.keys(methods).join(', '),
          },
        );
      }
      await handler(req, res);
    } catch (err) {
      if (!(err instanceof HttpError)) {
        log.error('request failed', {
          method: req.method,
          path: req.url,
          error: (err as Error)?.stack ?? String(err),
        });
      }
      const failure =
        err instanceof HttpError
          ? err
          : new HttpError(
              500,
              'INTERNAL',
              'The branch service failed; the error is logged. Try again later.',
            );
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body: ErrorResponse = { error: { code: failure.code, message: failure.message } };
      sendJson(res, failure.status, body, failure.headers);
      // Unread request data (e.g. after 401/413) is drained so the client sees this answer.
      req.resume();
    }
  }

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
  server.on('error', (err) => log.error('server error', { error: err.message }));
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

/** Why the service will not apply an otherwise valid item; `log` is for the service's log only. */
interface ItemRefusal {
  readonly reason: string;
  readonly log: Record<string, unknown>;
}

/**
 * Applies one valid item of the authenticated kiosk: 'inserted' when it was new, 'duplicate'
 * when the service already held it, or a refusal to answer as that item's rejection.
 */
async function applyItem(
  tx: SqlExecutor,
  item: OutboxItemWire,
  kioskId: string,
): Promise<'inserted' | 'duplicate' | ItemRefusal> {
  if (item.kind === 'ticket.issued') {
    // Checked before the item is stored, so a refused item is not held (and a resend gets the
    // same answer). Ticket ids are kiosk-made UUIDs: a clash means a copied or forged id, and
    // letting it through would let any authenticated kiosk overwrite another kiosk's ticket.
    const ticketId = (item.payload as TicketIssuedPayload).id;
    const [existing] = await tx.query<{ kiosk_id: string }>(
      'SELECT kiosk_id FROM tickets WHERE id = $1',
      [ticketId],
    );
    if (existing !== undefined && existing.kiosk_id !== kioskId) {
      return foreignTicket(ticketId, existing.kiosk_id);
    }
  }
  const inserted = await tx.query(
    `INSERT INTO kiosk_items (id, kiosk_id, seq, kind, created_at, payload)
     VALUES ($1, $2, $3, $4, $5::timestamptz, $6::jsonb)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [item.id, item.kioskId, item.seq, item.kind, item.createdAt, JSON.stringify(item.payload)],
  );
  if (inserted.length === 0) return 'duplicate'; // already held: applied when it first arrived
  if (item.kind === 'ticket.issued') {
    const t = item.payload as TicketIssuedPayload;
    // kiosk_id is the authenticated kiosk, not the payload's claim (the validator already makes
    // them equal; this does not rely on it). The WHERE keeps the owner check atomic: on a
    // database with concurrent transactions, another kiosk may insert this id after the SELECT
    // above, and then nothing is updated.
    const written = await tx.query(
      `INSERT INTO tickets (id, number, business_type_id, status, delivery, waiting_ahead,
         reserved_at, issued_at, kiosk_id, service_day, source_item_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8::timestamptz, $9, $10::date, $11)
       ON CONFLICT (id) DO UPDATE SET
         status = EXCLUDED.status, delivery = EXCLUDED.delivery,
         issued_at = EXCLUDED.issued_at, waiting_ahead = EXCLUDED.waiting_ahead,
         source_item_id = EXCLUDED.source_item_id, updated_at = now()
       WHERE tickets.kiosk_id = EXCLUDED.kiosk_id
       RETURNING id`,
      [
        t.id,
        t.number,
        t.businessTypeId,
        t.status,
        t.delivery,
        t.waitingAhead,
        t.reservedAt,
        t.issuedAt,
        kioskId,
        t.serviceDay,
        item.id,
      ],
    );
    if (written.length === 0) {
      // Lost that race: the item row above must not stay either. Failing the transaction makes
      // the kiosk send the batch again (500 is retryable), and then the SELECT refuses the item.
      throw new Error(
        `ticket ${t.id} was written by another kiosk during this batch; the batch is rolled ` +
          'back and the kiosk will send it again',
      );
    }
  }
  return 'inserted';
}

function foreignTicket(ticketId: string, owner: string): ItemRefusal {
  return {
    // The owner's id stays in the service log: a kiosk has no business learning other kiosks'.
    reason:
      `ticket ${ticketId} belongs to another kiosk; a kiosk may only write its own tickets. ` +
      "This item cannot be applied: check this kiosk's ticket ids (they must be made here, " +
      'never copied from another kiosk or a backup of one).',
    log: { ticketId, owner },
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function singleHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/**
 * Reads the body, refusing (413) anything over `limit` bytes. An oversized body is read to its
 * end but not kept: answering while the client still sends would make it see a reset, not 413.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError(
      413,
      'BODY_TOO_LARGE',
      `A request body may be at most ${limit} bytes: send smaller batches.`,
    );
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.once('end', () =>
      settle(() => (size > limit ? reject(tooLarge()) : resolve(Buffer.concat(chunks)))),
    );
    req.once('error', (err) => settle(() => reject(err)));
    // The client went away mid-body: nothing to answer, but the handler must not hang.
    req.once('close', () => settle(() => reject(new Error('client closed the request early'))));
  });
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
