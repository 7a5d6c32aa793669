/**
 * Runs inside the embedded branch service's own thread (./branch-service-thread.ts starts it):
 * the reference service on PGlite, which is WebAssembly and runs on the thread that calls it.
 * On the kiosk's main thread an ingest of a sync batch held the event loop for several ms right
 * after a ticket or a guide call, while the customer tapped the next screen (issue 8's tap bar);
 * here it has its own event loop and the kiosk's stays free.
 */
import path from 'node:path';
import { Writable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import type { BranchService } from '../branch-service/server.js';
import type { BranchConfig } from '../src/contract/sync.js';
import type { SqlExecutor } from '../branch-service/db.js';
import { createLogger } from '../src/log/index.js';
import {
  ThreadStartSchema,
  threadError,
  type ThreadMessage,
  type ThreadRequest,
} from './branch-service-thread-protocol.js';

if (parentPort === null) throw new Error('branch-service-thread-main runs only as a worker thread');
const port = parentPort;
const post = (message: ThreadMessage) => port.postMessage(message);
const start = ThreadStartSchema.parse(workerData);

// Every line goes to the kiosk's thread, which logs it with the kiosk's logger (its file, its
// language): the service's lines look as they did when it ran on the main thread.
const toKiosk = new Writable({
  write(chunk: Buffer, _encoding, callback) {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line !== '') post({ type: 'log', line });
    }
    callback();
  },
});
const logger = createLogger({ level: start.logLevel, destination: toKiosk });

/** Open transactions by id: each holds PGlite's one connection until the kiosk ends it. */
const transactions = new Map<number, { tx: SqlExecutor; end: (commit: boolean) => void }>();
/** How each one ended: its commit's outcome. */
const ends = new Map<number, Promise<void>>();
let nextTx = 1;
class RolledBack extends Error {}

async function handle(service: BranchService, request: ThreadRequest): Promise<void> {
  switch (request.type) {
    case 'query': {
      const executor = request.tx === undefined ? service.db : transactions.get(request.tx)?.tx;
      if (executor === undefined) throw new Error(`no open transaction ${request.tx}`);
      post({
        type: 'result',
        id: request.id,
        rows: await executor.query(request.sql, request.params),
      });
      return;
    }
    case 'exec':
      await service.db.exec(request.script);
      post({ type: 'result', id: request.id, rows: [] });
      return;
    case 'begin': {
      const tx = nextTx++;
      let opened = false;
      const done = service.db.transaction(
        (executor) =>
          new Promise<void>((resolve, reject) => {
            opened = true;
            transactions.set(tx, {
              tx: executor,
              end: (commit) => (commit ? resolve() : reject(new RolledBack())),
            });
            post({ type: 'result', id: request.id, rows: [tx] });
          }),
      );
      // Settled by 'end' (its answer says how the commit went); a failed open answers here.
      done.catch((error: unknown) => {
        if (!opened) {
          post({ type: 'error', id: request.id, error: threadError(error) });
        }
      });
      ends.set(tx, done);
      return;
    }
    case 'end': {
      const open = transactions.get(request.tx);
      if (open === undefined) throw new Error(`no open transaction ${request.tx}`);
      transactions.delete(request.tx);
      open.end(request.commit);
      await ends
        .get(request.tx)
        ?.catch((error: unknown) => {
          if (!(error instanceof RolledBack)) throw error;
        })
        .finally(() => ends.delete(request.tx));
      post({ type: 'result', id: request.id, rows: [] });
      return;
    }
    case 'reload': {
      const reload = await service.reloadBranchConfig(request.trigger);
      post({ type: 'result', id: request.id, rows: [reload] });
      return;
    }
    case 'close':
      return;
  }
}

async function main(): Promise<void> {
  let service: BranchService;
  try {
    const { startBranchService, loggingSmsGateway } = await import('../branch-service/server.js');
    service = await startBranchService({
      port: start.port,
      // The branch's own file, re-read when it changes (README, "Configuring a branch").
      ...(start.branchConfigFile === undefined
        ? {}
        : {
            branchConfigFile: start.branchConfigFile,
            onBranchConfig: (branchConfig: BranchConfig) =>
              post({ type: 'branchConfig', branchConfig }),
          }),
      // Kept in the data folder: the kiosk forgets what the service acknowledged, so an
      // in-memory service would lose every ticket on restart.
      database: { kind: 'pglite', dataDir: path.join(start.dataDir, 'branch-service') },
      kiosks: start.kiosks,
      // Warnings and errors only: an info line per applied batch would bury the kiosk's own.
      logger: logger.child({ component: 'branchService' }, { level: 'warn' }),
      // The demo SMS gateway logs each hand-off (phone masked) at info: its only trace.
      smsGateway: loggingSmsGateway(logger.child({ component: 'branchService' })),
    });
  } catch (error) {
    post({ type: 'failed', error: threadError(error) });
    return;
  }
  port.on('message', (request: ThreadRequest) => {
    if (request.type === 'close') {
      port.removeAllListeners('message');
      for (const open of transactions.values()) open.end(false);
      transactions.clear();
      void service.close().finally(() => {
        post({ type: 'closed' });
        port.close();
      });
      return;
    }
    handle(service, request).catch((error: unknown) =>
      post({ type: 'error', id: request.id, error: threadError(error) }),
    );
  });
  post({ type: 'up', url: service.url, port: service.port, branchConfig: service.branchConfig() });
}

void main();
