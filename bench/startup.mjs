// 5. Host start → attract screen interactive (issue 7), each start in a process of its own (a
//    kiosk boots once; PGlite's WebAssembly and the module cache are cold): startKioskHost with
//    the embedded branch service on a fresh data folder (the PGlite database loaded from the
//    pre-initialised template), on the same folder again (a restart), and once on a fresh
//    folder with no template anywhere (the first start on a machine, which also writes the
//    template). Timed from the call until it resolves with the attract view published, and on
//    until the embedded service is up (what the screen waited for before).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { round, summarize } from './stats.mjs';
import { withScope } from './scope.mjs';

const CHILD = fileURLToPath(new URL('./startup-child.mjs', import.meta.url));

function startOnce(dataDir, env = {}) {
  const out = execFileSync(process.execPath, [CHILD, dataDir], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  const result = JSON.parse(out.trim().split('\n').at(-1));
  if (result.screen !== 'attract') throw new Error(`the host started on ${result.screen}`);
  return result;
}

const figures = (runs) => ({
  hostStartToAttractMs: summarize(runs.map((r) => r.hostStartToAttractMs)),
  processStartToAttractMs: summarize(runs.map((r) => r.processStartToAttractMs)),
  hostStartToServiceUpMs: summarize(runs.map((r) => r.hostStartToServiceUpMs)),
  serviceUpAtAttract: runs.filter((r) => r.serviceUpAtInteractive).length,
});

export async function benchStartup({ quick, log }) {
  const runs = quick ? 1 : 5;
  return withScope('startup', async (scope) => {
    const { shippedTemplateFile, cachedTemplateFile } =
      await import('../dist/branch-service/pglite-template.js');
    // Makes sure a template exists (the first fresh start writes it into the cache).
    const warm = startOnce(join(scope.tempDir('startup-warm'), 'data'));
    const template = existsSync(shippedTemplateFile())
      ? shippedTemplateFile()
      : cachedTemplateFile();
    if (!existsSync(template)) throw new Error('no PGlite template after a fresh start');
    log(`startup: template ${template}; first start ${Math.round(warm.hostStartToAttractMs)} ms`);

    const fresh = [];
    const restart = [];
    for (let i = 0; i < runs; i++) {
      const dataDir = join(scope.tempDir('startup'), 'data');
      fresh.push(startOnce(dataDir));
      restart.push(startOnce(dataDir));
      log(
        `startup: run ${i + 1}/${runs}: fresh ${Math.round(fresh.at(-1).hostStartToAttractMs)} ms ` +
          `(service up ${Math.round(fresh.at(-1).hostStartToServiceUpMs)} ms), restart ` +
          `${Math.round(restart.at(-1).hostStartToAttractMs)} ms`,
      );
    }

    // No template anywhere: an empty cache folder, and only when none is shipped.
    let noTemplate = null;
    if (!existsSync(shippedTemplateFile())) {
      const cache = scope.tempDir('startup-cache');
      noTemplate = startOnce(join(scope.tempDir('startup-cold'), 'data'), {
        KIOSK_PGLITE_CACHE: cache,
      });
      log(
        `startup: no template: ${Math.round(noTemplate.hostStartToAttractMs)} ms, service up ` +
          `${Math.round(noTemplate.hostStartToServiceUpMs)} ms`,
      );
    }
    return {
      what:
        'startKioskHost(defaultConfig, embedded branch service, no shell) in a new node process ' +
        'per start: call → resolved with the attract view published; → embedded service up',
      targetMs: 1_500,
      template,
      fresh: figures(fresh),
      restart: figures(restart),
      noTemplate:
        noTemplate === null
          ? null
          : {
              hostStartToAttractMs: round(noTemplate.hostStartToAttractMs, 1),
              hostStartToServiceUpMs: round(noTemplate.hostStartToServiceUpMs, 1),
            },
      importMs: summarize(fresh.map((r) => r.importMs)),
    };
  });
}
