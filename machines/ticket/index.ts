/** The ticket flow as the session registers it: its machine, its view and its menu entry. */
import { registerFlow } from '../flow.js';
import { ticketMachine } from './machine.js';
import { projectTicketFlow } from './view.js';

export { ticketMachine, toPrintFailure } from './machine.js';
export type {
  LiveTicket,
  ReserveTicketInput,
  PrintFailure,
  PrintFailureReason,
  ReservedTicket,
  TicketFlowContext,
  TicketFlowEvent,
  TicketFlowInput,
  TicketFlowParams,
} from './machine.js';
export { projectTicketFlow } from './view.js';

/** Registers the ticket flow with its effects (the composition root provides them). */
export function ticketFlow(logic: typeof ticketMachine = ticketMachine) {
  return registerFlow({
    id: 'ticket',
    logic,
    menuLabel: 'menu.takeTicket',
    project: projectTicketFlow,
  });
}
