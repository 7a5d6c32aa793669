/**
 * Electron preload (sandboxed, context-isolated): exposes the bridge, and only the bridge, to the
 * renderer as `window.kioskBridge` (a RendererBridge, src/bridge/contract.ts).
 *
 * A sandboxed preload cannot load our other modules, so the channel names are repeated here;
 * test/host/electron-shell.test.ts checks they equal IPC_CHANNELS.
 */
// A sandboxed preload is CommonJS and can only require('electron'): the ESM form does not apply.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');
import type { KioskCommand, KioskView, RendererBridge } from '../src/bridge/contract.js';

const CHANNELS = { command: 'kiosk:command', view: 'kiosk:view', ready: 'kiosk:ready' } as const;

const bridge: RendererBridge = {
  subscribe(listener: (view: KioskView) => void) {
    const onView = (_event: unknown, view: KioskView) => listener(view);
    electron.ipcRenderer.on(CHANNELS.view, onView);
    void electron.ipcRenderer.invoke(CHANNELS.ready).then((view: KioskView) => listener(view));
    return () => {
      electron.ipcRenderer.removeListener(CHANNELS.view, onView);
    };
  },
  send(command: KioskCommand) {
    electron.ipcRenderer.send(CHANNELS.command, { type: 'command', command });
  },
};

electron.contextBridge.exposeInMainWorld('kioskBridge', bridge);

export = CHANNELS;
