/**
 * The feedback flow as the session registers it. No menu entry: a flow's end screen offers
 * "rate us" and the flow ends with { next: 'flow', flow: 'feedback', params }.
 */
import { registerFlow } from '../flow.js';
import { feedbackMachine } from './machine.js';
import { projectFeedbackFlow } from './view.js';

export { canSubmit, commentOf, feedbackMachine } from './machine.js';
export type {
  FeedbackFlowContext,
  FeedbackFlowEvent,
  FeedbackFlowInput,
  FeedbackFlowParams,
  FeedbackToSave,
} from './machine.js';
export { projectFeedbackFlow } from './view.js';

export const FEEDBACK_FLOW_ID = 'feedback';

export function feedbackFlow(logic: typeof feedbackMachine = feedbackMachine) {
  return registerFlow({ id: FEEDBACK_FLOW_ID, logic, project: projectFeedbackFlow });
}
