/** The ticket feature's screens and its menu entry. */
import { TicketIcon } from '../../components/icons.js';
import type { ScreenMap } from '../types.js';
import { ChooseBusinessTypeScreen } from './ChooseBusinessTypeScreen.js';
import { ConfirmTicketScreen } from './ConfirmTicketScreen.js';
import './ticket.css';
import { PrintingScreen } from './PrintingScreen.js';
import { TicketIssuedScreen } from './TicketIssuedScreen.js';
import { TicketNotPrintedScreen } from './TicketNotPrintedScreen.js';

export const ticketScreens: ScreenMap<
  'chooseBusinessType' | 'confirmTicket' | 'printing' | 'ticketIssued' | 'ticketNotPrinted'
> = {
  chooseBusinessType: ChooseBusinessTypeScreen,
  confirmTicket: ConfirmTicketScreen,
  printing: PrintingScreen,
  ticketIssued: TicketIssuedScreen,
  ticketNotPrinted: TicketNotPrintedScreen,
};

export const ticketMenuEntry = { flow: 'ticket', Icon: TicketIcon, testId: 'take-ticket' } as const;
