/**
 * GET /v1/config: the branch's configuration as the service hands it to a kiosk (design.md §6).
 * Part of the sync contract (./sync.ts re-exports it); free of Node and DOM APIs.
 */
import { z } from 'zod';
import { BusinessTypeSchema, LocalizedTextSchema } from '../domain/business-type.js';
import { BranchInfoSchema, FaqSchema, RatesSchema } from './branch-info.js';
import { Identifier, say, type Immutable } from './fields.js';
import { SmsReminderPolicySchema } from './reminder.js';
import { check, type Checked } from './problems.js';

/** A branch offering more queues than this could not show them on one kiosk screen anyway. */
export const MAX_BUSINESS_TYPES = 50;

// ---------------------------------------------------------------------------------------------
// GET /v1/config

/**
 * Business type ids and ticket prefixes are each used once in a configuration. The issue names
 * the second use (`businessTypes[1].prefix`) and the first, so a bank editing its file by hand
 * knows which entry to change.
 */
function noDuplicates(
  types: readonly { readonly id: string; readonly prefix: string }[],
  context: z.RefinementCtx,
): void {
  const firstOf = { id: new Map<string, number>(), prefix: new Map<string, number>() };
  for (const [index, type] of types.entries()) {
    const firstId = firstOf.id.get(type.id);
    if (firstId !== undefined) {
      const message = `must use each id once (business type id ${type.id} appears twice; first at businessTypes[${firstId}])`;
      context.addIssue({ code: 'custom', path: ['businessTypes', index, 'id'], message });
    } else firstOf.id.set(type.id, index);
    const firstPrefix = firstOf.prefix.get(type.prefix);
    if (firstPrefix !== undefined) {
      const message = `must use each ticket prefix once (prefix ${type.prefix} is used twice; first at businessTypes[${firstPrefix}])`;
      context.addIssue({ code: 'custom', path: ['businessTypes', index, 'prefix'], message });
    } else firstOf.prefix.set(type.prefix, index);
  }
}

/** At most this many announcements rotate on the attract screen. */
export const MAX_ANNOUNCEMENTS = 20;

/**
 * The branch's elder-mode policy (design.md §7). Elder mode is offered, never forced.
 *
 * Two age thresholds read the ID card, for two different decisions a branch may set apart:
 * - `elderMode.offerFromAge` (default 65): from this age the kiosk asks once per session
 *   "Switch to larger text and voice?" (machines/identify → the session's offer);
 * - `priorityRules.seniorAge` (default 65): from this age the ticket is a priority one.
 * A branch that serves from 60 first but offers large type only from 70 sets 60 and 70.
 */
export const ElderModePolicySchema = z.object(
  {
    /** Every session timeout is this many times longer in elder mode (1 to 5). */
    timeoutMultiplier: z
      .number({ error: say('must be a number from 1 to 5') })
      .min(1, { error: 'must be a number from 1 to 5' })
      .max(5, { error: 'must be a number from 1 to 5' }),
    /** Voice prompts start on when elder mode is switched on. */
    voiceByDefault: z.boolean({ error: say('must be true or false') }),
    /**
     * From this age an ID card read makes the kiosk offer elder mode (asked once per session,
     * never forced); independent of priorityRules.seniorAge, which gives the priority ticket.
     */
    offerFromAge: z
      .int({ error: say('must be a whole number of years') })
      .min(50, { error: 'must be between 50 and 100' })
      .max(100, { error: 'must be between 50 and 100' }),
  },
  { error: say('must be an object') },
);
export type ElderModePolicy = Immutable<z.infer<typeof ElderModePolicySchema>>;
export const ELDER_MODE_DEFAULTS: ElderModePolicy = {
  timeoutMultiplier: 2,
  voiceByDefault: true,
  offerFromAge: 65,
};
/**
 * Priority rules: a customer whose ID card shows at least `seniorAge` years is a senior (a
 * priority ticket). The elder-mode offer has its own age, ElderModePolicy.offerFromAge.
 */
export const PriorityRulesSchema = z.object(
  {
    seniorAge: z
      .int({ error: say('must be a whole number of years') })
      .min(0, { error: 'must be between 0 and 150' })
      .max(150, { error: 'must be between 0 and 150' }),
  },
  { error: say('must be an object with seniorAge') },
);
export type PriorityRules = Immutable<z.infer<typeof PriorityRulesSchema>>;
export const DEFAULT_PRIORITY_RULES: PriorityRules = { seniorAge: 65 };

