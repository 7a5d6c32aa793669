/**
 * The renderer's end of the bridge (design.md §2, src/bridge/contract.ts).
 *
 * Two carriers, one shape:
 * - Electron: the preload exposes a `RendererBridge` as `window.kioskBridge`; we use it as is.
 * - Browser shell: a WebSocket to `ws://<host>/bridge`. The page address carries a one-time
 *   launch code in its fragment (`#code=...`); the page exchanges it once for an HttpOnly
 *   session cookie (POST /bridge/session) and drops it from the address, and the browser then
 *   presents the cookie on every (re)connection. No secret is ever readable by this script.
 *   Frames are `RendererMessage` out and `HostMessage` in. When the socket drops, it reconnects
 *   with capped exponential backoff.
 *
 * The client holds only the latest view from the host; it decides nothing. While there is no view
 * (before the first one, and whenever the socket is down) the UI shows a "connecting" screen, and
 * commands are dropped rather than queued: a "take ticket" replayed minutes later would be wrong.
 */
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import { parseHostMessage } from '../src/bridge/contract.js';
import type {
  HostMessage,
  KioskCommand,
  KioskView,
  RendererBridge,
  RendererMessage,
} from '../src/bridge/contract.js';
import { equalJitterBackoff } from '../src/backoff.js';

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
  /** The first connection waits for this (the launch code exchange), whatever its outcome. */
  readonly ready?: Promise<unknown>;
}

/**
 * One text frame from the host, as a message: JSON, then the contract's `parseHostMessage`
 * (the host is trusted, the wire is not). Null for anything else.
 */
export function parseHostFrame(data: string): HostMessage | null {
  let frame: unknown;
  try {
    frame = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = parseHostMessage(frame);
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
    // every renderer at once and a host that refuses us (no session) is not hammered.
    const delay = equalJitterBackoff({ initialMs: initialDelayMs, maxMs: maxDelayMs }, attempt);
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
      // The host sends text frames only; a binary one is as malformed as bad JSON.
      const message = typeof event.data === 'string' ? parseHostFrame(event.data) : null;
      if (message === null) {
        console.warn('bridge: ignored a malformed frame from the host');
        return;
      }
      if (message.type === 'error') {
        console.error(`bridge: host reported: ${message.message}`);
        return;
      }
      // Only a view proves the link works end to end (session accepted); reset the backoff then.
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

  if (options.ready) void options.ready.finally(connect);
  else connect();

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

/** The one-time launch code is in the fragment (never sent in a request, not in logs). */
export function launchCodeFromHash(hash: string): string | null {
  const code = new URLSearchParams(hash.replace(/^#/, '')).get('code');
  return code === null || code === '' ? null : code;
}

/** No secret in the socket address: the browser adds the session cookie to the upgrade. */
export function bridgeUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/bridge`;
}

/**
 * Trades the launch code for the session cookie. True when the host accepted it. A refusal is
 * not fatal: a page reloaded after a renderer crash has no code left but still holds the cookie.
 */
export async function exchangeLaunchCode(
  code: string,
  fetchImpl: typeof fetch = fetch,
): Promise<boolean> {
  try {
    const response = await fetchImpl('/bridge/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (!response.ok)
      console.error(`bridge: the host refused the launch code (${response.status})`);
    return response.ok;
  } catch (error) {
    console.error('bridge: cannot reach the host to exchange the launch code', error);
    return false;
  }
}

/** Picks the carrier for this page: Electron's preload bridge if present, else the WebSocket. */
export function createKioskClient(win: Window = window): KioskClient {
  if (win.kioskBridge) return createElectronClient(win.kioskBridge);
  const code = launchCodeFromHash(win.location.hash);
  // Drop the code from the address at once: it is spent, and must not linger in the history.
  if (code !== null) win.history.replaceState(null, '', win.location.pathname);
  return createWebSocketClient({
    url: bridgeUrl(win.location),
    ...(code !== null ? { ready: exchangeLaunchCode(code) } : {}),
  });
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
