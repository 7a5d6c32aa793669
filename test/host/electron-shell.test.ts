/**
 * The Electron shell against a fake `electron`: the binary cannot be downloaded here, and the
 * lockdown is what matters (design.md §3): kiosk window, isolation, sandbox, no navigation, no
 * new windows, no permissions, only our window may drive the kiosk, crashed renderer reloaded.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import {
  IPC_CHANNELS,
  type KioskCommand,
  type KioskView,
  type RendererBridge,
} from '../../src/bridge/contract.js';
import type { HostBridge } from '../../src/bridge/host.js';
import { createMemoryLog } from '../../src/log/index.js';
import { createKioskWindow, type ElectronApi } from '../../main/electron-shell.js';

const VIEW = { screen: 'attract' } as KioskView;

function fakeElectron() {
  const windows: FakeWindow[] = [];
  class FakeContents extends EventEmitter {
    sent: Array<[string, unknown]> = [];
    openHandler: (() => { action: string }) | null = null;
    reloads = 0;
    destroyed = false;
    setWindowOpenHandler(handler: () => { action: string }) {
      this.openHandler = handler;
    }
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
    }
    isDestroyed() {
      return this.destroyed;
    }
    reload() {
      this.reloads++;
    }
  }
  class FakeWindow extends EventEmitter {
    webContents = new FakeContents();
    loaded: string[] = [];
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    /** Set to make the next load fail as Electron does when a load is interrupted. */
    nextLoadError: Error | null = null;
    loadFile(file: string) {
      this.loaded.push(file);
      const error = this.nextLoadError;
      this.nextLoadError = null;
      return error ? Promise.reject(error) : Promise.resolve();
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  const ipcMain = Object.assign(new EventEmitter(), {
    handlers: new Map<string, () => unknown>(),
    handle(channel: string, fn: () => unknown) {
      this.handlers.set(channel, fn);
    },
    removeHandler(channel: string) {
      this.handlers.delete(channel);
    },
  });
  type Handler = (...args: unknown[]) => unknown;
  const permissions: { request?: Handler; check?: Handler } = {};
  const blockers = { started: [] as string[], stopped: [] as number[] };
  const electron = {
    app: {},
    BrowserWindow: FakeWindow,
    ipcMain,
    powerSaveBlocker: {
      start: (type: string) => (blockers.started.push(type), 7),
      stop: (id: number) => void blockers.stopped.push(id),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Handler) => void (permissions.request = fn),
        setPermissionCheckHandler: (fn: Handler) => void (permissions.check = fn),
      },
    },
  };
  return { electron: electron as unknown as ElectronApi, windows, ipcMain, permissions, blockers };
}

function fakeBridge() {
  const listeners = new Set<(view: KioskView) => void>();
  const dispatched: KioskCommand[] = [];
  const bridge: HostBridge = {
    view: () => VIEW,
    onView: (l) => (listeners.add(l), () => listeners.delete(l)),
    dispatch: (c) => void dispatched.push(c),
  };
  return { bridge, listeners, dispatched };
}

function open(development = false) {
  const fake = fakeElectron();
  const { bridge, listeners, dispatched } = fakeBridge();
  const log = createMemoryLog();
  const shell = createKioskWindow(fake.electron, {
    bridge,
    rendererIndex: '/app/dist/renderer/index.html',
    preloadPath: '/app/dist/main/preload.cjs',
    development,
    logger: log.logger,
  });
  const win = fake.windows[0]!;
  return { ...fake, shell, win, listeners, dispatched, log };
}

