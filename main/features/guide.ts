/**
 * The guide feature's effects: a call for a guide stored with its outbox item (src/store/guide.ts)
 * and synced like all customer work; the staff PIN checked against the configured hash behind
 * the host's lockout (src/staff-pin.ts), every use written to the audit log with its outbox item
 * and told to the technician. The PIN is never logged: only what it came to.
 */
import { createHash } from 'node:crypto';
import { fromCallback, fromPromise } from 'xstate';
import { DEV_GUIDE_PIN_HASH } from '../../src/config.js';
import { logEvent } from '../../src/log/index.js';
import { createGuideStore } from '../../src/store/guide.js';
import {
  guideFlow,
  guideMachine,
  type CallProgress,
  type CallProgressEvent,
  type PinVerdict,
} from '../../machines/guide/index.js';
import type { BranchServiceClient } from '../../src/sync/client.js';
import { afterViewPublished, type Feature, type Infrastructure } from './feature.js';
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

/** How often the waiting customer's call is looked up at the branch service. */
export const GUIDE_CALL_POLL_MS = 2_000;

/**
 * Follows one stored call at the branch service: a guide's acknowledgement → 'onTheWay' (then
 * it stops: nothing the customer is told changes after that); the service holding the call, or
 * not yet (404: the outbox delivers it) → 'sent'; the service unreachable or refusing →
 * 'queued' (the call is in the outbox and will be delivered). Only changes are sent back.
 */
function followCall(
  client: BranchServiceClient,
  callId: string,
  sendBack: (event: CallProgressEvent) => void,
  onAcknowledged: (guideId: string) => void,
): () => void {
  let told: CallProgress = 'sent';
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const tell = (progress: CallProgress) => {
    if (progress === told || stopped) return;
    told = progress;
    sendBack({ type: 'CALL_PROGRESS', progress });
  };
  const poll = async () => {
    timer = null;
    try {
      const call = await client.getGuideCall(callId, GUIDE_CALL_POLL_MS);
      if (call !== null && call.acknowledgedBy !== null) {
        if (!stopped) onAcknowledged(call.acknowledgedBy);
        tell('onTheWay');
        return;
      }
      tell('sent');
      // Closed without an answer (the customer had gone): nothing more to follow.
      if (call?.state === 'closed') return;
    } catch {
      tell('queued');
    }
    if (!stopped) timer = setTimeout(() => void poll(), GUIDE_CALL_POLL_MS);
  };
  void poll();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
  };
}

export function createGuideFeature(infra: Infrastructure): Feature {
  const { store, logger, config, now, branch } = infra;
  const guide = store.featureStore(createGuideStore);
  // The lock resumes where the audit log left it: a restart does not forgive wrong PINs.
  const lock = createPinLock({
    pinHash: config.guide?.pinHash ?? DEV_GUIDE_PIN_HASH,
    now,
    initial: guide.pinLockState(),
  });

  async function verify(pin: string): Promise<PinVerdict> {
    const attempt = await lock.attempt(pin);
    // The audit row first: a use that cannot be audited does not unlock (the flow says so).
    const audit = guide.recordAudit(attempt);
    const fields = { auditId: audit.id, failures: attempt.failures };
    if (attempt.outcome === 'accepted') {
      logEvent(logger, 'guide.pinAccepted', fields);
      return { outcome: 'accepted', assistKey: assistKeyFor(audit.id), auditId: audit.id };
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
        // "Calling a guide…" is drawn first; the call is stored (an fsync) right after.
        await afterViewPublished();
        const call = guide.recordCall();
        logEvent(logger, 'guide.called', { callId: call.id });
        return { callId: call.id };
      }),
      watchCall: fromCallback<CallProgressEvent, { callId: string }>(({ input, sendBack }) =>
        followCall(branch.client, input.callId, sendBack, (guideId) =>
          logEvent(logger, 'guide.acknowledged', { callId: input.callId, guideId }),
        ),
      ),
      verifyPin: fromPromise(async ({ input }) => verify(input.pin)),
    },
    actions: {
      reportFailure: ({ context }) =>
        logEvent(logger, context.callSent === false ? 'guide.callFailed' : 'guide.checkFailed', {
          reason: context.failure,
        }),
      reportAssistedTicket: ({ context }) =>
        logEvent(logger, 'guide.assistedTicket', {
          priority: context.disability ? 'disability' : 'senior',
          auditId: context.unlockAuditId,
        }),
      reportDisabilityFlag: ({ context }) =>
        logEvent(logger, 'guide.disabilityFlag', {
          disability: context.disability,
          auditId: context.unlockAuditId,
        }),
    },
  });
  return { name: 'guide', flows: [guideFlow(logic)] };
}
