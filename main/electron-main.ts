/**
 * Electron entry: `electron dist/main/electron-main.js`. Wiring only; the window lockdown is in
 * electron-shell.ts and the kiosk itself in kiosk.ts.
 */
import * as electron from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { logEvent } from '../src/log/index.js';
import { electronDeviceKey } from '../src/store/index.js';
import { appendKioskChromiumSwitches } from './chromium-switches.js';
import { createKioskWindow } from './electron-shell.js';
import { startKioskHost } from './kiosk.js';
import {
  createProcessLog,
  reportCrash,
  reportStartFailure,
  type ProcessLog,
} from './process-log.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const { app } = electron;
/** Created once, when the data folder is known (or on a failure before that: stdout only). */
let processLog: ProcessLog | null = null;

// Electron answers an uncaught error with a modal dialog and keeps running, so the service
// manager would never restart a broken kiosk. Log why (the stack in the log file, a sentence on
// the screen) and exit non-zero instead.
const die = (kind: string) => (error: unknown) => {
  reportCrash((processLog ??= createProcessLog()), kind, error);
  app.exit(1);
};
process.on('uncaughtException', die('uncaught exception'));
process.on('unhandledRejection', die('unhandled rejection'));

// The kiosk's Chromium switches, the browser shell's too (main/chromium-switches.ts): Chromium
// reads them when the app starts, so they go in before anything else.
appendKioskChromiumSwitches(app.commandLine);

// One kiosk per terminal: a second start (double-click, service restart race) just quits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(async () => {
    try {
      const config = loadConfig({ file: process.env.KIOSK_CONFIG });
      processLog = createProcessLog({ dataDir: config.dataDir, kioskId: config.kioskId });
      const { logger } = processLog;
      logEvent(logger, 'shell.starting', { shell: 'electron' });
      // A store that cannot open shows the out-of-service screen instead of a restart loop.
      // The personal-data key is kept by the OS credential store where Electron has one.
      const deviceKey = electronDeviceKey(config.dataDir, electron.safeStorage);
      const kiosk = await startKioskHost(config, { logger, deviceKey });
      const shell = createKioskWindow(electron, {
        bridge: kiosk.bridge,
        rendererIndex: path.resolve(here, '../renderer/index.html'),
        preloadPath: path.resolve(here, 'preload.cjs'),
        development: process.env.KIOSK_DEVELOPMENT === '1',
        logger,
      });
      let stopping = false;
      app.on('before-quit', (event) => {
        if (stopping) return;
        stopping = true;
        event.preventDefault();
        shell.close();
        void kiosk.stop().finally(() => {
          processLog?.close();
          app.exit(0);
        });
      });
    } catch (error) {
      // One sentence, then exit non-zero so the service manager restarts us.
      reportStartFailure((processLog ??= createProcessLog()), error);
      app.exit(1);
    }
  });
}