describe('Electron shell (fake electron)', () => {
  it('opens one locked-down kiosk window with the preload and the built renderer', () => {
    const { win, blockers, permissions } = open();
    expect(win.options).toMatchObject({ kiosk: true, frame: false });
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: false,
    });
    expect(win.loaded).toEqual(['/app/dist/renderer/index.html']);
    expect(blockers.started).toEqual(['prevent-display-sleep']);
    const callback = vi.fn();
    permissions.request!(null, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(permissions.check!()).toBe(false);
  });

  it('refuses navigation, new windows and reload/devtools shortcuts', () => {
    const { win } = open();
    const nav = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.preventDefault).toHaveBeenCalled();
    expect(win.webContents.openHandler!()).toEqual({ action: 'deny' });
    for (const input of [
      { key: 'r', control: true },
      { key: 'I', control: true, shift: true },
      { key: 'F5' },
      { key: 'F12' },
      { key: 'F4', alt: true },
    ]) {
      const event = { preventDefault: vi.fn() };
      win.webContents.emit('before-input-event', event, {
        control: false,
        meta: false,
        alt: false,
        ...input,
      });
      expect(event.preventDefault, JSON.stringify(input)).toHaveBeenCalled();
    }
    const typing = { preventDefault: vi.fn() };
    win.webContents.emit('before-input-event', typing, {
      key: 'a',
      control: false,
      meta: false,
      alt: false,
    });
    expect(typing.preventDefault).not.toHaveBeenCalled();
  });

  it('carries the bridge over IPC: views out, validated commands in, only from our window', async () => {
    const { win, ipcMain, listeners, dispatched, log } = open();
    expect(await ipcMain.handlers.get(IPC_CHANNELS.ready)!()).toBe(VIEW);
    for (const l of listeners) l({ ...VIEW, screen: 'menu', entries: [] });
    expect(win.webContents.sent).toEqual([
      [IPC_CHANNELS.view, { ...VIEW, screen: 'menu', entries: [] }],
    ]);

    ipcMain.emit(
      IPC_CHANNELS.command,
      { sender: win.webContents },
      { type: 'command', command: { type: 'START' } },
    );
    ipcMain.emit(
      IPC_CHANNELS.command,
      { sender: {} },
      { type: 'command', command: { type: 'FINISH' } },
    );
    ipcMain.emit(
      IPC_CHANNELS.command,
      { sender: win.webContents },
      { type: 'command', command: { type: 'FORMAT_DISK' } },
    );
    expect(dispatched).toEqual([{ type: 'START' }]);
    expect(log.named('shell.frameRefused')).toEqual([
      expect.objectContaining({ reason: expect.stringContaining('unknown type "FORMAT_DISK"') }),
    ]);
  });

  it('logs the first refused frames, then one count for the rest', () => {
    const { win, ipcMain, shell, log, dispatched } = open();
    for (let i = 0; i < 50; i++) {
      ipcMain.emit(
        IPC_CHANNELS.command,
        { sender: win.webContents },
        { type: 'command', command: { type: 'FORMAT_DISK' } },
      );
    }
    expect(dispatched).toEqual([]);
    expect(log.named('shell.frameRefused')).toHaveLength(5);
    shell.close();
    expect(log.named('shell.refusalsSuppressed')).toEqual([
      expect.objectContaining({ kind: 'frame', count: 45 }),
    ]);
  });

  it('takes an interrupted reload in its stride, and logs a load that really failed', async () => {
    const { win, log } = open();
    win.nextLoadError = Object.assign(new Error('ERR_ABORTED (-3) loading file'), {
      code: 'ERR_ABORTED',
    });
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    win.nextLoadError = new Error('ERR_FILE_NOT_FOUND (-6)');
    win.webContents.emit('render-process-gone', {}, { reason: 'oom' });
    await new Promise((r) => setTimeout(r, 0));
    expect(log.named('shell.electronLoadFailed')).toEqual([
      expect.objectContaining({ reason: expect.stringContaining('ERR_FILE_NOT_FOUND') }),
    ]);
  });

  it('reloads a crashed or hung renderer', () => {
    const { win, log } = open();
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(win.loaded).toHaveLength(2);
    win.emit('unresponsive');
    expect(win.webContents.reloads).toBe(1);
    expect(log.named('shell.electronRendererGone')).toEqual([
      expect.objectContaining({ reason: 'crashed' }),
    ]);
    expect(log.named('shell.electronUnresponsive')).toHaveLength(1);
  });

  it('closes everything it opened', () => {
    const { shell, win, ipcMain, listeners, blockers } = open();
    shell.close();
    expect(listeners.size).toBe(0);
    expect(ipcMain.listenerCount(IPC_CHANNELS.command)).toBe(0);
    expect(ipcMain.handlers.size).toBe(0);
    expect(blockers.stopped).toEqual([7]);
    expect(win.destroyed).toBe(true);
  });
});

describe('Electron preload (fake electron)', () => {
  it('exposes only the bridge, on the contract channels', async () => {
    const exposed = new Map<string, unknown>();
    const ipcRenderer = Object.assign(new EventEmitter(), {
      sent: [] as Array<[string, unknown]>,
      send(channel: string, payload: unknown) {
        this.sent.push([channel, payload]);
      },
      invoke: vi.fn(async () => VIEW),
    });
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (k: string, v: unknown) => exposed.set(k, v) },
      ipcRenderer,
    };
    // The preload is CommonJS for Electron's sandbox: compile it as such and run it with a
    // `require` that knows only 'electron', exactly what a sandboxed preload may load.
    const source = readFileSync(
      path.resolve(import.meta.dirname, '../../main/preload.cts'),
      'utf8',
    );
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    const module = { exports: {} as unknown };
    const fakeRequire = (name: string) => {
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return fakeElectron;
    };
    new Function('require', 'module', 'exports', outputText)(fakeRequire, module, module.exports);
    const channels = module.exports;
    expect([...exposed.keys()]).toEqual(['kioskBridge']);
    expect(channels).toEqual(IPC_CHANNELS);

    const bridge = exposed.get('kioskBridge') as RendererBridge;
    const views: KioskView[] = [];
    const unsubscribe = bridge.subscribe((v) => views.push(v));
    await Promise.resolve();
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CHANNELS.ready);
    ipcRenderer.emit(IPC_CHANNELS.view, {}, { ...VIEW, screen: 'menu', entries: [] });
    expect(views.map((v) => v.screen)).toEqual(['attract', 'menu']);
    unsubscribe();
    expect(ipcRenderer.listenerCount(IPC_CHANNELS.view)).toBe(0);
    bridge.send({ type: 'START_FLOW', flow: 'ticket' });
    expect(ipcRenderer.sent).toEqual([
      [IPC_CHANNELS.command, { type: 'command', command: { type: 'START_FLOW', flow: 'ticket' } }],
    ]);
  });
});
