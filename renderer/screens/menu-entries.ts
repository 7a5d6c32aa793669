/**
 * How each flow's menu entry looks: its icon and test id. The host decides which entries the
 * menu offers (view.entries); a flow the contract knows but this map does not fails the type
 * check here.
 */
import type { FlowId } from '../../src/bridge/contract.js';
import type { IconProps } from '../components/icons.js';
import type { ReactElement } from 'react';
import { ticketMenuEntry } from './ticket/index.js';
import { queryMenuEntry } from './query/index.js';
import { guideMenuEntry } from './guide/index.js';
import { appointmentMenuEntry } from './appointment/index.js';

export interface MenuPresentation {
  readonly flow: FlowId;
  readonly Icon: (props: IconProps) => ReactElement;
  readonly testId: string;
}

export const MENU_ENTRIES: { readonly [F in FlowId]: MenuPresentation & { flow: F } } = {
  ticket: ticketMenuEntry,
  query: queryMenuEntry,
  guide: guideMenuEntry,
  appointment: appointmentMenuEntry,
};
