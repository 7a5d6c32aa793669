// CLI entry of the reference branch service: `node dist/branch-service/main.js`.
// Configuration comes from the environment (see readBranchServiceEnv).
import { readBranchServiceEnv } from './config.js';
import { startBranchService } from './server.js';
import type { BranchService } from './server.js';

async function main(): Promise<void> {
  const env = readBranchServiceEnv(process.env);
  if (env.usingDevKiosk) {
    console.warn(
      [
        '',
        '!!! WARNING: BRANCH_SERVICE_KIOSKS is not set. Accepting ONLY the development kiosk',
        '!!! "kiosk-dev" with the well-known token "dev-token". Never run like this in a branch:',
        '!!! set BRANCH_SERVICE_KIOSKS="kioskId:token,kioskId2:token2".',
        '',
      ].join('\n'),
    );
  }
  if (env.dataDir === undefined) {
    console.warn(
      'Note: BRANCH_SERVICE_DATA is not set; the database is in memory and lost on exit.',
    );
  }
  const service: BranchService = await startBranchService({
    host: env.host,
    port: env.port,
    database: { kind: 'pglite', dataDir: env.dataDir },
    kiosks: env.kiosks,
  });
  console.log(`Branch service listening on ${service.url}`);
  console.log(`Kiosks allowed: ${Object.keys(env.kiosks).join(', ')}`);
  console.log(`Database: ${env.dataDir ?? 'in memory'}`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing in-flight requests and closing the database…`);
    service.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`Shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(`Branch service failed to start: ${(err as Error).message}`);
  process.exitCode = 1;
});
