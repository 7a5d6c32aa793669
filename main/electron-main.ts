/**
 * Electron entry: `electron dist/main/electron-main.js`. Wiring only; the window lockdown is in
 * electron-shell.ts and the kiosk itself in kiosk.ts.
 */
import * as electron from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { createKioskWindow } from './electron-shell.js';
import { createKiosk } from './kiosk.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { app } = electron;
const log = (message: string) => console.log(`[kiosk] ${message}`);

// Electron answers an uncaught error with a modal dialog and keeps running, so the service
// manager would never restart a broken kiosk. Log why and exit non-zero instead.
const die = (kind: string) => (error: unknown) => {
  console.error(`[kiosk] ${kind}: ${(error as Error)?.stack ?? String(error)}`);
  app.exit(1);
};
process.on('uncaughtException', die('uncaught exception'));
process.on('unhandledRejection', die('unhandled rejection'));

// One kiosk per terminal: a second start (double-click, service restart race) just quits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(async () => {
    try {
      const config = loadConfig({ file: process.env.KIOSK_CONFIG });
      const kiosk = await createKiosk(config);
      await kiosk.start();
      const shell = createKioskWindow(electron, {
        bridge: kiosk.bridge,
        rendererIndex: path.resolve(here, '../renderer/index.html'),
        preloadPath: path.resolve(here, 'preload.cjs'),
        development: process.env.KIOSK_DEVELOPMENT === '1',
        log,
      });
      let stopping = false;
      app.on('before-quit', (event) => {
        if (stopping) return;
        stopping = true;
        event.preventDefault();
        shell.close();
        void kiosk.stop().finally(() => app.exit(0));
      });
    } catch (error) {
      // Exit non-zero so the service manager restarts us and the technician sees why in the log.
      console.error(`[kiosk] cannot start: ${(error as Error).message}`);
      app.exit(1);
    }
  });
}
