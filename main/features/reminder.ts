/**
 * The SMS reminder feature's effects: the customer's request stored with its outbox item in one
 * transaction (src/store/reminder.ts: the phone sealed in both), then synced like all customer
 * work; and the job that removes the phone a while after the branch acknowledged it (the same
 * rule and window as the feedback comment: KioskConfig.privacy.purgeAfterMs). The phone goes to
 * the log only under the field `phone`, which src/log masks.
 */
import { fromPromise } from 'xstate';
import { logEvent } from '../../src/log/index.js';
import { createReminderStore, DEFAULT_PURGE_AFTER_MS } from '../../src/store/index.js';
import { reminderFlow, reminderMachine } from '../../machines/reminder/index.js';
import { afterViewPublished, type Feature, type Infrastructure } from './feature.js';

/** How often the phone purge looks (the feedback comment's purge looks as often). */
export const REMINDER_PURGE_INTERVAL_MS = 10 * 60 * 1000;

export function createReminderFeature(
  infra: Infrastructure,
  options: { readonly purgeIntervalMs?: number } = {},
): Feature {
  const { store, logger, config } = infra;
  const reminders = store.featureStore(createReminderStore);
  const purgeAfterMs = config.privacy?.purgeAfterMs ?? DEFAULT_PURGE_AFTER_MS;
  let timer: NodeJS.Timeout | null = null;

  const purge = () => {
    try {
      const report = reminders.purgePhones(purgeAfterMs);
      if (report.reminderPhones + report.outboxPayloads > 0) {
        logEvent(logger, 'reminder.phonesPurged', { ...report });
      }
    } catch (error) {
      logEvent(logger, 'reminder.purgeFailed', { reason: String(error) });
    }
  };

  const logic = reminderMachine.provide({
    actors: {
      saveReminder: fromPromise(async ({ input }) => {
        // The saving screen is drawn first; the request is stored (an fsync) right after.
        await afterViewPublished();
        const stored = reminders.requestReminder(input);
        logEvent(logger, 'reminder.requested', {
          reminderId: stored.id,
          ticketNumber: stored.ticketNumber,
          phone: stored.phone,
          remindWhenAhead: stored.remindWhenAhead,
        });
      }),
    },
    actions: {
      reportFailure: ({ context }) =>
        logEvent(logger, 'reminder.saveFailed', { reason: context.failure }),
    },
  });

  return {
    name: 'reminder',
    flows: [reminderFlow(logic)],
    start() {
      purge();
      timer = setInterval(purge, options.purgeIntervalMs ?? REMINDER_PURGE_INTERVAL_MS);
      timer.unref();
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };
}
