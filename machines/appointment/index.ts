/** The appointment check-in flow as the session registers it: machine, view and menu entry. */
import { registerFlow } from '../flow.js';
import { appointmentMachine } from './machine.js';
import { projectAppointmentFlow } from './view.js';

export { appointmentMachine, appointmentOutput, IDENTIFY_FLOW, TICKET_FLOW } from './machine.js';
export type {
  AppointmentFlowContext,
  AppointmentFlowEvent,
  AppointmentFlowInput,
  AppointmentMachine,
  CheckInRequest,
  CheckInResult,
} from './machine.js';
export { projectAppointmentFlow } from './view.js';

/** Registers the appointment flow with its effects (the composition root provides them). */
export function appointmentFlow(logic: typeof appointmentMachine = appointmentMachine) {
  return registerFlow({
    id: 'appointment',
    logic,
    menuLabel: 'menu.appointment',
    project: projectAppointmentFlow,
  });
}
