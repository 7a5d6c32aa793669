/**
 * The composition root: it only wires. It builds the shared infrastructure once (config, logger,
 * store, the branch link, the device registry), combines the features, and hosts their flows in
 * the session. Nothing else reaches for globals; no feature logic lives here (main/features/).
 * `stop()` closes every port, timer, server and database handle that `createKiosk` opened.
 */
import type { HostBridge } from '../src/bridge/host.js';
import type { KioskConfig } from '../src/config.js';
import { kioskFollowLinks } from '../src/follow-link.js';
import { createLogger, logEvent, logEventRecord, type Logger } from '../src/log/index.js';
import {
  openStore,
  quarantinedItemEvent,
  storeBootEvents,
  storeHealthEvent,
  StoreError,
  type DeviceKeyProvider,
  type KioskStore,
} from '../src/store/index.js';
import { BUNDLED_BRANCH_CONFIG, createBranchLink, type SyncWorker } from '../src/sync/index.js';
import type { BranchService } from '../branch-service/server.js';
import type { ThermalPrinter } from '../devices/printer/index.js';
import type { VirtualPrinter } from '../devices/sim/index.js';
import { createDeviceRegistry, type DeviceRegistry } from './devices.js';
import {
  STARTING_ORIGIN,
  startEmbeddedBranchServiceInBackground,
} from './embedded-branch-service.js';
import { combineFeatures } from './features/feature.js';
import { createTicketFeature } from './features/ticket.js';
import {
  createSwitchableBridge,
  reasonOf,
  RETRIED_STORE_CODES,
  startOutOfServiceHost,
  type OutOfServiceReason,
} from './out-of-service.js';
import { createIdentifyFeature } from './features/identify.js';
import { createQueryFeature } from './features/query.js';
import { createFeedbackFeature } from './features/feedback.js';
import { createGuideFeature } from './features/guide.js';
import { createAppointmentFeature } from './features/appointment.js';
import { createReminderFeature } from './features/reminder.js';
import { createSessionHost } from './session-host.js';

export interface KioskOptions {
  /** The process's event logger (src/log); default: stdout. */
  readonly logger?: Logger;
  /** Clock for tests; default the system clock. */
  readonly now?: () => Date;
  /** Out of service for a disk or folder fault: how often the store is tried again. 30 s. */
  readonly storeRetryMs?: number;
  /**
   * Where the personal-data key lives (issue 7): electron-main passes Electron's safeStorage
   * (electronDeviceKey); default the 0600 key file in the data folder.
   */
  readonly deviceKey?: DeviceKeyProvider;
}

