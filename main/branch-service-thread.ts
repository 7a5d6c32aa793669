/**
 * The embedded branch service in a worker thread of its own (./branch-service-thread-main.ts):
 * PGlite's WebAssembly runs on the thread that calls it, so on the kiosk's main thread every
 * sync batch it ingested held up the next screen. The kiosk reaches it over HTTP on loopback
 * exactly as before; this side gives back the same BranchService (url, port, SQL for tests and
 * operations, close) and logs the thread's lines with the kiosk's logger.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BranchDatabase, SqlExecutor } from '../branch-service/db.js';
import type { BranchConfigReload } from '../branch-service/branch-config-source.js';
import type { BranchService } from '../branch-service/server.js';
import type { BranchConfig } from '../src/contract/sync.js';
import { TECHNICIAN_EVENTS, type TechnicianEvent } from '../src/i18n/technician.js';
import { logEvent, logEventRecord, type Logger } from '../src/log/index.js';
import {
  ThreadMessageSchema,
  type ThreadError,
  type ThreadRequest,
  type ThreadStart,
} from './branch-service-thread-protocol.js';

/** How long close() waits for the service to finish its requests before it ends the thread. */
const CLOSE_TIMEOUT_MS = 10_000;

type Request = ThreadRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never;

/**
 * The thread's script, compiled next to this file. Run from the sources (vitest), the thread
 * runs the compiled one in dist/ instead (Node runs no TypeScript): `npm run build` first, as
 * the tests of the compiled child processes need.
 */
export function branchServiceThreadScript(): URL {
  const beside = new URL('./branch-service-thread-main.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const built = new URL('../dist/main/branch-service-thread-main.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error(
    `The embedded branch service's thread script is missing (${fileURLToPath(beside)}): ` +
      'run `npm run build`, or reinstall the kiosk software.',
  );
}

/** Starts the service in its thread; resolves once it answers on its port. */
export function startBranchServiceThread(
  start: ThreadStart,
  logger: Logger,
): Promise<BranchService> {
  const worker = new Worker(branchServiceThreadScript(), { workerData: start });
  const serviceLog = logger.child({ component: 'branchService' });
  const pending = new Map<
    number,
    { resolve: (rows: unknown[]) => void; reject: (e: Error) => void }
  >();
  let nextId = 1;
  let exited: Error | null = null;
  let up = false;
  /** The thread's served configuration, kept current by its messages. */
  let branchConfig: BranchConfig | null = null;
  let onClosed = () => {};

  const request = <T>(message: Request): Promise<T[]> => {
    if (exited !== null) return Promise.reject(exited);
    const id = nextId++;
    return new Promise<T[]>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
      worker.postMessage({ ...message, id });
    });
  };
  const query = <T>(sql: string, params: readonly unknown[] = [], tx?: number) =>
    request<T>({ type: 'query', sql, params: [...params], ...(tx === undefined ? {} : { tx }) });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      if (exited === null) {
        const closed = new Promise<void>((resolve) => {
          onClosed = resolve;
          worker.once('exit', () => resolve());
        });
        worker.postMessage({ type: 'close' } satisfies ThreadRequest);
        const timer = setTimeout(onClosed, CLOSE_TIMEOUT_MS);
        await closed;
        clearTimeout(timer);
      }
      // Its database is closed (or it would not close): nothing is left to lose.
      await worker.terminate();
    })());

  const db: BranchDatabase = {
    query: (sql, params) => query(sql, params),
    async exec(script) {
      await request({ type: 'exec', script });
    },
    async transaction(work) {
      const [tx] = await request<number>({ type: 'begin' });
      let commit = false;
      try {
        const result = await work({
          query: (sql, params) => query(sql, params, tx),
        } satisfies SqlExecutor);
        commit = true;
        return result;
      } finally {
        await request({ type: 'end', tx: tx!, commit });
      }
    },
    // The database is the service's: closing it closes the service.
    close,
  };

  return new Promise<BranchService>((resolve, reject) => {
    worker.on('message', (raw: unknown) => {
      const message = ThreadMessageSchema.parse(raw);
      switch (message.type) {
        case 'log':
          return forwardLine(serviceLog, message.line);
        case 'up':
          up = true;
          branchConfig = message.branchConfig;
          return resolve({
            url: message.url,
            port: message.port,
            close,
            query,
            db,
            branchConfig: () => branchConfig!,
            reloadBranchConfig: async (trigger) => {
              const [reload] = await request<BranchConfigReload | null>({
                type: 'reload',
                ...(trigger === undefined ? {} : { trigger }),
              });
              return reload ?? null;
            },
          });
        case 'branchConfig':
          branchConfig = message.branchConfig;
          return;
        case 'failed':
          reject(asError(message.error));
          void worker.terminate();
          return;
        case 'result':
        case 'error': {
          const waiting = pending.get(message.id);
          pending.delete(message.id);
          if (message.type === 'result') waiting?.resolve(message.rows);
          else waiting?.reject(asError(message.error));
          return;
        }
        case 'closed':
          return onClosed();
      }
    });
    worker.on('error', (error) => {
      exited ??= error;
      reject(error);
    });
    worker.on('exit', (code) => {
      // Up, and not asked to close: it died (an uncaught error in the service, out of memory).
      if (up && closing === null) {
        logEvent(logger, 'kiosk.branchServiceStopped', {
          reason: exited?.message ?? `exit code ${code}`,
        });
      }
      exited ??= new Error(`The embedded branch service's thread stopped (exit code ${code}).`);
      reject(exited);
      for (const waiting of pending.values()) waiting.reject(exited);
      pending.clear();
    });
  });
}

/** One pino line of the thread, logged again by the kiosk's logger (its language, its file). */
function forwardLine(logger: Logger, line: string): void {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    logger.warn({ line }, 'embedded branch service: a log line that is not JSON');
    return;
  }
  // The thread's own time and bindings are dropped: the kiosk's logger sets its own.
  const { level, time: _time, msg, event, component: _component, ...fields } = record;
  void _time;
  void _component;
  if (typeof event === 'string' && event in TECHNICIAN_EVENTS) {
    logEventRecord(logger, { event: event as TechnicianEvent, fields });
    return;
  }
  const method = typeof level === 'string' && level in logger.levels.values ? level : 'warn';
  (logger[method as 'warn'] as (object: object, msg?: string) => void)(
    event === undefined ? fields : { event, ...fields },
    typeof msg === 'string' ? msg : undefined,
  );
}

function asError({ name, message, code }: ThreadError): Error {
  const error = new Error(message);
  error.name = name;
  if (code !== undefined) Object.assign(error, { code });
  return error;
}
