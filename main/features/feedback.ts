/**
 * The feedback feature's effects: a customer's rating and comment stored with its outbox item in
 * one transaction (src/store/feedback.ts), then synced like all customer work. The comment is
 * customer data: it goes to the branch service, never to the log.
 */
import { fromPromise } from 'xstate';
import { logEvent } from '../../src/log/index.js';
import { createFeedbackStore } from '../../src/store/index.js';
import { feedbackFlow, feedbackMachine } from '../../machines/feedback/index.js';
import { afterViewPublished, type Feature, type Infrastructure } from './feature.js';

export function createFeedbackFeature(infra: Infrastructure): Feature {
  const { store, logger } = infra;
  const feedback = store.featureStore(createFeedbackStore);
  const logic = feedbackMachine.provide({
    actors: {
      saveFeedback: fromPromise(async ({ input }) => {
        // "Saving…" is drawn first; the feedback is stored (an fsync) right after.
        await afterViewPublished();
        const stored = feedback.submitFeedback(input);
        logEvent(logger, 'feedback.submitted', {
          feedbackId: stored.id,
          businessTypeId: stored.businessTypeId,
          rating: stored.rating,
          category: stored.category,
        });
      }),
    },
    actions: {
      reportFailure: ({ context }) =>
        logEvent(logger, 'feedback.saveFailed', { reason: context.failure }),
    },
  });
  return { name: 'feedback', flows: [feedbackFlow(logic)] };
}
