/** The identify flow as the session registers it: started by another flow, never by the menu. */
import type { LocalizedText } from '../../src/domain/business-type.js';
import { registerFlow } from '../flow.js';
import { identifyMachine } from './machine.js';
import { projectIdentifyFlow } from './view.js';

export { IDENTIFY_TIMEOUTS, IdentifyParamsSchema, identifyMachine } from './machine.js';
export type {
  CardSummary,
  IdentifyFlowContext,
  IdentifyFlowEvent,
  IdentifyFlowInput,
  IdentifyParams,
  IdentifyResult,
  ReaderEvent,
} from './machine.js';
export { projectIdentifyFlow } from './view.js';

/** The flow id other flows name in their output to read the customer's ID card. */
export const IDENTIFY_FLOW_ID = 'identify';

/**
 * Registers the identify flow with its effects (the composition root provides them) and where
 * this terminal's reader is (the kiosk configuration's `idReader.placementHint`), if said.
 */
export function identifyFlow(
  logic: typeof identifyMachine = identifyMachine,
  options: { readonly placementHint?: LocalizedText } = {},
) {
  return registerFlow({
    id: IDENTIFY_FLOW_ID,
    logic,
    project: (snapshot) => projectIdentifyFlow(snapshot, options.placementHint),
  });
}
