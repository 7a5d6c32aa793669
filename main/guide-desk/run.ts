/**
 * A lobby guide's desk on the command line (`npm run guide-desk -- --help`): the customers'
 * calls for a guide as the branch service holds them (GUIDE_CALL_PATHS in src/contract/guide.ts),
 * listed or watched as they arrive, acknowledged ("on my way": the calling kiosk then tells the
 * customer a guide is coming) and closed. The desk authenticates like a kiosk, with its own
 * credential provisioned on the branch service (`npm run branch-service:kiosks -- add desk-1`).
 *
 * Settings come from options or the environment: --url (BRANCH_SERVICE_URL), --id (DESK_ID),
 * --token (DESK_TOKEN), --guide (GUIDE_NAME, default the id: who answers, shown to colleagues).
 */
import type { GuideCall } from '../../src/contract/guide.js';
import { BranchServiceClient } from '../../src/sync/client.js';
import { parseBranchToolArgs, type BranchToolIo } from '../branch-tool/args.js';
import { branchClockTime } from '../branch-tool/clock.js';

export const GUIDE_DESK_USAGE = `Usage: npm run guide-desk -- [options] <command>

Commands:
  list                 the calls not closed yet, oldest first, with how long each has waited
  watch                list, then print each new call and each change as it happens (Ctrl+C ends)
  ack <callId>         answer a call: "on my way" (the customer's screen says a guide is coming)
  close <callId>       the customer was helped (or had gone): the call leaves the list

Options (or environment):
  --url <url>          branch service, e.g. http://127.0.0.1:8787   (BRANCH_SERVICE_URL)
  --id <id>            this desk's credential id                    (DESK_ID)
  --token <token>      this desk's token                            (DESK_TOKEN)
  --guide <name>       who answers, as colleagues see it            (GUIDE_NAME; default the id)
  --interval <s>       how often watch asks, in seconds (default 2)`;

export interface GuideDeskIo extends BranchToolIo {
  /** Ends `watch` (Ctrl+C in the CLI; tests abort it). */
  readonly signal?: AbortSignal;
}

/** "3m05s" from seconds. */
function waited(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/**
 * One line per call: its state, the kiosk, when it called (branch time) and how long it waited,
 * the reason, and its id.
 */
export function describeCall(call: GuideCall, asOf: string): string {
  const age = waited((Date.parse(asOf) - Date.parse(call.calledAt)) / 1000);
  const state =
    call.state === 'open'
      ? 'OPEN'
      : call.state === 'acknowledged'
        ? `on the way: ${call.acknowledgedBy ?? '?'}`
        : `closed by ${call.closedBy ?? '?'}`;
  const reason = call.reason === null ? '' : ` — ${call.reason}`;
  // The branch's clock time (with the date when not today), not the raw ISO instant.
  const calledAt = branchClockTime(call.calledAt, new Date(asOf));
  return `${state}  kiosk ${call.kioskId}  called ${calledAt} (${age} ago)${reason}  call ${call.callId}`;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

async function watch(client: BranchServiceClient, io: GuideDeskIo, intervalMs: number) {
  const seen = new Map<string, string>();
  for (let first = true; !io.signal?.aborted; first = false) {
    try {
      const list = await client.listGuideCalls();
      const now = new Set<string>();
      for (const call of list.calls) {
        now.add(call.callId);
        const state = `${call.state}/${call.acknowledgedBy ?? ''}`;
        if (seen.get(call.callId) === state) continue;
        const tag = first ? '' : seen.has(call.callId) ? 'changed: ' : 'NEW: ';
        io.out(`${tag}${describeCall(call, list.asOf)}`);
        seen.set(call.callId, state);
      }
      for (const id of [...seen.keys()].filter((id) => !now.has(id))) {
        io.out(`closed: call ${id}`);
        seen.delete(id);
      }
      if (first && list.calls.length === 0) io.out('no open calls; watching');
    } catch (error) {
      io.err(`cannot reach the branch service (${(error as Error).message}); trying again`);
    }
    await sleep(intervalMs, io.signal);
  }
}

/** Runs one command; resolves with the exit status (0 done, 1 the service refused, 2 usage). */
export async function runGuideDeskCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: GuideDeskIo,
  fetchImpl?: typeof fetch,
): Promise<number> {
  const args = parseBranchToolArgs(argv, env, io, {
    usage: GUIDE_DESK_USAGE,
    options: { guide: { type: 'string' }, interval: { type: 'string' } },
    idEnv: 'DESK_ID',
    tokenEnv: 'DESK_TOKEN',
    whose: "this desk's",
  });
  if ('exit' in args) return args.exit;
  const { command, rest, values, connection } = args;
  const guide = values.guide ?? env.GUIDE_NAME ?? connection.kioskId;
  const intervalS = Number(values.interval ?? '2');
  if (!Number.isFinite(intervalS) || intervalS < 0.1 || intervalS > 600) {
    io.err('--interval is in seconds, from 0.1 to 600, e.g. --interval 2');
    return 2;
  }
  const client = new BranchServiceClient({ ...connection, fetch: fetchImpl });
  try {
    switch (command) {
      case 'list': {
        const list = await client.listGuideCalls();
        if (list.calls.length === 0) io.out('no open calls');
        for (const call of list.calls) io.out(describeCall(call, list.asOf));
        return 0;
      }
      case 'watch':
        await watch(client, io, intervalS * 1000);
        return 0;
      case 'ack':
      case 'close': {
        const callId = rest[0];
        if (callId === undefined) {
          io.err(`${command} needs the call id shown by "list"`);
          return 2;
        }
        const call = await client.guideCallUpdate(
          command === 'ack' ? 'acknowledge' : 'close',
          callId,
          guide,
        );
        io.out(`${command}: ${describeCall(call, new Date().toISOString())}`);
        return 0;
      }
      default:
        io.err(`Unknown command "${command}".\n\n${GUIDE_DESK_USAGE}`);
        return 2;
    }
  } catch (error) {
    io.err((error as Error).message);
    return 1;
  }
}
