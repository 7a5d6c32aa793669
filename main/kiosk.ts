/**
 * The composition root: config → store → branch service → devices → sync → machines → bridge.
 * The one place that creates real things and hands them to the pieces that use them; nothing
 * else reaches for globals. `createKiosk` returns a kiosk that starts and stops cleanly: every
 * port, timer, server and database handle it opened is closed by `stop()`.
 */
import path from 'node:path';
import { createActor, fromPromise, type Actor } from 'xstate';
import type { KioskCommand, KioskView } from '../src/bridge/contract.js';
import type { HostBridge } from '../src/bridge/host.js';
import type { KioskConfig } from '../src/config.js';
import type { Logger } from '../src/log/index.js';
import { branchConfigProblem, type BranchConfig } from '../src/contract/sync.js';
import type { BusinessType, Language } from '../src/domain/business-type.js';
import { ticketQrPayload, type Ticket } from '../src/domain/ticket.js';
import { formatMessage } from '../src/i18n/messages.js';
import { openStore, serviceDayOf, type KioskStore } from '../src/store/index.js';
import { BranchServiceClient, SyncWorker, type SyncResult } from '../src/sync/index.js';
import { startBranchService, type BranchService } from '../branch-service/server.js';
import { PrinterError, ThermalPrinter, type TicketLayout } from '../devices/printer/index.js';
import { VirtualPrinter } from '../devices/sim/index.js';
import {
  createInProcessTransportPair,
  SerialTransport,
  type ByteTransport,
} from '../devices/transport/index.js';
import { sessionMachine } from '../machines/session.js';
import { ticketMachine } from '../machines/ticket.js';
import { toKioskView } from '../machines/view.js';

export interface KioskOptions {
  /** @deprecated Being replaced by `logger` (issue 5); kept until every caller moves. */
  readonly log?: (message: string) => void;
  /** The process's event logger (src/log). */
  readonly logger?: Logger;
  /** Clock for tests; default the system clock. */
  readonly now?: () => Date;
}

export interface Kiosk {
  readonly config: KioskConfig;
  readonly bridge: HostBridge;
  readonly store: KioskStore;
  readonly sync: SyncWorker;
  /** Where the branch service answers (the embedded one's loopback address, or the configured one). */
  readonly branchServiceUrl: string;
  /** The embedded branch service, when the config asks for one. */
  readonly branchService: BranchService | null;
  /** The simulated printer, when the config asks for one: tests and the technician read it. */
  readonly virtualPrinter: VirtualPrinter | null;
  readonly printer: ThermalPrinter;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const BRANCH_CONFIG_KEY = 'branch-config';
const ISSUE_ATTEMPTS = 3;

function cachedBranchConfig(store: KioskStore): BranchConfig | null {
  const cached = store.getCachedConfig(BRANCH_CONFIG_KEY);
  if (!cached || branchConfigProblem(cached.value) !== null) return null;
  return cached.value as BranchConfig;
}

/** The printed ticket, in the customer's language. */
function ticketLayout(
  ticket: Ticket,
  businessType: BusinessType,
  branch: BranchConfig['branch'] | null,
  language: Language,
  qrPayload: string,
  issuedAt: Date,
): TicketLayout {
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    branchName: branch?.name[language] ?? formatMessage(language, 'app.title'),
    businessTypeName: businessType.name[language],
    number: ticket.number,
    waitingAheadText: formatMessage(language, 'ticketIssued.waitingAhead', {
      count: ticket.waitingAhead,
    }),
    issuedAtText: `${issuedAt.getFullYear()}-${pad(issuedAt.getMonth() + 1)}-${pad(issuedAt.getDate())} ${pad(issuedAt.getHours())}:${pad(issuedAt.getMinutes())}`,
    qrPayload,
    footerLines: [formatMessage(language, 'ticketIssued.takeTicket')],
  };
}