/**
 * The abuse guard: one live ticket per ID card per business type. A ticket is live on its
 * service day for `liveMinutes` after it was taken.
 */
export const TicketGuardSchema = z.object(
  {
    liveMinutes: z
      .int({ error: say('must be a whole number of minutes') })
      .min(1, { error: 'must be between 1 and 1440' })
      .max(1440, { error: 'must be between 1 and 1440' }),
  },
  { error: say('must be an object with liveMinutes') },
);
export type TicketGuard = Immutable<z.infer<typeof TicketGuardSchema>>;
export const DEFAULT_TICKET_GUARD: TicketGuard = { liveMinutes: 240 };

/** More counters than this do not fit one branch hall. */
export const MAX_COUNTERS = 100;

/**
 * How the branch names a counter (window) to customers ("3号窗口" / "Counter 3", "贵宾室" /
 * "VIP room"), by the id its counter terminal calls with (`counterId`). A counter the list does
 * not name is shown by a label made from its id (src/i18n/counter-name.ts).
 */
export const CounterNameSchema = z.object(
  { id: Identifier, name: LocalizedTextSchema },
  { error: say('must be an object with an id and a name in zh-CN and en') },
);
export type CounterName = Immutable<z.infer<typeof CounterNameSchema>>;

export const BranchConfigSchema = z
  .object(
    {
      branch: z.object(
        { id: Identifier, name: LocalizedTextSchema },
        { error: say('must be an object with an id and a name in zh-CN and en') },
      ),
      businessTypes: z
        .array(BusinessTypeSchema, { error: say('must be an array') })
        .min(1, { error: 'must list at least one business type' })
        .max(MAX_BUSINESS_TYPES, {
          error: `must list at most ${MAX_BUSINESS_TYPES} business types`,
        }),
      /** Shown in turn on the attract screen; optional. */
      announcements: z
        .array(LocalizedTextSchema, { error: say('must be an array') })
        .max(MAX_ANNOUNCEMENTS, { error: `must list at most ${MAX_ANNOUNCEMENTS} announcements` })
        .optional(),
      /** How elder mode behaves at this branch; optional (ELDER_MODE_DEFAULTS). */
      elderMode: ElderModePolicySchema.optional(),
      /** Who is served first; absent: the defaults (DEFAULT_PRIORITY_RULES). */
      priorityRules: PriorityRulesSchema.optional(),
      /** How long a ticket taken with an ID card blocks a second one for the same queue. */
      ticketGuard: TicketGuardSchema.optional(),
      // Self-service queries (optional: a branch without them offers no such answer).
      branchInfo: BranchInfoSchema.optional(),
      rates: RatesSchema.optional(),
      faq: FaqSchema.optional(),
      /** "Remind me by SMS" after a ticket; absent: the defaults (DEFAULT_SMS_REMINDER). */
      smsReminder: SmsReminderPolicySchema.optional(),
      /** The counters' names for customers; optional (absent: labels made from the ids). */
      counters: z
        .array(CounterNameSchema, { error: say('must be an array') })
        .max(MAX_COUNTERS, { error: `must list at most ${MAX_COUNTERS} counters` })
        .optional(),
    },
    { error: say('must be an object') },
  )
  .superRefine((config, context) => {
    noDuplicates(config.businessTypes, context);
    const ids = new Set<string>();
    for (const counter of config.counters ?? []) {
      if (ids.has(counter.id)) {
        const message = `must name each counter once (counter id ${counter.id} appears twice)`;
        context.addIssue({ code: 'custom', path: ['counters'], message });
      }
      ids.add(counter.id);
    }
  })
  .meta({
    description:
      'Business type ids and ticket prefixes are each used once; each counter is named once.',
  });
export type BranchConfig = Immutable<z.infer<typeof BranchConfigSchema>>;

/** Checks a branch configuration (from the service, the cache, or the service's own options). */
export function checkBranchConfig(value: unknown): Checked<BranchConfig> {
  return check(BranchConfigSchema, value, 'the configuration');
}
