/**
 * The guide feature's effects: a call for a guide stored with its outbox item (src/store/guide.ts)
 * and synced like all customer work; the staff PIN checked against the configured hash behind
 * the host's lockout (src/staff-pin.ts), every use written to the audit log with its outbox item
 * and told to the technician. The PIN is never logged: only what it came to.
 */
import { createHash } from 'node:crypto';
import { fromPromise } from 'xstate';
import { DEV_GUIDE_PIN_HASH } from '../../src/config.js';
import { logEvent } from '../../src/log/index.js';
import { createGuideStore } from '../../src/store/guide.js';
import { guideFlow, guideMachine, type PinVerdict } from '../../machines/guide/index.js';
import type { Feature, Infrastructure } from './feature.js';
import { createPinLock, PIN_FAILURES_BEFORE_LOCKOUT } from '../../src/staff-pin.js';

/**
 * The abuse-guard key of the tickets a guide takes in one assisted use: SHA-256 of the accepted
 * PIN use's audit id. Not random: the key ties every assisted ticket to the audited unlock that
 * vouched for it (the branch service holds both), and the guard's rule (one live ticket per key
 * per business type) then limits one unlock to one ticket per queue, however often the customer
 * goes back and chooses again. Not the card's key: in assisted mode no card is read, and the
 * audit id carries nothing about the customer.
 */
export function assistKeyFor(acceptedAuditId: string): string {
  return createHash('sha256').update(`guide.assist:${acceptedAuditId}`).digest('hex');
}

export function createGuideFeature(infra: Infrastructure): Feature {
  const { store, logger, config, now } = infra;
  const guide = store.featureStore(createGuideStore);
  // The lock resumes where the audit log left it: a restart does not forgive wrong PINs.
  const lock = createPinLock({
    pinHash: config.guide?.pinHash ?? DEV_GUIDE_PIN_HASH,
    now,
    initial: guide.pinLockState(),
  });

  function verify(pin: string): PinVerdict {
    const attempt = lock.attempt(pin);
    // The audit row first: a use that cannot be audited does not unlock (the flow says so).
    const audit = guide.recordAudit(attempt);
    const fields = { auditId: audit.id, failures: attempt.failures };
    if (attempt.outcome === 'accepted') {
      logEvent(logger, 'guide.pinAccepted', fields);
      return { outcome: 'accepted', assistKey: assistKeyFor(audit.id) };
    }
    if (attempt.outcome === 'rejected') {
      logEvent(logger, 'guide.pinRejected', fields);
      const attemptsLeft =
        PIN_FAILURES_BEFORE_LOCKOUT - (attempt.failures % PIN_FAILURES_BEFORE_LOCKOUT);
      return { outcome: 'rejected', attemptsLeft };
    }
    logEvent(logger, 'guide.lockedOut', { ...fields, lockedUntil: audit.lockedUntil });
    const lockedSeconds = Math.ceil((attempt.lockedUntil.getTime() - now().getTime()) / 1000);
    return { outcome: 'lockedOut', lockedSeconds };
  }

  const logic = guideMachine.provide({
    actors: {
      callGuide: fromPromise(async () => {
        const call = guide.recordCall();
        logEvent(logger, 'guide.called', { callId: call.id });
      }),
      verifyPin: fromPromise(async ({ input }) => verify(input.pin)),
    },
    actions: {
      reportFailure: ({ context }) =>
        logEvent(logger, context.callSent === false ? 'guide.callFailed' : 'guide.checkFailed', {
          reason: context.failure,
        }),
      reportAssistedTicket: () => logEvent(logger, 'guide.assistedTicket', {}),
    },
  });
  return { name: 'guide', flows: [guideFlow(logic)] };
}