export interface Kiosk {
  readonly config: KioskConfig;
  readonly bridge: HostBridge;
  readonly store: KioskStore;
  readonly sync: SyncWorker;
  /**
   * Where the branch service answers: the configured one, or the embedded one's loopback
   * address (a placeholder origin while it is still starting on port 0).
   */
  readonly branchServiceUrl: string;
  /** The embedded branch service once it is up (null before, and for a remote one). */
  readonly branchService: BranchService | null;
  /** The simulated printer, when the configuration asks for one: tests and the technician read it. */
  readonly virtualPrinter: VirtualPrinter | null;
  readonly printer: ThermalPrinter;
  /** The device registry: the ID-card reader and its status, the devices' readiness. */
  readonly devices: DeviceRegistry;
  /**
   * Opens the devices, starts the features and the session: the attract screen is published
   * and customers are served. The embedded branch service may still be starting (issue 7: it
   * must not hold up the screen); the branch link starts when it is up.
   */
  startInteractive(): Promise<void>;
  /**
   * Resolves when the embedded branch service is up and the kiosk has fetched from it what
   * start could not (configuration, offline numbers, queue status; each bounded as at start).
   * At once for a remote service. Rejects when the embedded service could not start.
   */
  branchServiceUp(): Promise<void>;
  /** startInteractive(), then waits for the embedded branch service. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createKiosk(config: KioskConfig, options: KioskOptions = {}): Promise<Kiosk> {
  const logger = options.logger ?? createLogger({ base: { kiosk: config.kioskId } });
  const now = options.now ?? (() => new Date());
  const stops: Array<[part: string, stop: () => Promise<void> | void]> = [];
  const stopAll = async () => {
    for (const [part, stop] of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        logEvent(logger, 'kiosk.stopFailed', { part, reason: (error as Error).message });
      }
    }
  };

  try {
    // Store first: if it cannot open, nothing else should start.
    const store = openStore({
      dataDir: config.dataDir,
      kioskId: config.kioskId,
      now,
      spaceWatch: {
        minFreeBytes: config.storage.minFreeBytes,
        intervalMs: config.storage.checkIntervalMs,
      },
      personalData: {
        ...(options.deviceKey ? { deviceKey: options.deviceKey } : {}),
        ...(config.privacy ? { purgeAfterMs: config.privacy.purgeAfterMs } : {}),
        onPurged: (report) => logEvent(logger, 'store.personalDataPurged', { ...report }),
        onFailed: (error) =>
          logEvent(logger, 'store.personalDataPurgeFailed', { reason: String(error) }),
      },
    });
    stops.push(['store', () => store.close()]);
    for (const report of storeBootEvents(store.boot)) logEventRecord(logger, report);
    if (store.space.current() !== null) {
      logEventRecord(logger, storeHealthEvent(store.space.health(), config.dataDir));
    }
    stops.push([
      'store reports',
      store.onOutboxQuarantined((item) => logEventRecord(logger, quarantinedItemEvent(item))),
    ]);

    // PGlite is loaded only when the configuration asks for the embedded service, and starts
    // in the background: the link reaches it through its gate (embedded-branch-service.ts).
    const embedded =
      config.branchService.kind === 'embedded'
        ? startEmbeddedBranchServiceInBackground(config, logger)
        : null;
    if (embedded) stops.push(['branch service', () => embedded.close()]);
    const serviceUp = embedded ? embedded.up.then(() => undefined) : Promise.resolve();
    const remoteUrl = config.branchService.kind === 'remote' ? config.branchService.url : null;

    const branch = createBranchLink({
      baseUrl: embedded?.baseUrl ?? remoteUrl!,
      ...(embedded ? { fetch: embedded.fetch } : {}),
      kioskId: config.kioskId,
      token: config.kioskToken,
      store,
      logger,
      syncIntervalMs: config.sync.intervalMs,
      blockedRetryMs: config.sync.blockedRetryMs,
      // A new or emptied store with the service unreachable still offers queues.
      fallbackConfig: BUNDLED_BRANCH_CONFIG,
      now,
    });
    // The link starts once the service answers (at once for a remote one); stop waits for it.
    let linkStarting: Promise<void> | null = null;
    let stopping = false;
    stops.push([
      'branch link',
      async () => {
        stopping = true;
        await linkStarting;
        await branch.stop();
      },
    ]);
    const devices = createDeviceRegistry(config, logger);
    stops.push(['devices', () => devices.close()]);

    // The follow page on the configured public address, else on the branch service's own
    // (the embedded one's once it listens: its port 0 is known only then).
    const followLink = kioskFollowLinks(config, () => {
      if (embedded === null) return remoteUrl;
      const url = embedded.current()?.url ?? embedded.baseUrl;
      return url === STARTING_ORIGIN ? null : url;
    });
    const infrastructure = { config, logger, now, store, branch, devices, followLink };
    const features = combineFeatures([
      createTicketFeature(infrastructure),
      createIdentifyFeature(infrastructure),
      // The home menu in the order: take a ticket, appointment check-in, queries.
      createAppointmentFeature(infrastructure),
      createQueryFeature(infrastructure),
      createFeedbackFeature(infrastructure),
      createGuideFeature(infrastructure),
      createReminderFeature(infrastructure),
    ]);
    stops.push([
      'features',
      () =>
        features.stop((part, error) =>
          logEvent(logger, 'kiosk.stopFailed', { part, reason: String(error) }),
        ),
    ]);

    // The store's readiness rides with the devices': the flows and the notices read one value.
    const readiness = () => ({ ...devices.readiness(), store: store.space.current() });
    const session = createSessionHost({
      flows: features.flows,
      config,
      branch: () => branch.config.current(),
      devices: readiness,
      logger,
      now,
      followLink,
    });
    stops.push(['session', () => session.stop()]);
    stops.push(
      ['configuration listener', branch.config.onChange((c) => session.configUpdated(c))],
      ['device listener', devices.onReadinessChange(() => session.devicesChanged(readiness()))],
      [
        'store listener',
        store.space.onChange((health) => {
          logEventRecord(logger, storeHealthEvent(health, config.dataDir));
          session.devicesChanged(readiness());
        }),
      ],
    );

    let interactive: Promise<void> | null = null;
    const startInteractive = async () => {
      await devices.open();
      if (embedded === null || embedded.current() !== null) {
        linkStarting = branch.start();
        await linkStarting;
        await features.start();
      } else {
        const since = performance.now();
        const featuresStarted = features.start();
        linkStarting = embedded.up
          .then(async (service) => {
            // Where it listens: a technician checking the service by hand needs the (random) port.
            logEvent(logger, 'kiosk.branchServiceUp', {
              url: service.url,
              ms: Math.round(performance.now() - since),
            });
            if (stopping) return;
            await branch.start();
            await featuresStarted;
            if (!stopping) await features.branchServiceUp();
          })
          .catch((error: unknown) =>
            // A feature that failed to start has failed startInteractive() already.
            embedded.current() === null
              ? logEvent(logger, 'kiosk.branchServiceFailed', {
                  reason: (error as Error).message,
                })
              : undefined,
          );
        await featuresStarted;
      }
      session.start();
      logEvent(logger, 'kiosk.started', {
        kiosk: config.kioskId,
        printer: config.printer.kind,
        branchService: config.branchService.kind,
      });
    };
    const kiosk: Kiosk = {
      config,
      bridge: session.bridge,
      store,
      sync: branch.sync,
      get branchServiceUrl() {
        return embedded === null ? remoteUrl! : (embedded.current()?.url ?? embedded.baseUrl);
      },
      get branchService() {
        return embedded?.current() ?? null;
      },
      virtualPrinter: devices.virtualPrinter,
      printer: devices.printer,
      devices,
      startInteractive() {
        interactive ??= startInteractive();
        return interactive;
      },
      async branchServiceUp() {
        await serviceUp;
        await linkStarting;
      },
      async start() {
        try {
          await kiosk.startInteractive();
          await kiosk.branchServiceUp();
        } catch (error) {
          // As when the service was started before the kiosk: nothing is left running.
          await stopAll();
          throw error;
        }
      },
      stop: stopAll,
    };
    return kiosk;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** What a shell serves: the kiosk, or the out-of-service screen when the store cannot open. */
export interface KioskHost {
  /** The same object for the host's life; it follows the kiosk when it comes back in service. */
  readonly bridge: HostBridge;
  /** The running kiosk; null while out of service. */
  readonly kiosk: Kiosk | null;
  /** Why the kiosk is out of service (the store's error code and sentence); null when running. */
  readonly outOfService: OutOfServiceReason | null;
  stop(): Promise<void>;
}

/**
 * Creates and starts the kiosk. When its store refuses to open (StoreError: a database of newer
 * software, a mismatched migration history, an unusable data folder…) the host still starts,
 * showing the out-of-service screen with the technician's message, rather than exiting into a
 * restart loop with nothing on screen. The database is left untouched for the technician. For
 * a disk or folder fault (RETRIED_STORE_CODES) the store is tried again every `storeRetryMs`
 * and the kiosk comes back in service by itself. Any other failure still rejects (the shell
 * reports it and exits).
 */
export async function startKioskHost(
  config: KioskConfig,
  options: KioskOptions = {},
): Promise<KioskHost> {
  const logger = options.logger ?? createLogger({ base: { kiosk: config.kioskId } });
  const start = async (): Promise<Kiosk> => {
    const kiosk = await createKiosk(config, { ...options, logger });
    try {
      // The screen comes up while the embedded branch service may still be starting.
      await kiosk.startInteractive();
    } catch (error) {
      await kiosk.stop();
      throw error;
    }
    return kiosk;
  };
  try {
    const kiosk = await start();
    return { bridge: kiosk.bridge, kiosk, outOfService: null, stop: () => kiosk.stop() };
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    const oos = startOutOfServiceHost({
      reason: reasonOf(error),
      defaultLanguage: config.defaultLanguage,
      logger,
    });
    const switchable = createSwitchableBridge(oos.bridge);
    let kiosk: Kiosk | null = null;
    let stopped = false;
    let attempt: Promise<void> | null = null;
    const retry = RETRIED_STORE_CODES.has(oos.reason.code)
      ? setInterval(() => {
          attempt ??= start()
            .then(async (started) => {
              if (stopped) return started.stop();
              clearInterval(retry!);
              kiosk = started;
              switchable.switchTo(started.bridge);
              logEvent(logger, 'kiosk.backInService', { code: oos.reason.code });
            })
            .catch(() => {
              // Still out of service: the screen and the first event say why.
            })
            .finally(() => {
              attempt = null;
            });
        }, options.storeRetryMs ?? 30_000)
      : null;
    return {
      bridge: switchable.bridge,
      get kiosk() {
        return kiosk;
      },
      get outOfService() {
        return kiosk === null ? oos.reason : null;
      },
      async stop() {
        stopped = true;
        if (retry !== null) clearInterval(retry);
        await attempt;
        await oos.stop();
        await kiosk?.stop();
      },
    };
  }
}
