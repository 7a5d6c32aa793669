// A whole kiosk from dist/ in a child process whose module loader refuses PGlite: proves which
// branch service configurations load it. argv[2]: 'remote' or 'embedded'. Prints "started" and
// exits 0 when the kiosk started and stopped; exits 1 with the reason otherwise.
import { mkdtempSync, rmSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
      export async function resolve(specifier, context, next) {
        const result = await next(specifier, context);
        if (result.url.includes('/@electric-sql/pglite/')) {
          throw new Error('PGlite was loaded (' + specifier + ' from ' + context.parentURL + ')');
        }
        return result;
      }`),
);

const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-modules-'));
try {
  const { createKiosk } = await import('../../dist/main/kiosk.js');
  const { defaultConfig } = await import('../../dist/src/config.js');
  const { createLogger } = await import('../../dist/src/log/index.js');
  const config = defaultConfig(dir);
  const kiosk = await createKiosk(
    {
      ...config,
      shell: { port: 0, launchBrowser: false },
      branchService:
        process.argv[2] === 'remote'
          ? // Nothing listens there: the kiosk runs on its bundled defaults, as in a branch outage.
            { kind: 'remote', url: 'http://127.0.0.1:9/' }
          : { ...config.branchService, port: 0 },
    },
    { logger: createLogger({ level: 'silent' }) },
  );
  await kiosk.start();
  await kiosk.stop();
  console.log('started');
} catch (error) {
  console.error(String(error?.message ?? error));
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
