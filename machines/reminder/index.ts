/**
 * The SMS reminder flow as the session registers it. No menu entry: the ticket's screen offers
 * "remind me by SMS" and the ticket flow ends with { next: 'flow', flow: 'reminder', params }.
 */
import { registerFlow } from '../flow.js';
import { reminderMachine } from './machine.js';
import { projectReminderFlow } from './view.js';

export { reminderMachine } from './machine.js';
export type {
  ReminderFlowContext,
  ReminderFlowEvent,
  ReminderFlowInput,
  ReminderFlowParams,
  ReminderToSave,
} from './machine.js';
export { projectReminderFlow } from './view.js';

export const REMINDER_FLOW_ID = 'reminder';

export function reminderFlow(logic: typeof reminderMachine = reminderMachine) {
  return registerFlow({ id: REMINDER_FLOW_ID, logic, project: projectReminderFlow });
}
