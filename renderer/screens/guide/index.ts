/** The guide feature's screens and its menu entry. */
import type { ScreenMap } from '../types.js';
import { GuideAssistedScreen } from './GuideAssistedScreen.js';
import { GuideCalledScreen } from './GuideCalledScreen.js';
import { GuideIcon } from './GuideIcon.js';
import { GuideLockedOutScreen } from './GuideLockedOutScreen.js';
import { GuidePinScreen } from './GuidePinScreen.js';
import './guide.css';

export const guideScreens: ScreenMap<
  'guideCalled' | 'guidePin' | 'guideLockedOut' | 'guideAssisted'
> = {
  guideCalled: GuideCalledScreen,
  guidePin: GuidePinScreen,
  guideLockedOut: GuideLockedOutScreen,
  guideAssisted: GuideAssistedScreen,
};

export const guideMenuEntry = { flow: 'guide', Icon: GuideIcon, testId: 'call-guide' } as const;
