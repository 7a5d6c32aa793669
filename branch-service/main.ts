// CLI entry of the reference branch service: `node dist/branch-service/main.js`.
// Configuration comes from the environment (see readBranchServiceEnv); events go to stdout as
// pino lines (src/log), their sentences in src/i18n/technician/branch-service.ts.
import { createLogger, logEvent } from '../src/log/index.js';
import { DEV_KIOSK_ID, readBranchServiceEnv } from './config.js';
import { listKiosks } from './credentials.js';
import { databaseFromEnv, describeDatabase } from './env-database.js';
import { DEFAULT_BRANCH } from './defaults.js';
import { startBranchService } from './server.js';
import type { BranchService } from './server.js';

const log = createLogger({ base: { service: 'branch-service' } });

async function main(): Promise<void> {
  const env = readBranchServiceEnv(process.env);
  if (env.dataDir === undefined && env.databaseUrl === undefined) {
    logEvent(log, 'branchService.inMemory', {});
  }
  if (env.branchConfigFile === undefined) {
    logEvent(log, 'branchConfig.sample', {
      branch: DEFAULT_BRANCH.name.en,
      setting: 'BRANCH_SERVICE_BRANCH_CONFIG',
    });
  }
  const service: BranchService = await startBranchService({
    host: env.host,
    port: env.port,
    database: databaseFromEnv(env),
    // Without BRANCH_SERVICE_KIOSKS, the development kiosk only until one is provisioned.
    kiosks: env.usingDevKiosk ? {} : env.kiosks,
    fallbackKiosks: env.usingDevKiosk ? env.kiosks : {},
    logger: log,
    ...(env.branchConfigFile === undefined ? {} : { branchConfigFile: env.branchConfigFile }),
    ...(env.personalDataDays === undefined
      ? {}
      : { retention: { personalDataDays: env.personalDataDays } }),
  });
  const active = (await listKiosks(service.db)).filter((k) => k.revokedAt === null);
  if (active.some((k) => k.kioskId === DEV_KIOSK_ID)) {
    logEvent(log, 'branchService.devKiosk', { kiosk: DEV_KIOSK_ID });
  }
  logEvent(log, 'branchService.listening', {
    url: service.url,
    kiosks: active.map((k) => k.kioskId).join(', '),
    database: describeDatabase(env),
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logEvent(log, 'branchService.stopping', { signal });
    service.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logEvent(log, 'branchService.stopFailed', { reason: (err as Error).message });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // The branch configuration file again, without a restart (kill -HUP <pid>); the outcome is
  // logged by the service (branchConfig.reloaded, .unchanged or .refused).
  process.on('SIGHUP', () => {
    if (env.branchConfigFile === undefined) {
      logEvent(log, 'branchConfig.sample', {
        branch: DEFAULT_BRANCH.name.en,
        setting: 'BRANCH_SERVICE_BRANCH_CONFIG',
      });
      return;
    }
    void service.reloadBranchConfig('SIGHUP');
  });
}

main().catch((err: unknown) => {
  logEvent(log, 'branchService.startFailed', { reason: (err as Error).message });
  process.exitCode = 1;
});
