/**
 * The self-service query feature's effects: each answer comes from a provider over what the
 * kiosk holds (the branch configuration as last synced and when the branch service last
 * confirmed it, the copy of the branch's queue status), so queries work offline and say how
 * old their information is.
 *
 * A branch adds a query by passing one more provider (`createQueryFeature(infra, [...])`):
 * the session, the machine and the screens stay as they are.
 */
import { fromPromise } from 'xstate';
import { logEvent } from '../../src/log/index.js';
import { createTicketLookup } from '../../src/store/index.js';
import { BRANCH_CONFIG_KEY } from '../../src/sync/index.js';
import {
  BUILT_IN_QUERY_PROVIDERS,
  answerWith,
  createQueryMachine,
  queryFlow,
  type QueryProvider,
} from '../../machines/query/index.js';
import type { Feature, Infrastructure } from './feature.js';

export function createQueryFeature(
  infra: Infrastructure,
  providers: readonly QueryProvider[] = BUILT_IN_QUERY_PROVIDERS,
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
  const machine = createQueryMachine(
    providers.map(({ id, label, asks }) => ({ id, label, ...(asks ? { asks } : {}) })),
  );
  const logic = machine.provide({
    actors: {
      answerQuery: fromPromise(async ({ input }) => {
        const provider = byId.get(input.queryId);
        if (!provider) throw new Error(`no provider for query ${input.queryId}`);
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
