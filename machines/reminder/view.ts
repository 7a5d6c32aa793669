/** What the customer sees of the SMS reminder flow, one screen per state. Pure. */
import type { SnapshotFrom } from 'xstate';
import { MOBILE_NUMBER_DIGITS } from '../../src/contract/reminder.js';
import type { FlowScreen } from '../flow.js';
import type { reminderMachine } from './machine.js';

export function projectReminderFlow(snapshot: SnapshotFrom<typeof reminderMachine>): FlowScreen {
  const { context } = snapshot;
  const ticketNumber = context.ticket?.ticketNumber ?? '';
  const printed = context.ticket?.printed !== false;
  const remindWhenAhead = context.remindWhenAhead;
  if (snapshot.matches('typingPhone')) {
    return {
      screen: 'reminderPhone',
      prompt: { key: 'reminder.phoneTitle' },
      notice: context.invalidPhone ? { key: 'reminder.invalidPhone' } : null,
      ticketNumber,
      phone: context.phone,
      maxDigits: MOBILE_NUMBER_DIGITS,
      invalid: context.invalidPhone,
    };
  }
  if (snapshot.matches('confirming')) {
    return {
      screen: 'reminderConfirm',
      prompt: { key: 'reminder.confirmTitle' },
      notice: null,
      ticketNumber,
      phone: context.phone,
      remindWhenAhead,
    };
  }
  if (snapshot.matches('saving') || snapshot.matches('saved') || snapshot.matches('notSaved')) {
    const status = snapshot.matches('saving')
      ? ('saving' as const)
      : snapshot.matches('saved')
        ? ('saved' as const)
        : ('notSaved' as const);
    return {
      screen: 'reminderDone',
      prompt: { key: `reminder.${status}` },
      notice: status === 'notSaved' ? { key: 'reminder.notSaved' } : null,
      ticketNumber,
      printed,
      remindWhenAhead,
      status,
    };
  }
  // The consent (and the instant before the session follows `done`).
  return {
    screen: 'reminderConsent',
    prompt: { key: 'reminder.consentTitle' },
    notice: context.ticket === null ? { key: 'reminder.noTicket' } : null,
    ticketNumber,
    remindWhenAhead,
    canAccept: context.ticket !== null,
  };
}
