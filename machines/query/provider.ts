/**
 * A self-service query provider: what the query flow asks for an answer. A branch adds a query
 * by adding a provider to the feature's list (main/features/query.ts): an id, the catalogue key of
 * its menu label, and a pure function from what the kiosk holds (the synced configuration as of
 * its copy, the store's caches) to a typed answer. The session and the screens do not change:
 * an answer is generic blocks the renderer already draws.
 *
 * Pure: no I/O. The feature gathers the sources; the provider only reads them.
 */
import type { BranchConfig, LocalizedText } from '../../src/contract/sync.js';
import type { MessageKey } from '../../src/i18n/messages.js';
import type { QueueStatusCopy } from '../../src/domain/queue-estimate.js';
import type { Ticket } from '../../src/domain/ticket.js';
import type { TicketLookup } from '../../src/contract/ticket-lookup.js';

/** One block of an answer, in every language (the view picks the customer's). */
export type QueryBlock =
  | {
      readonly kind: 'pairs';
      readonly heading?: LocalizedText;
      readonly pairs: readonly { readonly label: LocalizedText; readonly value: LocalizedText }[];
    }
  | {
      readonly kind: 'table';
      readonly heading?: LocalizedText;
      readonly columns: readonly LocalizedText[];
      readonly rows: readonly (readonly LocalizedText[])[];
    }
  | {
      readonly kind: 'questions';
      readonly heading?: LocalizedText;
      readonly items: readonly {
        readonly question: LocalizedText;
        readonly answer: LocalizedText;
      }[];
    }
  | { readonly kind: 'text'; readonly text: LocalizedText };

/** What the kiosk holds when a customer asks: read offline, from the store's copies. */
export interface QuerySources {
  /** The branch configuration as last synced, or null (never synced, or an unusable copy). */
  readonly config: BranchConfig | null;
  /** When the branch service last confirmed that copy (ISO 8601), or null. */
  readonly configAsOf: string | null;
  /**
   * Any other copy the store's cache holds (e.g. the branch's queue status), by its cache key,
   * with when it was last confirmed. Unchecked: a provider validates it with its own schema.
   */
  readonly cached: (
    key: string,
  ) => { readonly value: unknown; readonly fetchedAt: string } | undefined;
  /**
   * The kiosk's copy of the branch's queue status (this kiosk's newest tickets counted), or
   * null when it holds none. Its `current` says whether the counts may be shown.
   */
  readonly queueStatus: QueueStatusCopy | null;
  /** Today's ticket with this number issued at this kiosk, from its own store, if any. */
  readonly findTicketToday: (number: string) => Ticket | undefined;
  /**
   * The branch service's live answer for the ticket number the customer typed, asked by the
   * feature (an effect, with a short deadline) before the provider runs; absent when the
   * query asks for no number or the kiosk did not ask.
   */
  readonly liveTicket?: LiveTicket;
  readonly now: Date;
}

/** What the branch service said of a ticket number, when the kiosk asked it. */
export type LiveTicket =
  /** Today's ticket of the branch with that number, as the queue has it. */
  | { readonly status: 'found'; readonly ticket: TicketLookup }
  /** The branch has no ticket of that number today (as of `asOf`, the kiosk's clock). */
  | { readonly status: 'unknown'; readonly asOf: string }
  /** No answer in time (offline, too slow, refused, unreadable): the kiosk's own copy only. */
  | { readonly status: 'unavailable' };

/** A provider's answer: its blocks and how old the information is. */
export interface QueryAnswer {
  readonly blocks: readonly QueryBlock[];
  /** When the information was last confirmed by the branch (ISO 8601), or null when unknown. */
  readonly asOf: string | null;
}

/** What the flow shows: an answer, or "this branch does not provide it". */
export type QueryResult =
  | {
      readonly status: 'answered';
      readonly answer: QueryAnswer;
      readonly ageMinutes: number | null;
    }
  | { readonly status: 'unavailable' };

export interface QueryProvider {
  /** Stable id, sent by the menu (CHOOSE_QUERY); at most 64 characters. */
  readonly id: string;
  /** The catalogue key of its menu entry and of its answer's title. */
  readonly label: MessageKey;
  /** What the customer types first, if anything (a ticket number for "my ticket"). */
  readonly asks?: QueryInputKind;
  /** The answer, or null when the kiosk holds nothing to answer with. `input`: what was typed. */
  answer(sources: QuerySources, input: string | null): QueryAnswer | null;
}

/** What a query may ask the customer to type before it answers. */
export type QueryInputKind = 'ticketNumber';

/** The menu entry of a provider, as the flow's machine holds it (no functions in context). */
export interface QueryEntry {
  readonly id: string;
  readonly label: MessageKey;
  readonly asks?: QueryInputKind;
}

/** Asks a provider and says how old the answer's information is. */
export function answerWith(
  provider: QueryProvider,
  sources: QuerySources,
  input: string | null = null,
): QueryResult {
  const answer = provider.answer(sources, input);
  if (answer === null) return { status: 'unavailable' };
  const ageMinutes =
    answer.asOf === null
      ? null
      : Math.max(0, Math.floor((sources.now.getTime() - Date.parse(answer.asOf)) / 60_000));
  return { status: 'answered', answer, ageMinutes };
}
