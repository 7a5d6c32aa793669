/** What the query machine's tests share: a query chosen and answered at once by its provider. */
import { createActor, fromPromise } from 'xstate';
import type { QueryFlowInput, QueryMachine, QueryResult } from '../../../machines/query/index.js';

/** The snapshot once `queryId` is chosen and the provider has answered `result`. */
export async function answeredQuery(
  machine: QueryMachine,
  input: QueryFlowInput,
  queryId: string,
  result: QueryResult,
) {
  const actor = createActor(
    machine.provide({
      actors: {
        answerQuery: fromPromise<QueryResult, { queryId: string; input: string | null }>(
          async () => result,
        ),
      },
    }),
    { input },
  ).start();
  actor.send({ type: 'CHOOSE_QUERY', queryId });
  await new Promise((r) => setTimeout(r, 0));
  const snapshot = actor.getSnapshot();
  actor.stop();
  return snapshot;
}
