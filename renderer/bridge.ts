/**
 * The renderer's end of the bridge (design.md §2, src/bridge/contract.ts).
 *
 * Two carriers, one shape:
 * - Electron: the preload exposes a `RendererBridge` as `window.kioskBridge`; we use it as is.
 * - Browser shell: a WebSocket to `ws(s)://<host>/bridge?token=<token>`, the per-boot token read
 *   from the page address fragment (`#token=...`). Frames are `RendererMessage` out and
 *   `HostMessage` in. When the socket drops, it reconnects with capped exponential backoff.
 *
 * The client holds only the latest view from the host; it decides nothing. While there is no view
 * (before the first one, and whenever the socket is down) the UI shows a "connecting" screen, and
 * commands are dropped rather than queued: a "take ticket" replayed minutes later would be wrong.
 */
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import { parseHostMessage as parseHostFrame } from '../src/bridge/contract.js';
import type {
  HostMessage,
  KioskCommand,
  KioskView,
  RendererBridge,
  RendererMessage,
} from '../src/bridge/contract.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload (contextBridge); absent in the browser shell. */
    readonly kioskBridge?: RendererBridge;
  }
}

export interface KioskClientState {
  /** The latest view from the host; null while connecting or disconnected. */
  readonly view: KioskView | null;
}

export interface KioskClient {
  getState(): KioskClientState;
  /** For useSyncExternalStore: called on every state change. Returns an unsubscribe. */
  subscribe(onChange: () => void): () => void;
  send(command: KioskCommand): void;
  close(): void;
}

/** Small observable holder shared by both carriers. */
function createStore(): {
  get: () => KioskClientState;
  set: (state: KioskClientState) => void;
  subscribe: (onChange: () => void) => () => void;
} {
  let state: KioskClientState = { view: null };
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set: (next) => {
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe: (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
  };
}

/** Electron: the preload's bridge already carries views and commands over IPC. */
export function createElectronClient(bridge: RendererBridge): KioskClient {
  const store = createStore();
  const unsubscribe = bridge.subscribe((view) => store.set({ view }));
  return {
    getState: store.get,
    subscribe: store.subscribe,
    send: (command) => bridge.send(command),
    close: unsubscribe,
  };
}

export interface WebSocketClientOptions {
  readonly url: string;
  /** First reconnect delay, doubled on every failed attempt up to maxDelayMs. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Injected for tests; defaults to the browser's WebSocket. */
  readonly WebSocketImpl?: typeof WebSocket;
}

/** Validates a host frame against the contract's schema; the host is trusted, the wire is not. */
export function parseHostMessage(data: unknown): HostMessage | null {
  if (typeof data !== 'string') return null;
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = parseHostFrame(frame);
  return parsed.ok ? parsed.message : null;
}

/** Browser shell: a WebSocket that reconnects with backoff until closed. */
export function createWebSocketClient(options: WebSocketClientOptions): KioskClient {
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const WebSocketImpl = options.WebSocketImpl ?? WebSocket;
  const store = createStore();
  let socket: WebSocket | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const scheduleReconnect = (): void => {
    if (closed || retryTimer !== null) return;
    // Exponential backoff with jitter (50–100 % of the step), so a restarted host is not hit by
    // every renderer at once and a host that refuses us (bad token) is not hammered.
    const step = Math.min(maxDelayMs, initialDelayMs * 2 ** attempt);
    const delay = step / 2 + Math.random() * (step / 2);
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  };

  const connect = (): void => {
    if (closed) return;
    let ws: WebSocket;
    try {
      ws = new WebSocketImpl(options.url);
    } catch (error) {
      console.error('bridge: cannot open the socket', error);
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.addEventListener('message', (event: MessageEvent) => {
      if (socket !== ws) return;
      const message = parseHostMessage(event.data);
      if (message === null) {
        console.warn('bridge: ignored a malformed frame from the host');
        return;
      }
      if (message.type === 'error') {
        console.error(`bridge: host reported: ${message.message}`);
        return;
      }
      // Only a view proves the link works end to end (token accepted); reset the backoff then.
      attempt = 0;
      store.set({ view: message.view });
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      // Never keep drawing a stale view (a ticket number, a countdown) while the host is away.
      if (store.get().view !== null) store.set({ view: null });
      scheduleReconnect();
    });
    // An 'error' is always followed by 'close', which does the work.
  };

  connect();

  return {
    getState: store.get,
    subscribe: store.subscribe,
    send: (command) => {
      if (socket === null || socket.readyState !== WebSocketImpl.OPEN || !store.get().view) {
        console.warn(`bridge: not connected, dropped ${command.type}`);
        return;
      }
      const frame: RendererMessage = { type: 'command', command };
      socket.send(JSON.stringify(frame));
    },
    close: () => {
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      const ws = socket;
      socket = null;
      ws?.close();
    },
  };
}

/** The token is in the fragment (never sent to a server, not in logs): `#token=...`. */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token === null || token === '' ? null : token;
}

export function bridgeUrl(loc: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/bridge?token=${encodeURIComponent(token)}`;
}

/** Picks the carrier for this page: Electron's preload bridge if present, else the WebSocket. */
export function createKioskClient(win: Window = window): KioskClient {
  if (win.kioskBridge) return createElectronClient(win.kioskBridge);
  const token = tokenFromHash(win.location.hash);
  if (token === null) {
    console.error('bridge: no #token=... in the page address; the host will refuse the socket');
  }
  return createWebSocketClient({ url: bridgeUrl(win.location, token ?? '') });
}

export const KioskClientContext = createContext<KioskClient | null>(null);

export interface KioskViewHandle {
  /** The view to draw, or null while connecting to the host. */
  readonly view: KioskView | null;
  readonly send: (command: KioskCommand) => void;
}

/** The current view and a way to send commands; re-renders on every view from the host. */
export function useKioskView(): KioskViewHandle {
  const client = useContext(KioskClientContext);
  if (client === null) throw new Error('useKioskView needs a <KioskClientContext> provider');
  const state = useSyncExternalStore(client.subscribe, client.getState);
  const send = useCallback((command: KioskCommand) => client.send(command), [client]);
  return { view: state.view, send };
}
