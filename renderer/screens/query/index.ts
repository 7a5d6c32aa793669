/** The self-service query feature's screens and its menu entry. */
import type { ScreenMap } from '../types.js';
import { QueryAnswerScreen } from './QueryAnswerScreen.js';
import { InfoIcon } from '../../components/icons.js';
import { QueryInputScreen } from './QueryInputScreen.js';
import { QueryMenuScreen } from './QueryMenuScreen.js';
import './query.css';

export const queryScreens: ScreenMap<'queryMenu' | 'queryInput' | 'queryAnswer'> = {
  queryMenu: QueryMenuScreen,
  queryInput: QueryInputScreen,
  queryAnswer: QueryAnswerScreen,
};

export const queryMenuEntry = { flow: 'query', Icon: InfoIcon, testId: 'queries' } as const;
