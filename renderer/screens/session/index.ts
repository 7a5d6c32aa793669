/** The session's own screens: attract, the home menu, out of service. */
import type { ScreenMap } from '../types.js';
import { AttractScreen } from './AttractScreen.js';
import { MenuScreen } from './MenuScreen.js';
import { OutOfServiceScreen } from './OutOfServiceScreen.js';

export const sessionScreens: ScreenMap<'attract' | 'menu' | 'outOfService'> = {
  attract: AttractScreen,
  menu: MenuScreen,
  outOfService: OutOfServiceScreen,
};
