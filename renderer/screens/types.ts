import type { ReactElement } from 'react';
import type { KioskCommand, Screen, ViewOf } from '../../src/bridge/contract.js';
import type { Translate } from '../i18n.js';

/** What a screen gets: its own view, a way to send commands, and the catalogue. */
export interface ScreenProps<S extends Screen = Screen> {
  readonly view: ViewOf<S>;
  readonly send: (command: KioskCommand) => void;
  readonly t: Translate;
}

export type ScreenComponent<S extends Screen> = (props: ScreenProps<S>) => ReactElement;

/** A feature's screens, one component per screen it owns. */
export type ScreenMap<S extends Screen> = { readonly [K in S]: ScreenComponent<K> };
