/** The SMS reminder's screens (no menu entry: "remind me by SMS" on the ticket's screen). */
import type { ScreenMap } from '../types.js';
import { ReminderConfirmScreen } from './ReminderConfirmScreen.js';
import { ReminderConsentScreen } from './ReminderConsentScreen.js';
import { ReminderDoneScreen } from './ReminderDoneScreen.js';
import { ReminderPhoneScreen } from './ReminderPhoneScreen.js';
import './reminder.css';

export const reminderScreens: ScreenMap<
  'reminderConsent' | 'reminderPhone' | 'reminderConfirm' | 'reminderDone'
> = {
  reminderConsent: ReminderConsentScreen,
  reminderPhone: ReminderPhoneScreen,
  reminderConfirm: ReminderConfirmScreen,
  reminderDone: ReminderDoneScreen,
};
