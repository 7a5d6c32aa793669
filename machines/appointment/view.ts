/** What the customer sees of the appointment check-in flow. Pure. */
import type { SnapshotFrom } from 'xstate';
import { APPOINTMENT_CODE_PATTERN } from '../../src/contract/appointments.js';
import type { FlowScreen } from '../flow.js';
import type { AppointmentMachine } from './machine.js';

export function projectAppointmentFlow(snapshot: SnapshotFrom<AppointmentMachine>): FlowScreen {
  const { context } = snapshot;
  if (snapshot.matches('checkingIn')) {
    return { screen: 'appointmentCheckingIn', prompt: { key: 'appointment.checkingIn' } };
  }
  if (snapshot.matches('found') && context.found) {
    const { found } = context;
    const type = context.businessTypes.find((t) => t.id === found.businessTypeId);
    return {
      screen: 'appointmentFound',
      prompt: { key: 'appointment.found' },
      // A type the kiosk's copy does not know yet: its id, rather than nothing.
      businessTypeName: type ? type.name[context.language] : found.businessTypeId,
      timeSlot: found.timeSlot,
    };
  }
  if (snapshot.matches('noneToday')) {
    const byCard = context.identification !== null;
    return {
      screen: 'appointmentNotFound',
      prompt: { key: byCard ? 'appointment.noneTodayByCard' : 'appointment.noneToday' },
      reason: byCard ? 'noneTodayByCard' : 'noneToday',
    };
  }
  if (snapshot.matches('unreachable')) {
    return {
      screen: 'appointmentNotFound',
      prompt: { key: 'appointment.unreachable' },
      reason: 'unreachable',
    };
  }
  // Entering, and the instant before the session follows the output.
  return {
    screen: 'appointmentCode',
    prompt: { key: 'appointment.enterCode' },
    notice: null,
    input: context.code,
    complete: APPOINTMENT_CODE_PATTERN.test(context.code),
    canUseIdCard: context.idReaderReady && !context.idCardAsked,
  };
}
