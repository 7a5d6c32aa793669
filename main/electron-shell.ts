/**
 * The Electron shell, kept thin: a locked-down kiosk window over the host bridge (design.md §3).
 * Every Electron API it uses arrives as a parameter, so test/host/electron-shell.test.ts runs it
 * against a fake `electron` and checks the lockdown without the Electron binary.
 *
 * `kiosk: true` alone is not a lockdown on Linux or Windows: the OS must run this app as its
 * only shell (see README, "Running as the terminal's shell").
 */
import type * as Electron from 'electron';
import { IPC_CHANNELS, parseRendererMessage, type KioskView } from '../src/bridge/contract.js';
import type { HostBridge } from '../src/bridge/host.js';
import { logEvent, type Logger } from '../src/log/index.js';
import { RefusalLog } from './bridge-access.js';

export type ElectronApi = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'ipcMain' | 'powerSaveBlocker' | 'session'
>;

export interface ElectronShellOptions {
  readonly bridge: HostBridge;
  readonly rendererIndex: string;
  readonly preloadPath: string;
  /** Devtools and reload shortcuts stay off unless explicitly developing. */
  readonly development: boolean;
  readonly logger: Logger;
}

export interface ElectronShell {
  readonly window: Electron.BrowserWindow;
  close(): void;
}

/**
 * Loads the renderer. A load interrupted by another (a crash during a reload) rejects with
 * ERR_ABORTED: expected, not a reason to take the kiosk down; anything else is logged.
 */
function loadRenderer(window: Electron.BrowserWindow, file: string, logger: Logger) {
  window.loadFile(file).catch((error: Error & { code?: string }) => {
    if (error.code === 'ERR_ABORTED' || /ERR_ABORTED/.test(error.message)) return;
    logEvent(logger, 'shell.electronLoadFailed', { reason: error.message });
  });
}

const BLOCKED_SHORTCUTS = new Set(['r', 'i', 'j', 'w', 'q', 'f4', 'f5', 'f11', 'f12']);

export function createKioskWindow(
  electron: ElectronApi,
  options: ElectronShellOptions,
): ElectronShell {
  const { BrowserWindow, ipcMain, powerSaveBlocker, session } = electron;
  const blocker = powerSaveBlocker.start('prevent-display-sleep');

  // Refuse every permission (camera, microphone, notifications, geolocation...).
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);

  const window = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: options.development,
      spellcheck: false,
    },
  });
  const contents = window.webContents;

  // No navigation away from the kiosk UI, no new windows.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('before-input-event', (event, input) => {
    if (options.development) return;
    const key = input.key.toLowerCase();
    if (
      (input.control || input.meta || input.alt || key.startsWith('f')) &&
      BLOCKED_SHORTCUTS.has(key)
    ) {
      event.preventDefault();
    }
  });
  // A crashed or hung renderer is reloaded; the host (and the customer's work) lives on.
  contents.on('render-process-gone', (_event, details) => {
    logEvent(options.logger, 'shell.electronRendererGone', { reason: details.reason });
    loadRenderer(window, options.rendererIndex, options.logger);
  });
  window.on('unresponsive', () => {
    logEvent(options.logger, 'shell.electronUnresponsive', {});
    contents.reload();
  });

  // A renderer gone wrong could send a flood: the first few refusals, then a count.
  const refusals = new RefusalLog(options.logger);
  const onCommand = (event: Electron.IpcMainEvent, raw: unknown) => {
    if (event.sender !== contents) return; // only our window may drive the kiosk
    const parsed = parseRendererMessage(raw);
    if (!parsed.ok) {
      refusals.refuse('frame', () =>
        logEvent(options.logger, 'shell.frameRefused', {
          reason: parsed.reason,
          shell: 'electron',
        }),
      );
      return;
    }
    options.bridge.dispatch(parsed.command);
  };
  ipcMain.on(IPC_CHANNELS.command, onCommand);
  ipcMain.handle(IPC_CHANNELS.ready, () => options.bridge.view());
  const unsubscribe = options.bridge.onView((view: KioskView) => {
    if (!contents.isDestroyed()) contents.send(IPC_CHANNELS.view, view);
  });

  loadRenderer(window, options.rendererIndex, options.logger);

  return {
    window,
    close() {
      unsubscribe();
      refusals.flush();
      ipcMain.removeListener(IPC_CHANNELS.command, onCommand);
      ipcMain.removeHandler(IPC_CHANNELS.ready);
      powerSaveBlocker.stop(blocker);
      if (!window.isDestroyed()) window.destroy();
    },
  };
}
