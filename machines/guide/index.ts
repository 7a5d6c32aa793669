/** The guide flow as the session registers it: its machine, its view and its menu entry. */
import { registerFlow } from '../flow.js';
import { guideMachine } from './machine.js';
import { projectGuideFlow } from './view.js';

export { assistedPriority, guideMachine, MAX_PIN_LENGTH, MIN_PIN_LENGTH } from './machine.js';
export type {
  CallProgress,
  CallProgressEvent,
  GuideFlowContext,
  GuideFlowEvent,
  GuideFlowInput,
  PinVerdict,
} from './machine.js';
export { projectGuideFlow } from './view.js';

export const GUIDE_FLOW_ID = 'guide';

/** Registers the guide flow with its effects (the composition root provides them). */
export function guideFlow(logic: typeof guideMachine = guideMachine) {
  return registerFlow({
    id: GUIDE_FLOW_ID,
    logic,
    menuLabel: 'menu.callGuide',
    project: projectGuideFlow,
  });
}
