/**
 * A demo counter on the command line (`npm run counter -- --help`): call the next customer,
 * recall, mark served or a no-show, and show the queues, through the branch service's counter
 * API (NUMBER_PATHS in src/contract/sync.ts). A counter authenticates like a kiosk, with its own
 * credential provisioned on the branch service.
 *
 * Settings come from options or the environment: --url (BRANCH_SERVICE_URL), --id (COUNTER_ID),
 * --token (COUNTER_TOKEN), --window (COUNTER_WINDOW, default the id), --day (today).
 */
import { localDay } from '../../src/domain/local-time.js';
import { BranchServiceClient } from '../../src/sync/client.js';
import type { CounterTicket } from '../../src/contract/numbers.js';
import { parseBranchToolArgs, type BranchToolIo } from '../branch-tool/args.js';

export const COUNTER_USAGE = `Usage: npm run counter -- [options] <command>

Commands:
  next <businessTypeId>...   finish this window's customer (served) and call the next one
  recall <ticketId>          call the ticket at this window again
  served <ticketId>          mark the ticket served
  no-show <ticketId>         mark the ticket a no-show
  status                     waiting, called and served per queue, with the wait estimate

Options (or environment):
  --url <url>        branch service, e.g. http://127.0.0.1:8080   (BRANCH_SERVICE_URL)
  --id <id>          this counter's credential id                 (COUNTER_ID)
  --token <token>    this counter's token                         (COUNTER_TOKEN)
  --window <name>    the window customers are called to           (COUNTER_WINDOW; default the id)
  --day <YYYY-MM-DD> the service day (default today)`;

export type CounterCliIo = BranchToolIo;

const describe = (t: CounterTicket) =>
  `${t.number} (${t.businessTypeId}, ${t.state}${t.issuedOffline ? ', issued offline' : ''}) ` +
  `ticket ${t.ticketId}`;

/** Runs one command; resolves with the exit status. */
export async function runCounterCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CounterCliIo,
  fetchImpl?: typeof fetch,
): Promise<number> {
  const args = parseBranchToolArgs(argv, env, io, {
    usage: COUNTER_USAGE,
    options: { window: { type: 'string' }, day: { type: 'string' } },
    idEnv: 'COUNTER_ID',
    tokenEnv: 'COUNTER_TOKEN',
    whose: "this counter's",
  });
  if ('exit' in args) return args.exit;
  const { command, rest, values, connection } = args;
  const counterId = values.window ?? env.COUNTER_WINDOW ?? connection.kioskId;
  const serviceDay = values.day ?? localDay(new Date());
  const client = new BranchServiceClient({ ...connection, fetch: fetchImpl });
  try {
    switch (command) {
      case 'next': {
        if (rest.length === 0) {
          io.err('next needs the business type ids this window serves, e.g. next personal');
          return 2;
        }
        const answer = await client.counterCallNext({
          counterId,
          businessTypeIds: rest,
          serviceDay,
        });
        if (answer.completed) io.out(`served: ${describe(answer.completed)}`);
        io.out(
          answer.called
            ? `called to ${counterId}: ${describe(answer.called)}`
            : 'nobody is waiting in these queues',
        );
        return 0;
      }
      case 'recall':
      case 'served':
      case 'no-show': {
        const ticketId = rest[0];
        if (ticketId === undefined) {
          io.err(`${command} needs the ticket id printed by "next"`);
          return 2;
        }
        const action = command === 'no-show' ? 'noShow' : command;
        const ticket = await client.counterUpdate(action, { counterId, ticketId });
        io.out(`${command}: ${describe(ticket)}`);
        return 0;
      }
      case 'status': {
        const result = await client.getQueueStatus(serviceDay);
        if (result.status !== 'ok') return 1;
        io.out(`queues on ${result.queueStatus.serviceDay} as of ${result.queueStatus.asOf}`);
        for (const q of result.queueStatus.queues) {
          const wait =
            q.estimatedWaitMinutes === null ? 'unknown' : `${q.estimatedWaitMinutes} min`;
          io.out(
            `${q.businessTypeId}: ${q.waiting} waiting, ${q.called} called, ${q.served} served, ` +
              `wait ${wait}, last called ${q.lastCalledNumber ?? '—'}`,
          );
        }
        return 0;
      }
      default:
        io.err(`Unknown command "${command}".\n\n${COUNTER_USAGE}`);
        return 2;
    }
  } catch (error) {
    io.err((error as Error).message);
    return 1;
  }
}
