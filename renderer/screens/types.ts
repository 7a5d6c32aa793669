import type { KioskCommand, KioskView } from '../../src/bridge/contract.js';
import type { Translate } from '../i18n.js';

/** What every screen gets: the view to draw, a way to send commands, and the catalogue. */
export interface ScreenProps {
  readonly view: KioskView;
  readonly send: (command: KioskCommand) => void;
  readonly t: Translate;
}
