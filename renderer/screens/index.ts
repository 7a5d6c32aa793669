/**
 * Every screen the host can publish, one component each. The type is a map over the contract's
 * `Screen` union: a screen the host can show but no feature draws fails the type check.
 */
import type { Screen } from '../../src/bridge/contract.js';
import { sessionScreens } from './session/index.js';
import { ticketScreens } from './ticket/index.js';
import { identifyScreens } from './identify/index.js';
import { queryScreens } from './query/index.js';
import { feedbackScreens } from './feedback/index.js';
import { guideScreens } from './guide/index.js';
import { appointmentScreens } from './appointment/index.js';
import { reminderScreens } from './reminder/index.js';
import type { ScreenComponent } from './types.js';

export const SCREENS: { readonly [S in Screen]: ScreenComponent<S> } = {
  ...sessionScreens,
  ...ticketScreens,
  ...identifyScreens,
  ...queryScreens,
  ...feedbackScreens,
  ...guideScreens,
  ...appointmentScreens,
  ...reminderScreens,
};