export async function createKiosk(config: KioskConfig, options: KioskOptions = {}): Promise<Kiosk> {
  const log =
    options.log ??
    (options.logger
      ? (message: string) => options.logger?.info({ event: 'kiosk.message' }, message)
      : () => {});
  const now = options.now ?? (() => new Date());
  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanUp = async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (error) {
        log(`stop: ${(error as Error).message}`);
      }
    }
  };

  try {
    // Store first: if it cannot open, nothing else should start.
    const store = openStore({ dataDir: config.dataDir, kioskId: config.kioskId, now });
    cleanups.push(() => store.close());
    if (store.boot.corruptFileMovedTo) {
      log(
        `store: the database was unreadable (${store.boot.corruptReason}); it was moved to ${store.boot.corruptFileMovedTo} for recovery and a new one was created`,
      );
    }

    // Only today's: an older one's queue is closed, and repeating it at every boot would bury
    // the news in the log.
    const today = serviceDayOf(now());
    const unissued = store
      .unissuedTickets()
      .filter((t) => serviceDayOf(new Date(t.reservedAt)) === today);
    if (unissued.length > 0) {
      log(
        `store: ${unissued.length} ticket(s) reserved today were never issued (the kiosk stopped between taking the number and recording it): ${unissued.map((t) => `${t.number} at ${t.reservedAt}`).join(', ')}. They may have been printed: check with the lobby guide.`,
      );
    }

    let branchService: BranchService | null = null;
    let branchServiceUrl: string;
    if (config.branchService.kind === 'embedded') {
      branchService = await startBranchService({
        port: config.branchService.port,
        // Kept in the data folder: the kiosk forgets what the service acknowledged, so an
        // in-memory service would lose every ticket on restart.
        database: { kind: 'pglite', dataDir: path.join(config.dataDir, 'branch-service') },
        kiosks: { [config.kioskId]: config.kioskToken },
        logger: {
          info: () => {},
          warn: (m: string) => log(`branch service: ${m}`),
          error: (m: string) => log(`branch service: ${m}`),
        },
      });
      const service = branchService;
      cleanups.push(() => service.close());
      branchServiceUrl = branchService.url;
    } else {
      branchServiceUrl = config.branchService.url;
    }

    const client = new BranchServiceClient({
      baseUrl: branchServiceUrl,
      kioskId: config.kioskId,
      token: config.kioskToken,
      timeoutMs: 5_000,
    });
    // The technician's view of sync, in the log: one line when its state changes (not one per
    // retry), and every rejected item with its reason.
    let lastOutcome: SyncResult['outcome'] = 'idle';
    const reportSync = (result: SyncResult) => {
      if (result.rejected > 0) {
        for (const r of store.outboxRejections(result.rejected)) {
          log(`sync: the branch service rejected ${r.kind} ${r.id}: ${r.reason}`);
        }
      }
      const outcome = result.outcome === 'delivered' ? 'idle' : result.outcome;
      if (outcome === lastOutcome || outcome === 'stopped') return;
      lastOutcome = outcome;
      if (outcome === 'retry-later') {
        log(
          `sync: not delivered (${result.error}); ${result.backlog} item(s) wait in the outbox, retrying`,
        );
      } else if (outcome === 'blocked') {
        log(
          `sync: the branch service refuses this kiosk (${result.error}); ${result.backlog} item(s) wait. Check kioskId/kioskToken and the service address; retrying every few minutes`,
        );
      } else {
        log(`sync: the branch service takes deliveries again (${result.backlog} item(s) waiting)`);
      }
    };
    const sync = new SyncWorker({
      store,
      client,
      pollIntervalMs: config.sync.intervalMs,
      onRun: reportSync,
    });
    cleanups.push(() => sync.stop());

    // Devices.
    let printerTransport: ByteTransport;
    let virtualPrinter: VirtualPrinter | null = null;
    if (config.printer.kind === 'simulated') {
      const [kioskEnd, printerEnd] = createInProcessTransportPair({
        names: ['kiosk→virtual printer', 'virtual printer'],
      });
      printerTransport = kioskEnd;
      virtualPrinter = new VirtualPrinter(printerEnd);
      const vp = virtualPrinter;
      cleanups.push(() => vp.close());
    } else {
      printerTransport = new SerialTransport({
        path: config.printer.path,
        baudRate: config.printer.baudRate,
      });
    }
    const printer = new ThermalPrinter(printerTransport);
    cleanups.push(() => printer.close());

    let branchConfig = cachedBranchConfig(store);

    // Machines, with their effects.
    const ticketFlow = ticketMachine.provide({
      actors: {
        reserveTicket: fromPromise(async ({ input }) => store.reserveTicket(input)),
        printTicket: fromPromise(async ({ input }) => {
          // A printer unplugged earlier may be back: try to reopen before each ticket.
          if (!printerTransport.isOpen) {
            await printer.open().catch((error: Error) => log(`printer: ${error.message}`));
          }
          const layout = ticketLayout(
            input.ticket,
            input.businessType,
            branchConfig?.branch ?? null,
            input.language,
            ticketQrPayload(config.ticketQrBaseUrl, input.ticket),
            now(),
          );
          try {
            await printer.printTicket(layout);
          } catch (error) {
            const reason = error instanceof PrinterError ? error.reason : 'hardwareError';
            log(
              `printer: ticket ${input.ticket.number} not printed (${reason}): ${(error as Error).message}`,
            );
            throw error;
          }
        }),
        // Issuing is idempotent, and a printed ticket is in the customer's hand: a passing
        // failure (database busy, a moment of full disk) is retried before giving up.
        issueTicket: fromPromise(async ({ input }) => {
          for (let attempt = 1; ; attempt++) {
            try {
              return store.issueTicket(input.ticket.id, { delivery: input.delivery });
            } catch (error) {
              if (attempt >= ISSUE_ATTEMPTS) throw error;
              log(
                `store: issuing ticket ${input.ticket.number} failed (${(error as Error).message}); retrying`,
              );
              await new Promise((r) => setTimeout(r, 250 * attempt));
            }
          }
        }),
      },
      actions: {
        reportFailure: ({ context }) =>
          log(
            `ticket flow failed${context.ticket ? ` for ticket ${context.ticket.number} (${context.ticket.id})` : ''}: ${context.failure}. Check the data folder's disk space and the database.`,
          ),
      },
    });
    const machine = sessionMachine.provide({
      actors: { ticketFlow },
      actions: {
        reportFlowError: ({ event }) =>
          log(
            `session: the ticket flow crashed (${String((event as { error?: unknown }).error)}); back to the start screen`,
          ),
      },
    });

    // The view: recomputed on any snapshot of any actor in the system (a child's changes do not
    // emit a parent snapshot), published only when it changed.
    const listeners = new Set<(view: KioskView) => void>();
    let current: KioskView | null = null;
    let currentJson = '';
    let warningStartedAt: number | null = null;
    let warningTicker: ReturnType<typeof setInterval> | null = null;
    let actor: Actor<typeof machine> | null = null;

    const branchName = (): Record<Language, string> =>
      branchConfig?.branch.name ?? {
        'zh-CN': formatMessage('zh-CN', 'app.title'),
        en: formatMessage('en', 'app.title'),
      };

    const publish = () => {
      if (!actor) return;
      const snapshot = actor.getSnapshot();
      const warning = snapshot.matches({ active: { presence: 'warning' } });
      if (warning && warningStartedAt === null) {
        warningStartedAt = Date.now();
        warningTicker = setInterval(publish, 1_000);
      } else if (!warning && warningStartedAt !== null) {
        warningStartedAt = null;
        if (warningTicker) clearInterval(warningTicker);
        warningTicker = null;
      }
      const warningSecondsLeft =
        warningStartedAt === null
          ? null
          : Math.max(
              0,
              Math.ceil((warningStartedAt + config.session.warningMs - Date.now()) / 1_000),
            );
      const view = toKioskView(snapshot, {
        branchName: branchName(),
        warningSecondsLeft,
        qrPayloadFor: (t) => ticketQrPayload(config.ticketQrBaseUrl, t),
      });
      const json = JSON.stringify(view);
      if (json === currentJson) return;
      current = view;
      currentJson = json;
      // One failing shell (a window already gone) must not stop the others or the host.
      for (const listener of listeners) {
        try {
          listener(view);
        } catch (error) {
          log(`bridge: a view listener failed: ${(error as Error).message}`);
        }
      }
    };

    const createSession = () =>
      createActor(machine, {
        input: {
          businessTypes: branchConfig?.businessTypes ?? [],
          defaultLanguage: config.defaultLanguage,
          timeouts: config.session,
        },
        inspect: (event) => {
          if (event.type === '@xstate.snapshot') queueMicrotask(publish);
        },
      });
    cleanups.push(() => {
      if (warningTicker) clearInterval(warningTicker);
      actor?.stop();
    });

    // Configuration from the branch service (business types, branch name), cached in the store
    // so the kiosk serves from the last known list when the service is down.
    let etag = store.getCachedConfig(BRANCH_CONFIG_KEY)?.etag ?? null;
    const refreshConfig = async () => {
      try {
        const result = await client.getConfig(etag);
        if (result.status === 'not-modified') {
          store.touchCachedConfig(BRANCH_CONFIG_KEY);
          return;
        }
        store.cacheConfig(BRANCH_CONFIG_KEY, result.config, result.etag);
        etag = result.etag;
        branchConfig = result.config;
        actor?.send({ type: 'CONFIG_UPDATED', businessTypes: result.config.businessTypes });
        publish();
      } catch (error) {
        log(`config: keeping the cached configuration: ${(error as Error).message}`);
      }
    };
    let configTimer: ReturnType<typeof setInterval> | null = null;
    cleanups.push(() => {
      if (configTimer) clearInterval(configTimer);
    });

    const bridge: HostBridge = {
      view: () => {
        if (!current) publish();
        return current!;
      },
      onView(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      dispatch(command: KioskCommand) {
        actor?.send(command);
      },
    };

    let started = false;
    return {
      config,
      bridge,
      store,
      sync,
      branchServiceUrl,
      branchService,
      virtualPrinter,
      printer,
      async start() {
        if (started) return;
        started = true;
        await virtualPrinter?.open();
        await printer.open().catch((error: Error) => {
          // The kiosk still serves: tickets are shown on screen until the printer is back.
          log(`printer: cannot open (${error.message}); tickets will be shown on screen`);
        });
        await refreshConfig();
        configTimer = setInterval(
          () => void refreshConfig(),
          Math.max(config.sync.intervalMs, 30_000),
        );
        actor = createSession();
        actor.start();
        publish();
        sync.start();
      },
      async stop() {
        listeners.clear();
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
