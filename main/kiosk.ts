/**
 * The composition root: it only wires. It builds the shared infrastructure once (config, logger,
 * store, the branch link, the device registry), combines the features, and hosts their flows in
 * the session. Nothing else reaches for globals; no feature logic lives here (main/features/).
 * `stop()` closes every port, timer, server and database handle that `createKiosk` opened.
 */
import type { HostBridge } from '../src/bridge/host.js';
import type { KioskConfig } from '../src/config.js';
import { createLogger, logEvent, logEventRecord, type Logger } from '../src/log/index.js';
import { openStore, storeBootEvents, type KioskStore } from '../src/store/index.js';
import { createBranchLink, type SyncWorker } from '../src/sync/index.js';
import type { BranchService } from '../branch-service/server.js';
import type { ThermalPrinter } from '../devices/printer/index.js';
import type { VirtualPrinter } from '../devices/sim/index.js';
import { createDeviceRegistry, type DeviceRegistry } from './devices.js';
import { startEmbeddedBranchService } from './embedded-branch-service.js';
import { combineFeatures } from './features/feature.js';
import { createTicketFeature } from './features/ticket.js';
import { createQueryFeature } from './features/query.js';
import { createFeedbackFeature } from './features/feedback.js';
import { createSessionHost } from './session-host.js';

export interface KioskOptions {
  /** The process's event logger (src/log); default: stdout. */
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
  /** The embedded branch service, when the configuration asks for one. */
  readonly branchService: BranchService | null;
  /** The simulated printer, when the configuration asks for one: tests and the technician read it. */
  readonly virtualPrinter: VirtualPrinter | null;
  readonly printer: ThermalPrinter;
  /** The device registry: the ID-card reader and its status, the devices' readiness. */
  readonly devices: DeviceRegistry;
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
    const store = openStore({ dataDir: config.dataDir, kioskId: config.kioskId, now });
    stops.push(['store', () => store.close()]);
    for (const report of storeBootEvents(store.boot)) logEventRecord(logger, report);

    // PGlite is loaded only when the configuration asks for the embedded service.
    const branchService =
      config.branchService.kind === 'embedded'
        ? await startEmbeddedBranchService(config, logger)
        : null;
    if (branchService) stops.push(['branch service', () => branchService.close()]);
    const branchServiceUrl =
      config.branchService.kind === 'embedded' ? branchService!.url : config.branchService.url;

    const branch = createBranchLink({
      baseUrl: branchServiceUrl,
      kioskId: config.kioskId,
      token: config.kioskToken,
      store,
      logger,
      syncIntervalMs: config.sync.intervalMs,
      now,
    });
    stops.push(['branch link', () => branch.stop()]);
    const devices = createDeviceRegistry(config, logger);
    stops.push(['devices', () => devices.close()]);

    const infrastructure = { config, logger, now, store, branch, devices };
    const features = combineFeatures([
      createTicketFeature(infrastructure),
      createQueryFeature(infrastructure),
      createFeedbackFeature(infrastructure),
    ]);
    stops.push([
      'features',
      () =>
        features.stop((part, error) =>
          logEvent(logger, 'kiosk.stopFailed', { part, reason: String(error) }),
        ),
    ]);

    const session = createSessionHost({
      flows: features.flows,
      config,
      branch: () => branch.config.current(),
      devices: () => devices.readiness(),
      logger,
      now,
    });
    stops.push(['session', () => session.stop()]);
    stops.push(
      ['configuration listener', branch.config.onChange((c) => session.configUpdated(c))],
      ['device listener', devices.onReadinessChange((r) => session.devicesChanged(r))],
    );

    let started = false;
    return {
      config,
      bridge: session.bridge,
      store,
      sync: branch.sync,
      branchServiceUrl,
      branchService,
      virtualPrinter: devices.virtualPrinter,
      printer: devices.printer,
      devices,
      async start() {
        if (started) return;
        started = true;
        await devices.open();
        await branch.start();
        await features.start();
        session.start();
        logEvent(logger, 'kiosk.started', {
          kiosk: config.kioskId,
          printer: config.printer.kind,
          branchService: config.branchService.kind,
        });
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
