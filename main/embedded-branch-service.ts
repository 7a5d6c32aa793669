/**
 * The reference branch service, run in-process on a loopback port for the embedded default. It
 * is imported only when the configuration asks for it, so a kiosk with a remote branch service
 * never loads PGlite (a large WebAssembly PostgreSQL).
 *
 * It starts in the background (issue 7): PGlite's start must not hold up the attract screen.
 * Until it is up, the branch link talks to it through `fetch` below: a customer's number request
 * waits for the service (within the request's own timeout, then the leased block is used), and
 * background work (leases, queue status, configuration, outbox) is answered 503 with
 * Retry-After at once, as a gateway in front of a starting service would, and tries again.
 */
import path from 'node:path';
import type { KioskConfig } from '../src/config.js';
import { logEvent, type Logger } from '../src/log/index.js';
import { readBranchConfigFile } from '../branch-service/branch-config-file.js';
import { DEFAULT_BRANCH } from '../branch-service/defaults.js';
import type { BranchService } from '../branch-service/server.js';

/** The origin the branch link is given while the service's port is not known yet. */
export const STARTING_ORIGIN = 'http://embedded-branch-service.invalid';
/** The one request worth waiting for: a customer is standing at the screen. */
const WAITING_REQUEST = { method: 'POST', path: '/v1/numbers' };

export interface EmbeddedBranchService {
  /** The address the branch link is built with: the configured port's, or STARTING_ORIGIN. */
  readonly baseUrl: string;
  /** The branch link's fetch: to the service once it is up, see above until then. */
  readonly fetch: typeof fetch;
  /** Resolves when the service answers; rejects when it could not start. */
  readonly up: Promise<BranchService>;
  /** The service once it is up, else null. */
  current(): BranchService | null;
  /** Waits for a start in progress, then closes the service. Idempotent. */
  close(): Promise<void>;
}

export function startEmbeddedBranchServiceInBackground(
  config: KioskConfig,
  logger: Logger,
): EmbeddedBranchService {
  if (config.branchService.kind !== 'embedded') {
    throw new Error('startEmbeddedBranchService: the configuration names a remote branch service');
  }
  const { port, branchConfigFile } = config.branchService;
  // Checked now, not in the background: a missing or invalid branch configuration file stops
  // the kiosk at start with the file and each problem named (BranchConfigFileError), instead
  // of a kiosk running offline on the bundled queues with the reason buried in the log.
  if (branchConfigFile !== undefined) readBranchConfigFile(branchConfigFile);
  let service: BranchService | null = null;
  let failure: Error | null = null;
  const up = startEmbeddedBranchService(config, logger).then(
    (started) => (service = started),
    (error: unknown) => {
      failure = error instanceof Error ? error : new Error(String(error));
      throw failure;
    },
  );
  // Whoever awaits `up` hears of a failure; the requests below answer for it too.
  up.catch(() => undefined);

  const gatedFetch = async (input: string | URL | Request, init?: RequestInit) => {
    if (input instanceof Request) throw new TypeError('embedded branch service: pass a URL');
    const url = new URL(String(input));
    const target = (started: BranchService) =>
      fetch(`${started.url}${url.pathname}${url.search}`, init);
    if (service !== null) return target(service);
    if (failure !== null) {
      // As a refused connection: the service is not there.
      throw new TypeError('fetch failed', { cause: failure });
    }
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method !== WAITING_REQUEST.method || url.pathname !== WAITING_REQUEST.path) {
      return new Response(
        JSON.stringify({
          error: 'starting',
          message: 'The embedded branch service is starting; try again in a second.',
        }),
        { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '1' } },
      );
    }
    return target(await untilUp(up, init?.signal ?? undefined));
  };

  return {
    baseUrl: port === 0 ? STARTING_ORIGIN : `http://127.0.0.1:${port}`,
    fetch: gatedFetch as typeof fetch,
    up,
    current: () => service,
    async close() {
      const started = await up.catch(() => null);
      await started?.close();
    },
  };
}

/** The service once up, or the signal's reason as fetch would reject with it. */
function untilUp(up: Promise<BranchService>, signal?: AbortSignal): Promise<BranchService> {
  if (signal === undefined) return up;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    up.then(resolve, (error: unknown) =>
      reject(new TypeError('fetch failed', { cause: error })),
    ).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Starts the service and resolves when it answers. */
export async function startEmbeddedBranchService(
  config: KioskConfig,
  logger: Logger,
): Promise<BranchService> {
  if (config.branchService.kind !== 'embedded') {
    throw new Error('startEmbeddedBranchService: the configuration names a remote branch service');
  }
  const { startBranchService, loggingSmsGateway } = await import('../branch-service/server.js');
  const { branchConfigFile } = config.branchService;
  const serviceLogger = logger.child({ component: 'branchService' }, { level: 'warn' });
  if (branchConfigFile === undefined) {
    logEvent(serviceLogger, 'branchConfig.sample', {
      branch: DEFAULT_BRANCH.name.en,
      setting: 'branchService.branchConfigFile (kiosk configuration)',
    });
  }
  return startBranchService({
    port: config.branchService.port,
    // The branch's own file, re-read when it changes (README, "Configuring a branch").
    ...(branchConfigFile === undefined ? {} : { branchConfigFile }),
    // Kept in the data folder: the kiosk forgets what the service acknowledged, so an
    // in-memory service would lose every ticket on restart.
    database: { kind: 'pglite', dataDir: path.join(config.dataDir, 'branch-service') },
    kiosks: { [config.kioskId]: config.kioskToken },
    // Warnings and errors only: an info line per applied batch would bury the kiosk's own.
    logger: serviceLogger,
    // The demo SMS gateway logs each hand-off (phone masked) at info: the demo's only trace of it.
    smsGateway: loggingSmsGateway(logger.child({ component: 'branchService' })),
  });
}
