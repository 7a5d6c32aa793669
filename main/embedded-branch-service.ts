/**
 * The reference branch service, run in-process on a loopback port for the embedded default. It
 * is imported only when the configuration asks for it, so a kiosk with a remote branch service
 * never loads PGlite (a large WebAssembly PostgreSQL).
 */
import path from 'node:path';
import type { KioskConfig } from '../src/config.js';
import type { Logger } from '../src/log/index.js';
import type { BranchService } from '../branch-service/server.js';

export async function startEmbeddedBranchService(
  config: KioskConfig,
  logger: Logger,
): Promise<BranchService> {
  if (config.branchService.kind !== 'embedded') {
    throw new Error('startEmbeddedBranchService: the configuration names a remote branch service');
  }
  const { startBranchService } = await import('../branch-service/server.js');
  return startBranchService({
    port: config.branchService.port,
    // Kept in the data folder: the kiosk forgets what the service acknowledged, so an
    // in-memory service would lose every ticket on restart.
    database: { kind: 'pglite', dataDir: path.join(config.dataDir, 'branch-service') },
    kiosks: { [config.kioskId]: config.kioskToken },
    // Warnings and errors only: an info line per applied batch would bury the kiosk's own.
    logger: logger.child({ component: 'branchService' }, { level: 'warn' }),
  });
}
