/** The appointment check-in feature's screens and its menu entry. */
import { ClockIcon } from '../../components/icons.js';
import type { ScreenMap } from '../types.js';
import { AppointmentCheckingInScreen } from './AppointmentCheckingInScreen.js';
import { AppointmentCodeScreen } from './AppointmentCodeScreen.js';
import { AppointmentFoundScreen } from './AppointmentFoundScreen.js';
import { AppointmentNotFoundScreen } from './AppointmentNotFoundScreen.js';
import './appointment.css';

export const appointmentScreens: ScreenMap<
  'appointmentCode' | 'appointmentCheckingIn' | 'appointmentFound' | 'appointmentNotFound'
> = {
  appointmentCode: AppointmentCodeScreen,
  appointmentCheckingIn: AppointmentCheckingInScreen,
  appointmentFound: AppointmentFoundScreen,
  appointmentNotFound: AppointmentNotFoundScreen,
};

export const appointmentMenuEntry = {
  flow: 'appointment',
  Icon: ClockIcon,
  testId: 'appointment',
} as const;
