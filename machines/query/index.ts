/** The query flow as the session registers it: its machine, its view and its menu entry. */
import { registerFlow } from '../flow.js';
import type { QueryMachine } from './machine.js';
import { projectQueryFlow } from './view.js';

export { createQueryMachine } from './machine.js';
export type {
  QueryFlowContext,
  QueryFlowEvent,
  QueryFlowInput,
  QueryMachine,
  ScanReading,
} from './machine.js';
export { answerWith } from './provider.js';
export type {
  LiveTicket,
  QueryAnswer,
  QueryBlock,
  QueryEntry,
  QueryInputKind,
  QueryProvider,
  QueryResult,
  QuerySources,
} from './provider.js';
export {
  BUILT_IN_QUERY_PROVIDERS,
  branchInfoProvider,
  faqProvider,
  myTicketProvider,
  ratesProvider,
  words,
} from './providers.js';
export { queueStatusProvider } from './queue-status.js';
export { projectQueryFlow } from './view.js';

/** Registers the query flow with its effects (the composition root provides them). */
export function queryFlow(logic: QueryMachine) {
  return registerFlow({ id: 'query', logic, menuLabel: 'menu.queries', project: projectQueryFlow });
}
