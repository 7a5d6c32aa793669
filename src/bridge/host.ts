/**
 * The host's side of the bridge: what both shells (Electron IPC, browser-shell WebSocket) need
 * from the kiosk core. The composition root implements it over the session actor.
 */
import type { KioskCommand, KioskView } from './contract.js';

export interface HostBridge {
  /** The view to draw right now. */
  view(): KioskView;
  /** Called on every view change. Returns an unsubscribe. */
  onView(listener: (view: KioskView) => void): () => void;
  /** A validated command from the renderer. */
  dispatch(command: KioskCommand): void;
}
