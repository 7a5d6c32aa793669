/**
 * The self-service query feature's effects: each answer comes from a provider over what the
 * kiosk holds (the branch configuration as last synced and when the branch service last
 * confirmed it, the copy of the branch's queue status), so queries work offline and say how
 * old their information is. A query that asks for a ticket number ("my ticket") first asks the
 * branch service for that ticket's live state, with a short deadline; without an answer the
 * provider tells what the kiosk holds.
 *
 * A ticket's QR code held to the lobby scanner is read here (src/domain/ticket-scan.ts): this
 * kiosk's follow link or a bare number of the branch becomes the number "my ticket" answers for;
 * the machine tells the customer when it is not a ticket of this branch.
 *
 * A branch adds a query by passing one more provider (`createQueryFeature(infra, [...])`):
 * the session, the machine and the screens stay as they are.
 */
import { fromPromise } from 'xstate';
import { logEvent } from '../../src/log/index.js';
import { createTicketLookup } from '../../src/store/index.js';
import { BRANCH_CONFIG_KEY } from '../../src/sync/index.js';
import { asSyncError } from '../../src/sync/errors.js';
import { readScannedTicket } from '../../src/domain/ticket-scan.js';
import {
  BUILT_IN_QUERY_PROVIDERS,
  answerWith,
  createQueryMachine,
  queryFlow,
  type LiveTicket,
  type QueryProvider,
  type ScanReading,
} from '../../machines/query/index.js';
import type { Feature, Infrastructure } from './feature.js';

/**
 * How long a customer waits for the branch's live answer to "my ticket" before the kiosk shows
 * what it holds itself: the screen moves on either way.
 */
export const LIVE_TICKET_TIMEOUT_MS = 1_500;

export interface QueryFeatureOptions {
  /** Default LIVE_TICKET_TIMEOUT_MS. */
  readonly liveTicketTimeoutMs?: number;
}

/** Any ticket id: only the origin of the link the kiosk would print for it is read. */
const PROBE_TICKET = { id: '00000000-0000-7000-8000-000000000000', number: 'A0001' };

/**
 * The origin of this kiosk's follow links as its QR codes carry them now (null while it has
 * none: the embedded branch service not listening yet), from the one function that makes them.
 */
export function followOriginOf(followLink: Infrastructure['followLink']): string | null {
  const link = followLink(PROBE_TICKET);
  return link === '' ? null : new URL(link).origin;
}

export function createQueryFeature(
  infra: Infrastructure,
  providers: readonly QueryProvider[] = BUILT_IN_QUERY_PROVIDERS,
  options: QueryFeatureOptions = {},
): Feature {
  const { store, branch, logger, now } = infra;
  const byId = new Map<string, QueryProvider>();
  for (const provider of providers) {
    if (byId.has(provider.id)) throw new Error(`query "${provider.id}" is registered twice`);
    if (provider.id.length > 64) {
      throw new Error(`query id "${provider.id}" is longer than 64 characters: shorten it`);
    }
    byId.set(provider.id, provider);
  }

  const tickets = store.featureStore(createTicketLookup);
  const findTicketToday = (number: string) => {
    const id = tickets.ticketIdToday(number);
    return id === undefined ? undefined : store.getTicket(id);
  };
  const liveTimeoutMs = options.liveTicketTimeoutMs ?? LIVE_TICKET_TIMEOUT_MS;
  // The branch's answer for a typed number; never throws: a failure is the kiosk's own copy.
  const lookUpLive = async (number: string): Promise<LiveTicket> => {
    try {
      const ticket = await branch.client.lookupTicket(number, liveTimeoutMs);
      return ticket === null
        ? { status: 'unknown', asOf: now().toISOString() }
        : { status: 'found', ticket };
    } catch (error) {
      const failure = asSyncError(error);
      logEvent(logger, 'query.liveTicketUnavailable', {
        code: failure.code,
        reason: failure.message,
      });
      return { status: 'unavailable' };
    }
  };
  // A scanned code: the number "my ticket" answers for, or refused (logged without the text,
  // which may carry a follow token).
  const readScan = (text: string): ScanReading => {
    const scanned = readScannedTicket(text, {
      followOrigin: followOriginOf(infra.followLink),
      prefixes: branch.config.current()?.businessTypes.map((t) => t.prefix) ?? [],
    });
    if (scanned.kind === 'refused') {
      logEvent(logger, 'query.scanRefused', { reason: scanned.reason, length: text.length });
      return { status: 'refused' };
    }
    // This kiosk's own ticket: its record's number, whatever the link says.
    const own = scanned.kind === 'followLink' ? store.getTicket(scanned.ticketId) : undefined;
    const number = own?.number ?? scanned.number;
    if (number === null) {
      logEvent(logger, 'query.scanRefused', { reason: 'noNumber', length: text.length });
      return { status: 'refused' };
    }
    logEvent(logger, 'query.scanRead', { kind: scanned.kind, ownTicket: own !== undefined });
    return { status: 'ticket', number };
  };
  const machine = createQueryMachine(
    providers.map(({ id, label, asks }) => ({ id, label, ...(asks ? { asks } : {}) })),
  );
  const logic = machine.provide({
    actors: {
      readScannedTicket: fromPromise(async ({ input }) => readScan(input.text)),
      answerQuery: fromPromise(async ({ input }) => {
        const provider = byId.get(input.queryId);
        if (!provider) throw new Error(`no provider for query ${input.queryId}`);
        const number = provider.asks === 'ticketNumber' ? input.input : null;
        const liveTicket = number === null ? undefined : await lookUpLive(number);
        return answerWith(
          provider,
          {
            config: branch.config.current(),
            // The copy's age: when the branch service last confirmed it (a 304 counts).
            configAsOf: store.getCachedConfig(BRANCH_CONFIG_KEY)?.fetchedAt ?? null,
            cached: (key) => store.getCachedConfig(key),
            // The branch link's copy, with this kiosk's newest tickets counted.
            queueStatus: branch.queueStatus.copy(),
            findTicketToday,
            ...(liveTicket === undefined ? {} : { liveTicket }),
            now: now(),
          },
          input.input,
        );
      }),
    },
    actions: {
      reportAnswer: ({ context }) => {
        const { query, result } = context;
        if (!query || !result) return;
        if (result.status === 'unavailable') {
          logEvent(logger, 'query.unavailable', { query: query.id });
        } else {
          logEvent(logger, 'query.answered', { query: query.id, ageMinutes: result.ageMinutes });
        }
      },
      reportFailure: ({ context }) =>
        logEvent(logger, 'query.failed', {
          query: context.query?.id ?? null,
          reason: context.failure,
        }),
    },
  });
  return { name: 'query', flows: [queryFlow(logic)] };
}
