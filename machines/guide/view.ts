/** What the customer (and the guide) sees of the guide flow, one screen per state. Pure. */
import type { SnapshotFrom } from 'xstate';
import type { FlowScreen } from '../flow.js';
import { MAX_PIN_LENGTH, MIN_PIN_LENGTH, type guideMachine } from './machine.js';

const CALLED_HEADLINE = {
  calling: 'guide.calling',
  sent: 'guide.sent',
  queued: 'guide.queued',
  onTheWay: 'guide.onTheWay',
  notSent: 'guide.notSent',
} as const;

export function projectGuideFlow(snapshot: SnapshotFrom<typeof guideMachine>): FlowScreen {
  const { context } = snapshot;
  if (snapshot.matches('enteringPin') || snapshot.matches('verifying')) {
    // Dots only: the length of the PIN, never its digits.
    return {
      screen: 'guidePin',
      prompt: { key: 'guide.pinTitle' },
      notice:
        context.pinNotice === 'wrongPin'
          ? { key: 'guide.wrongPin', params: { count: context.attemptsLeft ?? 0 } }
          : context.pinNotice === 'checkFailed'
            ? { key: 'guide.checkFailed' }
            : null,
      pinLength: context.pin.length,
      maxLength: MAX_PIN_LENGTH,
      canSubmit: snapshot.matches('enteringPin') && context.pin.length >= MIN_PIN_LENGTH,
      checking: snapshot.matches('verifying'),
    };
  }
  if (snapshot.matches('lockedOut')) {
    return {
      screen: 'guideLockedOut',
      prompt: { key: 'guide.lockedOut', params: { seconds: context.lockedSeconds } },
      // The headline says it; a banner repeating it would be read twice.
      notice: null,
      lockedSeconds: context.lockedSeconds,
    };
  }
  if (snapshot.matches('assisted')) {
    return {
      screen: 'guideAssisted',
      prompt: { key: 'guide.assistedTitle' },
      notice: null,
      disability: context.disability,
    };
  }
  // Calling, called (and the instant before the session follows `done`). A stored call is
  // sent, queued while the service cannot be reached, or answered by a guide.
  const status =
    context.callSent === null ? 'calling' : context.callSent ? context.callProgress : 'notSent';
  return {
    screen: 'guideCalled',
    prompt: { key: CALLED_HEADLINE[status] },
    notice: status === 'notSent' ? { key: 'guide.notSent' } : null,
    status,
  };
}
